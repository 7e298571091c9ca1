import { storageEncryptedWithCmk as policy } from "../../../../../components/catalog/controls/hpg-enc-01/plan";
import { instance } from "../../../../support/policy-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, validateResource } from "../../../../support/policy-harness";

const CMK = "a customer-managed KMS key ARN";

describe("hpg-enc-01-storage-encrypted-cmk", () => {
    it("passes storage and master secret encrypted with a customer-managed key", async () => {
        expect(await validateResource(policy, instance())).toEqual([]);
    });

    it.each([
        ["unencrypted storage", { storageEncrypted: false }, `storageEncrypted is not true; set storageEncrypted: true and kmsKeyId to ${CMK}`],
        ["no kmsKeyId (aws/rds)", { kmsKeyId: undefined }, `kmsKeyId is not set, so RDS uses the AWS-managed aws/rds key; set kmsKeyId to ${CMK}`],
        ["the aws/rds alias", { kmsKeyId: "alias/aws/rds" }, `kmsKeyId is 'alias/aws/rds', an AWS-managed key; set kmsKeyId to ${CMK}`],
        [
            "the aws/rds alias ARN",
            { kmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/rds" },
            `kmsKeyId is 'arn:aws:kms:us-east-1:123456789012:alias/aws/rds', an AWS-managed key; set kmsKeyId to ${CMK}`,
        ],
        [
            "a master secret on the AWS-managed key",
            { masterUserSecretKmsKeyId: undefined },
            `masterUserSecretKmsKeyId is not set, so the master user secret uses the AWS-managed aws/secretsmanager key; set masterUserSecretKmsKeyId to ${CMK}`,
        ],
        [
            "a master secret on the aws/secretsmanager alias",
            { masterUserSecretKmsKeyId: "alias/aws/secretsmanager" },
            `masterUserSecretKmsKeyId is 'alias/aws/secretsmanager', an AWS-managed key; set masterUserSecretKmsKeyId to ${CMK}`,
        ],
    ])("blocks %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, instance(overrides)))).toEqual([`mandatory [HPG-ENC-01] RDS instance 'db': ${expected}`]);
    });

    it("can't run during preview while kmsKeyId is unknown, and still reports what it read before", async () => {
        expect(lines(await validateResource(policy, instance({ kmsKeyId: UNKNOWN.string })))).toEqual([
            cantRunDuringPreview("hpg-enc-01-storage-encrypted-cmk", "string value at .kmsKeyId"),
        ]);
        expect(lines(await validateResource(policy, instance({ storageEncrypted: false, kmsKeyId: UNKNOWN.string })))).toEqual([
            `mandatory [HPG-ENC-01] RDS instance 'db': storageEncrypted is not true; set storageEncrypted: true and kmsKeyId to ${CMK}`,
            cantRunDuringPreview("hpg-enc-01-storage-encrypted-cmk", "string value at .kmsKeyId"),
        ]);
    });

    it("does not judge other engines", async () => {
        expect(await validateResource(policy, instance({ engine: "mysql", storageEncrypted: false }))).toEqual([]);
    });

    it("leaves a read replica's key to hpg-enc-01-replica-encrypted-cmk: CreateDBInstanceReadReplica takes no StorageEncrypted", async () => {
        expect(await validateResource(policy, instance({ replicateSourceDb: "db-0", storageEncrypted: undefined, kmsKeyId: undefined, manageMasterUserPassword: undefined }))).toEqual([]);
    });
});
