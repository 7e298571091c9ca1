import { clusterPolicy } from "../../kit/plan/rds-cluster";
import { isAwsManagedKeyAlias } from "../../kit/plan/rds-instance";
import { control } from "./control";

const CMK = "a customer-managed KMS key ARN";

/** HPG-ENC-01 on clusters: an Aurora PostgreSQL or Multi-AZ DB cluster's storage and master secret are on a customer-managed key. */
export const clusterEncryptedWithCmk = clusterPolicy({
    control,
    name: "hpg-enc-01-cluster-encrypted-cmk",
    judges: "`aws.rds.Cluster`: `storageEncrypted` (unset = false for provisioned clusters), `kmsKeyId` set and not `alias/aws/…`; master secret key when `manageMasterUserPassword`",
    cluster: (cluster, _args, report) => {
        // aws.rds.ClusterArgs.storageEncrypted: "The default is false for provisioned engineMode".
        if (cluster.storageEncrypted !== true) {
            report("storageEncrypted is not true", `set storageEncrypted: true and kmsKeyId to ${CMK}`);
        }
        const kmsKeyId = cluster.kmsKeyId;
        if (kmsKeyId === undefined || kmsKeyId === "") {
            report("kmsKeyId is not set, so RDS uses the AWS-managed aws/rds key", `set kmsKeyId to ${CMK}`);
        } else if (isAwsManagedKeyAlias(kmsKeyId)) {
            report(`kmsKeyId is '${kmsKeyId}', an AWS-managed key`, `set kmsKeyId to ${CMK}`);
        }
        if (cluster.manageMasterUserPassword === true) {
            const secretKey = cluster.masterUserSecretKmsKeyId;
            if (secretKey === undefined || secretKey === "") {
                report("masterUserSecretKmsKeyId is not set, so the master user secret uses the AWS-managed aws/secretsmanager key", `set masterUserSecretKmsKeyId to ${CMK}`);
            } else if (isAwsManagedKeyAlias(secretKey)) {
                report(`masterUserSecretKmsKeyId is '${secretKey}', an AWS-managed key`, `set masterUserSecretKmsKeyId to ${CMK}`);
            }
        }
    },
});
