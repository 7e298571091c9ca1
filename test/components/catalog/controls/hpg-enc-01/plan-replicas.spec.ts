import * as aws from "@pulumi/aws";
import { replicaEncryptedWithCmk as policy } from "../../../../../components/catalog/controls/hpg-enc-01/plan-replicas";
import { AnalyzedResource } from "../../../../../policies/offline-check/evaluate";
import { InstanceInputs, instance } from "../../../../support/policy-fixtures";
import { ResourceExtras, lines, resource, validateStack } from "../../../../support/policy-harness";

const FIX = "set kmsKeyId to a customer-managed KMS key ARN in the replica's region";
const WEST_KEY = "arn:aws:kms:us-west-2:123456789012:key/0ff11e00-0000-4000-8000-000000000002";
const SOURCE_ARN = "arn:aws:rds:us-east-1:123456789012:db:db-1";

const provider = (name: string, region?: string) => resource("pulumi:providers:aws", name, region !== undefined ? { region } : {});
const replica = (props: Partial<InstanceInputs>, extras: ResourceExtras = {}): AnalyzedResource =>
    resource(aws.rds.Instance, "replica", { identifier: "db-1-replica", instanceClass: "db.t4g.medium", replicateSourceDb: "db-1", ...props }, extras);
const blocked = (problem: string) => [`mandatory [HPG-ENC-01] RDS instance 'replica': ${problem}; ${FIX}`];

describe("hpg-enc-01-replica-encrypted-cmk", () => {
    it("passes a same-region replica without kmsKeyId: it inherits its source's key", async () => {
        expect(await validateStack(policy, [instance(), replica({})])).toEqual([]);
        expect(await validateStack(policy, [replica({ region: "us-east-1", replicateSourceDb: SOURCE_ARN })])).toEqual([]);
        const source = instance();
        expect(await validateStack(policy, [source, replica({ replicateSourceDb: SOURCE_ARN }, { propertyDependencies: { replicateSourceDb: [source] } })])).toEqual([]);
    });

    it("passes a same-region replica named by identifier even when its source is not in the stack (RDS needs an ARN across regions)", async () => {
        expect(await validateStack(policy, [replica({ replicateSourceDb: "orders-primary" })])).toEqual([]);
    });

    it("passes a cross-region replica on a customer-managed key of its region", async () => {
        expect(await validateStack(policy, [instance(), replica({ region: "us-west-2", replicateSourceDb: SOURCE_ARN, kmsKeyId: WEST_KEY })])).toEqual([]);
    });

    it("passes a stack without replicas", async () => {
        expect(await validateStack(policy, [instance({ kmsKeyId: undefined })])).toEqual([]);
    });

    it.each([
        ["without kmsKeyId", undefined, "it is in another region than its source and kmsKeyId is not set, so the replica is not on a customer-managed key"],
        ["with an empty kmsKeyId", "", "it is in another region than its source and kmsKeyId is not set, so the replica is not on a customer-managed key"],
        ["on the aws/rds alias", "alias/aws/rds", "it is in another region than its source and kmsKeyId is 'alias/aws/rds', an AWS-managed key"],
    ])("blocks a cross-region replica (ARN of another region) %s", async (_case, kmsKeyId, problem) => {
        expect(lines(await validateStack(policy, [replica({ region: "us-west-2", replicateSourceDb: SOURCE_ARN, kmsKeyId })]))).toEqual(blocked(problem));
    });

    it("blocks a replica whose provider is in another region than its declared source's, whatever region the ARN names", async () => {
        const east = provider("east", "us-east-1");
        const west = provider("west", "us-west-2");
        const source = instance({}, { provider: east });
        // A mocked ARN names the mock's region: the declared source's provider decides.
        const subject = replica({ replicateSourceDb: "arn:aws:rds:us-west-2:123456789012:db:db-1" }, { provider: west, propertyDependencies: { replicateSourceDb: [source] } });
        expect(lines(await validateStack(policy, [source, subject]))).toEqual(
            blocked("it is in another region than its source and kmsKeyId is not set, so the replica is not on a customer-managed key"),
        );
    });

    it("blocks a replica of an ARN source whose own region the pack can't see, until it has a key", async () => {
        const fromEnvironment = provider("default");
        expect(lines(await validateStack(policy, [replica({ replicateSourceDb: SOURCE_ARN }, { provider: fromEnvironment })]))).toEqual(
            blocked(
                "its source is given as an ARN and the pack can't tell whether it is in the replica's region (the region its provider takes from the environment (which the pack can't see)) and kmsKeyId is not set, so the replica is not on a customer-managed key",
            ),
        );
        expect(await validateStack(policy, [replica({ replicateSourceDb: SOURCE_ARN, kmsKeyId: WEST_KEY }, { provider: fromEnvironment })])).toEqual([]);
    });

    it("does not judge an Aurora member or another engine", async () => {
        expect(await validateStack(policy, [replica({ engine: "mysql", region: "us-west-2", replicateSourceDb: SOURCE_ARN })])).toEqual([]);
    });
});
