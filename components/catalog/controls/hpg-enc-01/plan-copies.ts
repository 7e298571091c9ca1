import * as aws from "@pulumi/aws";
import { ReportViolation, ResourceValidationArgs, validateResourceOfType } from "@pulumi/policy";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { isAwsManagedKeyAlias } from "../../kit/plan/rds-instance";
import { control } from "./control";

const FIX = "set kmsKeyId to a customer-managed KMS key ARN";

/** Reports a copy whose kmsKeyId is missing, empty or an AWS-managed alias; `unset` says what RDS does without one. */
function judgeCopyKey(kind: string, kmsKeyId: string | undefined, unset: string, args: ResourceValidationArgs, reportViolation: ReportViolation): void {
    if (kmsKeyId === undefined || kmsKeyId === "") {
        reportViolation(violation(control.id, kind, args.name, `kmsKeyId is not set, so ${unset}`, FIX));
    } else if (isAwsManagedKeyAlias(kmsKeyId)) {
        reportViolation(violation(control.id, kind, args.name, `kmsKeyId is '${kmsKeyId}', an AWS-managed key`, FIX));
    }
}

/** HPG-ENC-01: copies of the database's data (cross-region backups, snapshot copies, S3 exports) stay on a customer-managed key. */
export const copiesEncryptedWithCmk: ControlPolicy = {
    name: "hpg-enc-01-copies-encrypted-cmk",
    judges: "`aws.rds.InstanceAutomatedBackupsReplication`, `SnapshotCopy`, `ExportTask`: `kmsKeyId` set and not `alias/aws/…`",
    ...controlMetadata(control),
    validateResource: [
        validateResourceOfType(aws.rds.InstanceAutomatedBackupsReplication, (r, args, report) =>
            // StartDBInstanceAutomatedBackupsReplication: the key is in the destination region; without it the replica is not on a key the customer controls.
            judgeCopyKey("automated backups replication", r.kmsKeyId, "the replicated backups are not on a customer-managed key", args, report),
        ),
        validateResourceOfType(aws.rds.SnapshotCopy, (s, args, report) =>
            // CopyDBSnapshot without KmsKeyId keeps the source's key (possibly aws/rds), or none for an unencrypted source.
            judgeCopyKey("DB snapshot copy", s.kmsKeyId, "the copy keeps the source snapshot's key, or none", args, report),
        ),
        validateResourceOfType(aws.rds.ExportTask, (t, args, report) =>
            // StartExportTask requires KmsKeyId; the exported Parquet files in S3 are encrypted with it.
            judgeCopyKey("snapshot export task", t.kmsKeyId, "the export has no key", args, report),
        ),
    ],
};
