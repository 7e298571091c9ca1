import { instancePolicy, isAwsManagedKeyAlias, isReadReplica } from "../../kit/plan/rds-instance";
import { control } from "./control";

const CMK = "a customer-managed KMS key ARN";

/** HPG-ENC-01: storage and the master user secret are encrypted with a customer-managed key, never an AWS-managed one. */
export const storageEncryptedWithCmk = instancePolicy({
    control,
    name: "hpg-enc-01-storage-encrypted-cmk",
    judges: "instance: `storageEncrypted`, `kmsKeyId` set and not `alias/aws/…`; master secret key when `manageMasterUserPassword`",
    // CreateDBInstance StorageEncrypted, KmsKeyId, ManageMasterUserPassword: managed by an Aurora member's cluster.
    auroraMember: "cluster-level",
    validate: (instance, args, report) => {
        // CreateDBInstanceReadReplica takes no StorageEncrypted nor master user: a replica's key is judged by hpg-enc-01-replica-encrypted-cmk.
        if (isReadReplica(instance)) {
            args.notApplicable("a read replica's encryption is its source's, or its own kmsKeyId in another region (hpg-enc-01-replica-encrypted-cmk)");
        }
        if (instance.storageEncrypted !== true) {
            report("storageEncrypted is not true", `set storageEncrypted: true and kmsKeyId to ${CMK}`);
        }
        const kmsKeyId = instance.kmsKeyId;
        if (kmsKeyId === undefined || kmsKeyId === "") {
            // Without kmsKeyId RDS encrypts with the AWS-managed aws/rds key, which the customer can neither rotate nor restrict.
            report("kmsKeyId is not set, so RDS uses the AWS-managed aws/rds key", `set kmsKeyId to ${CMK}`);
        } else if (isAwsManagedKeyAlias(kmsKeyId)) {
            report(`kmsKeyId is '${kmsKeyId}', an AWS-managed key`, `set kmsKeyId to ${CMK}`);
        }
        if (instance.manageMasterUserPassword === true) {
            const secretKey = instance.masterUserSecretKmsKeyId;
            if (secretKey === undefined || secretKey === "") {
                report("masterUserSecretKmsKeyId is not set, so the master user secret uses the AWS-managed aws/secretsmanager key", `set masterUserSecretKmsKeyId to ${CMK}`);
            } else if (isAwsManagedKeyAlias(secretKey)) {
                report(`masterUserSecretKmsKeyId is '${secretKey}', an AWS-managed key`, `set masterUserSecretKmsKeyId to ${CMK}`);
            }
        }
    },
});
