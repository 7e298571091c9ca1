import { clusterEncryptedWithCmk as policy } from "../../../../../components/catalog/controls/hpg-enc-01/plan-cluster";
import { auroraCluster, clusterInstance, multiAzCluster } from "../../../../support/cluster-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, validateResource } from "../../../../support/policy-harness";

const CMK = "a customer-managed KMS key ARN";

describe("hpg-enc-01-cluster-encrypted-cmk", () => {
    it("passes an Aurora PostgreSQL cluster and its member, and a Multi-AZ DB cluster, on a customer-managed key", async () => {
        expect(await validateResource(policy, auroraCluster())).toEqual([]);
        expect(await validateResource(policy, clusterInstance())).toEqual([]);
        expect(await validateResource(policy, multiAzCluster())).toEqual([]);
    });

    it.each([
        ["unencrypted storage", { storageEncrypted: false }, `storageEncrypted is not true; set storageEncrypted: true and kmsKeyId to ${CMK}`],
        ["storageEncrypted unset (false for a provisioned cluster)", { storageEncrypted: undefined }, `storageEncrypted is not true; set storageEncrypted: true and kmsKeyId to ${CMK}`],
        ["no kmsKeyId (aws/rds)", { kmsKeyId: undefined }, `kmsKeyId is not set, so RDS uses the AWS-managed aws/rds key; set kmsKeyId to ${CMK}`],
        ["the aws/rds alias", { kmsKeyId: "alias/aws/rds" }, `kmsKeyId is 'alias/aws/rds', an AWS-managed key; set kmsKeyId to ${CMK}`],
        [
            "a master secret on the AWS-managed key",
            { masterUserSecretKmsKeyId: undefined },
            `masterUserSecretKmsKeyId is not set, so the master user secret uses the AWS-managed aws/secretsmanager key; set masterUserSecretKmsKeyId to ${CMK}`,
        ],
        [
            "a master secret on the aws/secretsmanager alias ARN",
            { masterUserSecretKmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/secretsmanager" },
            `masterUserSecretKmsKeyId is 'arn:aws:kms:us-east-1:123456789012:alias/aws/secretsmanager', an AWS-managed key; set masterUserSecretKmsKeyId to ${CMK}`,
        ],
    ])("blocks an Aurora cluster with %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, auroraCluster(overrides)))).toEqual([`mandatory [HPG-ENC-01] RDS cluster 'cluster': ${expected}`]);
    });

    it("blocks a Multi-AZ DB cluster (engine Postgres, any case) on the AWS-managed key", async () => {
        expect(lines(await validateResource(policy, multiAzCluster({ engine: "Postgres", kmsKeyId: undefined })))).toEqual([
            `mandatory [HPG-ENC-01] RDS cluster 'cluster': kmsKeyId is not set, so RDS uses the AWS-managed aws/rds key; set kmsKeyId to ${CMK}`,
        ]);
    });

    it("can't run during preview while kmsKeyId is unknown", async () => {
        expect(lines(await validateResource(policy, auroraCluster({ kmsKeyId: UNKNOWN.string })))).toEqual([
            cantRunDuringPreview("hpg-enc-01-cluster-encrypted-cmk", "string value at .kmsKeyId"),
        ]);
    });

    it("does not judge other engines", async () => {
        expect(await validateResource(policy, auroraCluster({ engine: "aurora-mysql", storageEncrypted: false }))).toEqual([]);
    });
});
