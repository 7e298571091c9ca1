import { defineControl } from "../../control";
import { MAX_BACKUP_RETENTION_DAYS, postureMinimumText } from "../../facts/postures";

/** HPG-BAK-01: Backups kept. */
export const control = defineControl({
    id: "HPG-BAK-01",
    title: "Backups kept",
    requirement: `Automated backups are kept at least as long as the posture requires (${postureMinimumText((p) => p.minBackupRetentionDays)}).`,
    frameworks: { "SOC 2": ["A1.2"], HIPAA: ["164.308(a)(7)(ii)(A)"], "PCI DSS 4.0": ["12.10.1"], "NIST 800-53 r5": ["CP-9"] },
    severity: "high",
    enforcement: "mandatory",
    settings: [`backupRetentionPeriod >= posture minimum (max ${MAX_BACKUP_RETENTION_DAYS})`],
    docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html"],
});
