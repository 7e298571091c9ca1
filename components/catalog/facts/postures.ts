import { Posture } from "./types";

/** What a posture requires of a database. */
export interface PostureProfile {
    posture: Posture;
    /** Minimum CloudWatch log retention (HPG-LOG-02). */
    minLogRetentionDays: number;
    /** Minimum automated backup retention (HPG-BAK-01). */
    minBackupRetentionDays: number;
    /** Multi-AZ standby required (HPG-AVL-01). */
    multiAzRequired: boolean;
    /** Default `data-classification` tag for the posture. */
    dataClassification: DataClassification;
    /** Minimum Object Lock (COMPLIANCE) retention of the S3 audit archive (HPG-AUD-06). */
    minAuditArchiveRetentionDays: number;
}

/** Data classification tag values. */
export type DataClassification = "confidential" | "phi" | "pci" | "pii" | "internal";
export const DATA_CLASSIFICATIONS: readonly DataClassification[] = ["confidential", "phi", "pci", "pii", "internal"];

// FedRAMP is not a posture here: OMB M-21-31 asks for 12 months of active storage and 18 more of cold storage (30 months,
// 913 days); a FedRAMP system sets archive.retentionDays to at least that itself.
export const POSTURE_PROFILES: Readonly<Record<Posture, PostureProfile>> = {
    // SOC 2 CC7.2 evidence must cover the audit period (typically 12 months); the archive keeps the same year.
    soc2: { posture: "soc2", minLogRetentionDays: 365, minBackupRetentionDays: 7, multiAzRequired: false, dataClassification: "confidential", minAuditArchiveRetentionDays: 365 },
    // HIPAA §164.308(a)(7) contingency plan: longest automated backup RDS offers, and a standby.
    // 45 CFR 164.316(b)(2)(i) keeps required documentation six years: the archive is locked 2192 days (six years with leap days).
    hipaa: { posture: "hipaa", minLogRetentionDays: 365, minBackupRetentionDays: 35, multiAzRequired: true, dataClassification: "phi", minAuditArchiveRetentionDays: 2192 },
    // PCI DSS 10.5.1 keeps audit logs at least 12 months (three immediately available): the archive keeps the 12 months.
    pci: { posture: "pci", minLogRetentionDays: 365, minBackupRetentionDays: 35, multiAzRequired: true, dataClassification: "pci", minAuditArchiveRetentionDays: 365 },
};

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy); 0 means never expire. */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** RDS allows at most 35 days of automated backups. */
export const MAX_BACKUP_RETENTION_DAYS = 35;

/** Log types RDS PostgreSQL exports to CloudWatch, all of which the catalog requires (HPG-LOG-01). */
export const REQUIRED_LOG_EXPORTS: readonly string[] = ["postgresql", "upgrade"];

/** RDS creates this log group itself, never-expiring and unencrypted, unless it exists first (HPG-LOG-04). */
export function rdsLogGroupName(identifier: string, logType: string): string {
    return `/aws/rds/instance/${identifier}/${logType}`;
}

/** Current RDS certificate authorities (rds-ca-2019 expired in 2024). */
export const CURRENT_RDS_CAS: readonly string[] = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"];
/** The CA the component uses: RSA-2048 is what every client library supports. */
export const DEFAULT_RDS_CA = "rds-ca-rsa2048-g1";


/** Every log group RDS writes to starts with this (HPG-LOG-02 and HPG-LOG-03 judge these groups). */
export const RDS_LOG_GROUP_PREFIX = "/aws/rds/";
/**
 * The log group RDS writes Enhanced Monitoring's OS metrics to: one per account and region, shared by every instance
 * ("Viewing OS metrics using CloudWatch Logs", Amazon RDS User Guide). RDS creates it itself, unencrypted, if absent;
 * declared, it is judged like the instances' own groups (HPG-LOG-02, HPG-LOG-03).
 */
export const ENHANCED_MONITORING_LOG_GROUP = "RDSOSMetrics";

/** How each posture is named in prose. */
export const POSTURE_TITLES: Readonly<Record<Posture, string>> = { soc2: "SOC 2", hipaa: "HIPAA", pci: "PCI" };

/**
 * A posture minimum in words, from the profiles: "365 days" when every posture agrees, else grouped by value,
 * e.g. "7 days for SOC 2, 35 for HIPAA and PCI". Control requirements use it so the prose can't drift from the numbers.
 */
export function postureMinimumText(pick: (profile: PostureProfile) => number): string {
    const groups = new Map<number, string[]>();
    for (const profile of Object.values(POSTURE_PROFILES)) {
        groups.set(pick(profile), [...(groups.get(pick(profile)) ?? []), POSTURE_TITLES[profile.posture]]);
    }
    const entries = [...groups].sort(([a], [b]) => a - b);
    if (entries.length === 1) {
        return `${entries[0][0]} days`;
    }
    const and = (names: string[]) => (names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`);
    return entries.map(([days, names], i) => `${days}${i === 0 ? " days" : ""} for ${and(names)}`).join(", ");
}
