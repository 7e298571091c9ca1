import { defineControl } from "../../control";

/** HPG-BAK-03: Snapshots never public. */
export const control = defineControl({
    id: "HPG-BAK-03",
    title: "Snapshots never public",
    requirement: "No DB or cluster snapshot, nor a copy of one, is shared with every AWS account; a snapshot is shared only with named account ids.",
    frameworks: { "SOC 2": ["CC6.1", "C1.1"], HIPAA: ["164.312(a)(1)", "164.308(a)(4)"], "PCI DSS 4.0": ["7.2.1"], "NIST 800-53 r5": ["AC-3", "AC-21"] },
    severity: "critical",
    enforcement: "mandatory",
    settings: ["aws.rds.Snapshot, ClusterSnapshot, SnapshotCopy and ClusterSnapshotCopy: sharedAccounts never includes 'all'"],
    docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html"],
});
