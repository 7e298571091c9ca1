import * as aws from "@pulumi/aws";
import { ReportViolation, ResourceValidationArgs, validateResourceOfType } from "@pulumi/policy";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { control } from "./control";

/** The account list value that makes an RDS snapshot public (ModifyDBSnapshotAttribute `restore` = `all`). */
const EVERY_ACCOUNT = "all";

/** Reports a share with every account; compared case-insensitively, so no spelling slips through. */
function judgeShares(kind: string, sharedAccounts: string[] | undefined, args: ResourceValidationArgs, reportViolation: ReportViolation): void {
    if (sharedAccounts === undefined || sharedAccounts.length === 0) {
        return args.notApplicable("the snapshot is not shared");
    }
    if (sharedAccounts.some((account) => account.trim().toLowerCase() === EVERY_ACCOUNT)) {
        reportViolation(
            violation(control.id, kind, args.name, `sharedAccounts includes '${EVERY_ACCOUNT}', so every AWS account can copy and restore its data`, "share it with named account ids only"),
        );
    }
}

/** HPG-BAK-03: DB and cluster snapshots, and copies of them, are never shared with every AWS account. */
export const snapshotsNotPublic: ControlPolicy = {
    name: "hpg-bak-03-snapshots-not-public",
    judges: "`aws.rds.Snapshot`, `ClusterSnapshot`, `SnapshotCopy`, `ClusterSnapshotCopy`: `sharedAccounts` never includes `all`",
    ...controlMetadata(control),
    validateResource: [
        validateResourceOfType(aws.rds.Snapshot, (s, args, report) => judgeShares("DB snapshot", s.sharedAccounts, args, report)),
        validateResourceOfType(aws.rds.ClusterSnapshot, (s, args, report) => judgeShares("cluster snapshot", s.sharedAccounts, args, report)),
        validateResourceOfType(aws.rds.SnapshotCopy, (s, args, report) => judgeShares("DB snapshot copy", s.sharedAccounts, args, report)),
        validateResourceOfType(aws.rds.ClusterSnapshotCopy, (s, args, report) => judgeShares("cluster snapshot copy", s.sharedAccounts, args, report)),
    ],
};
