import * as pulumi from "@pulumi/pulumi";
import { createEncryptionKey } from "../../../components/hardened-postgres/encryption-key";
import { DEFAULT_MOCK_CLOUD, mockCall } from "../../../policies/offline-check/mock-cloud";

// A deployer in an assumed-role session: the key policy must name its role, which outlives the session.
const SESSION_ARN = "arn:aws:sts::123456789012:assumed-role/ci-deployer/github-run-42";
const ROLE_ARN = "arn:aws:iam::123456789012:role/ci-deployer";
const sessionContextInputs: Record<string, unknown>[] = [];
const policies: string[] = [];

pulumi.runtime.setMocks(
    {
        newResource: (args) => {
            if (args.type === "aws:kms/key:Key") {
                policies.push(args.inputs.policy);
            }
            return { id: `${args.name}-id`, state: { ...args.inputs, arn: `arn:aws:kms:us-east-1:123456789012:key/${args.name}` } };
        },
        call: (args) => {
            if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
                return { id: "123456789012", accountId: "123456789012", arn: SESSION_ARN, userId: "AROAEXAMPLE:github-run-42" };
            }
            if (args.token === "aws:iam/getSessionContext:getSessionContext") {
                // As the provider answers for an assumed-role session (iam/getSessionContext.d.ts).
                sessionContextInputs.push(args.inputs);
                return { id: SESSION_ARN, arn: SESSION_ARN, issuerArn: ROLE_ARN, issuerId: "AROAEXAMPLE", issuerName: "ci-deployer", sessionName: "github-run-42" };
            }
            return mockCall(DEFAULT_MOCK_CLOUD, args);
        },
    },
    "hardened-postgres",
    "test",
);

describe("the created key's deploying principal", () => {
    it("resolves the caller's assumed-role session to its IAM role with getSessionContext, and names the role, not the session", async () => {
        const parent = new pulumi.ComponentResource("test:index:Parent", "orders", {});
        const key = createEncryptionKey(
            "orders",
            { identifier: "orders-db", keyUserArns: [], retainOnDelete: true, tags: {}, dataClassification: "phi", posture: "hipaa", optOuts: {} },
            parent,
        );
        await new Promise((resolve) => key.key!.urn.apply(resolve));
        for (let i = 0; i < 50 && policies.length === 0; i++) {
            await new Promise((r) => setTimeout(r, 5));
        }
        expect(sessionContextInputs).toEqual([{ arn: SESSION_ARN }]);
        const statement = JSON.parse(policies[0]).Statement.find((s: { Sid: string }) => s.Sid === "NamedPrincipalsUseKeyThroughRdsAndSecretsManager");
        expect(statement.Principal).toEqual({ AWS: [ROLE_ARN] });
        expect(policies[0]).not.toContain(SESSION_ARN);
    });
});
