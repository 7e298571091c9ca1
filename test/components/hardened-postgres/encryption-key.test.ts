import * as pulumi from "@pulumi/pulumi";
import { createEncryptionKey, EncryptionKeySettings } from "../../../components/hardened-postgres/encryption-key";
import { keyPolicyDocument } from "../../../components/hardened-postgres/key-policy";
import { MOCK_ACCOUNT, MOCK_REGION, PulumiRecorder, unhandledErrorsDuring, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

const settings = (name: string, more: Partial<EncryptionKeySettings> = {}): EncryptionKeySettings => ({
    identifier: name,
    keyUserArns: [],
    retainOnDelete: true,
    tags: { team: "data" },
    dataClassification: "phi",
    posture: "hipaa",
    optOuts: {},
    ...more,
});
/** The mock caller (an IAM user), which getSessionContext passes through unchanged. */
const DEPLOYER = `arn:aws:iam::${MOCK_ACCOUNT}:user/offline-check`;
const APP_ROLE = `arn:aws:iam::${MOCK_ACCOUNT}:role/orders-app`;
const ALLOWED =
    "allowed: a customer-managed key's key ARN, arn:<partition>:kms:<region>:<account>:key/<key-id> (key id a UUID, or mrk- and 32 hex digits for a multi-Region key), or omit it to create one";
const TAGS = { team: "data", "data-classification": "phi", "compliance-posture": "hipaa", "managed-by": "hardened-postgres" };

function parentNamed(name: string): pulumi.ComponentResource {
    return new pulumi.ComponentResource("test:index:Parent", name, {}, { transformations: [recorder.captureOptions] });
}

/** How an Output settled: its value, or the error it failed with (Output hides its promise from the public API). */
async function settled<T>(output: pulumi.Output<T>): Promise<{ value?: T; error?: unknown }> {
    return (output as unknown as { promise(): Promise<T> }).promise().then(
        (value) => ({ value }),
        (error) => ({ error }),
    );
}

describe("createEncryptionKey", () => {
    it("creates a key with yearly rotation, a 30-day deletion window and the scoped policy, retained on delete, with an alias", async () => {
        const key = createEncryptionKey("orders", settings("orders-db"), parentNamed("orders"));
        expect(await valueOf(key.keyArn)).toBe(`arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT}:key/orders-key-key-id`);
        await recorder.settle();
        const recorded = recorder.one("aws:kms/key:Key", "orders-key");
        expect(recorded.inputs).toEqual({
            description: "hardened-postgres orders-db: storage, snapshots, logs, Performance Insights and master secret",
            enableKeyRotation: true,
            rotationPeriodInDays: 365,
            deletionWindowInDays: 30,
            policy: keyPolicyDocument(
                { accountId: MOCK_ACCOUNT, region: MOCK_REGION, partition: "aws", dnsSuffix: "amazonaws.com", identifier: "orders-db" },
                { deployerArn: DEPLOYER, keyUserArns: [] },
            ),
            tags: TAGS,
        });
        expect(recorded.opts?.retainOnDelete).toBe(true);
        expect(recorder.one("aws:kms/alias:Alias", "orders-key-alias").inputs).toEqual({ name: "alias/hardened-postgres/orders-db", targetKeyId: "orders-key-key-id" });
    });

    it("lets the key be deleted with the stack when retainOnDelete is false", async () => {
        createEncryptionKey("ci", settings("ci-db", { retainOnDelete: false }), parentNamed("ci"));
        await recorder.settle();
        expect(recorder.one("aws:kms/key:Key", "ci-key").opts?.retainOnDelete).toBe(false);
    });

    it("writes the exact policy: the deploying principal and the key users use the key only through RDS and Secrets Manager, and no principal is '*'", async () => {
        createEncryptionKey("named", settings("named-db", { keyUserArns: [APP_ROLE] }), parentNamed("named"));
        await recorder.settle();
        expect(JSON.parse(recorder.one("aws:kms/key:Key", "named-key").inputs.policy)).toEqual({
            Version: "2012-10-17",
            Statement: [
                { Sid: "AccountAdministersKeyThroughIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "NamedPrincipalsUseKeyThroughRdsAndSecretsManager",
                    Effect: "Allow",
                    Principal: { AWS: [DEPLOYER, APP_ROLE] },
                    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:ListGrants", "kms:DescribeKey"],
                    Resource: "*",
                    Condition: { StringEquals: { "kms:ViaService": [`rds.${MOCK_REGION}.amazonaws.com`, `secretsmanager.${MOCK_REGION}.amazonaws.com`] } },
                },
                {
                    Sid: "CloudWatchLogsUseKeyForThisInstancesLogGroups",
                    Effect: "Allow",
                    Principal: { Service: `logs.${MOCK_REGION}.amazonaws.com` },
                    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                    Resource: "*",
                    Condition: {
                        ArnLike: {
                            "kms:EncryptionContext:aws:logs:arn": [
                                `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:/aws/rds/instance/named-db/*`,
                                `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:/aws/kinesisfirehose/named-db-audit`,
                                `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:RDSOSMetrics`,
                            ],
                        },
                    },
                },
                {
                    Sid: "CloudWatchAlarmsPublishToTheEncryptedAlarmTopic",
                    Effect: "Allow",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                    Resource: "*",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT },
                        ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${MOCK_REGION}:${MOCK_ACCOUNT}:alarm:named-db-audit-*` },
                    },
                },
            ],
        });
        expect(recorder.one("aws:kms/key:Key", "named-key").inputs.policy).not.toContain('"AWS":"*"');
    });

    it("adopts an existing customer-managed key, plain or from an Output, and creates no KMS resource", async () => {
        const arn = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const plain = createEncryptionKey("byok", settings("byok-db", { kmsKeyArn: arn }), parentNamed("byok"));
        const later = createEncryptionKey("byok-later", settings("byok-later-db", { kmsKeyArn: pulumi.output(Promise.resolve(arn)) }), parentNamed("byok-later"));
        expect([await valueOf(plain.keyArn), await valueOf(later.keyArn)]).toEqual([arn, arn]);
        expect([plain.key, plain.alias, later.key, later.alias]).toEqual([undefined, undefined, undefined, undefined]);
        await recorder.settle();
        expect(recorder.resources.filter((r) => r.name.startsWith("byok") && r.type.startsWith("aws:kms/"))).toEqual([]);
    });

    it("fails the key ARN with a ResourceError when an Output resolves to an AWS-managed key (HPG-ENC-01)", async () => {
        const arn = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT}:alias/aws/rds`;
        let outcome: { value?: string; error?: unknown } = {};
        const unhandled = await unhandledErrorsDuring(async () => {
            const key = createEncryptionKey("managed", settings("managed-db", { kmsKeyArn: pulumi.output(Promise.resolve(arn)) }), parentNamed("managed"));
            outcome = await settled(key.keyArn);
        });
        expect(outcome.value).toBeUndefined();
        expect(outcome.error).toBeInstanceOf(pulumi.ResourceError);
        expect((outcome.error as pulumi.ResourceError).message).toBe(
            [
                "hardened-postgres 'managed' has invalid arguments:",
                `  [kmsKeyArn] '${arn}' is an AWS-managed key (HPG-ENC-01); ${ALLOWED}`,
            ].join("\n"),
        );
        expect((outcome.error as pulumi.ResourceError).hideStack).toBe(true);
        // What Pulumi's own handler would report: this one error, however many promises carry it.
        expect(unhandled).toHaveLength(1);
        expect(unhandled[0]).toBe(outcome.error);
    });

    /** The one error a key ARN fails with at deployment, as Pulumi's handler would report it. */
    async function deploymentError(name: string, kmsKeyArn: pulumi.Input<string>): Promise<string> {
        let outcome: { value?: string; error?: unknown } = {};
        const unhandled = await unhandledErrorsDuring(async () => {
            outcome = await settled(createEncryptionKey(name, settings(`${name}-db`, { kmsKeyArn }), parentNamed(name)).keyArn);
        });
        expect(outcome.value).toBeUndefined();
        expect(outcome.error).toBeInstanceOf(pulumi.ResourceError);
        expect(unhandled).toEqual([outcome.error]);
        return (outcome.error as pulumi.ResourceError).message;
    }

    it("fails an Output that resolves to an alias ARN at deployment: RDS reports the key ARN, so protect would block the standing replace diff", async () => {
        const arn = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT}:alias/orders`;
        expect(await deploymentError("aliased", pulumi.output(Promise.resolve(arn)))).toBe(
            [
                "hardened-postgres 'aliased' has invalid arguments:",
                `  [kmsKeyArn] '${arn}' is a key alias, not its key ARN: RDS reports the key ARN it resolves to, so the instance would show a standing replace diff that protect then blocks; ${ALLOWED}`,
            ].join("\n"),
        );
    });

    it("fails a key ARN in another region at deployment, plain or from an Output: RDS needs a key in the instance's region", async () => {
        const arn = `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const message = (name: string) =>
            [
                `hardened-postgres '${name}' has invalid arguments:`,
                `  [kmsKeyArn] '${arn}' is a key in eu-west-1, but the instance is created in ${MOCK_REGION} and RDS needs a key in its own region; allowed: a key ARN in ${MOCK_REGION}, or omit it to create one`,
            ].join("\n");
        expect(await deploymentError("elsewhere", arn)).toBe(message("elsewhere"));
        expect(await deploymentError("elsewhere-later", pulumi.output(Promise.resolve(arn)))).toBe(message("elsewhere-later"));
    });
});
