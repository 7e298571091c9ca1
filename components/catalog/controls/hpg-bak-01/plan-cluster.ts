import { RESOURCE_DEFAULTS, judgedValue, unconfirmedDefaultFinding } from "../../facts/resource-defaults";
import { configSchema, configWithDefaults, POSTURE_CONFIG_PROPERTY } from "../../kit/plan/policy-config";
import { clusterPolicy } from "../../kit/plan/rds-cluster";
import { effectivePostureProfile } from "../../kit/plan/rds-instance";
import { control } from "./control";
import { BACKUP_RETENTION_DEFAULTS } from "./plan";

/** HPG-BAK-01 on clusters: an Aurora PostgreSQL or Multi-AZ DB cluster keeps its automated backups as long as the posture requires. */
export const clusterBackupRetention = clusterPolicy({
    control,
    name: "hpg-bak-01-cluster-backup-retention",
    judges: "`aws.rds.Cluster`: `backupRetentionPeriod` ≥ minimum (unset = RDS's 1 day)",
    configSchema: configSchema(BACKUP_RETENTION_DEFAULTS, {
        minBackupRetentionDays: { type: "integer", minimum: 1, description: "Minimum automated backup retention in days; a hipaa or pci posture (pack config or compliance-posture tag) raises it to 35." },
        posture: POSTURE_CONFIG_PROPERTY,
    }),
    cluster: (cluster, args, report) => {
        const { minBackupRetentionDays, posture } = configWithDefaults(BACKUP_RETENTION_DEFAULTS, args);
        const effective = effectivePostureProfile(cluster.tags, posture);
        const minimum = Math.max(minBackupRetentionDays, effective?.profile.minBackupRetentionDays ?? 0);
        const why = effective && effective.profile.minBackupRetentionDays >= minBackupRetentionDays ? `${effective.from} requires` : "the pack requires";
        // A cluster keeps one day of automated backups when backupRetentionPeriod is unset (the catalog's resource defaults).
        const unset = RESOURCE_DEFAULTS.clusterBackupRetentionPeriod;
        const retention = judgedValue(unset, cluster.backupRetentionPeriod);
        if (retention === undefined) {
            const finding = unconfirmedDefaultFinding(unset, `set backupRetentionPeriod to ${minimum} or more`);
            report(finding.problem, finding.fix);
        } else if (retention < minimum) {
            const shown = cluster.backupRetentionPeriod === undefined ? `not set, so RDS keeps ${retention} day` : `${retention} days`;
            report(`backupRetentionPeriod is ${shown} and ${why} ${minimum}`, `set backupRetentionPeriod to ${minimum} or more`);
        }
    },
});
