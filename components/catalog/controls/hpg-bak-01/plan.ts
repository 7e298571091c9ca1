import { POSTURE_PROFILES } from "../..";
import { configSchema, configWithDefaults, PackPosture, POSTURE_CONFIG_PROPERTY } from "../../kit/plan/policy-config";
import { effectivePostureProfile, instancePolicy, isReadReplica } from "../../kit/plan/rds-instance";
import { control } from "./control";

/** Pack-level floor: the least any posture allows; an instance's `compliance-posture` tag raises it to that posture's minimum. */
export const BACKUP_RETENTION_DEFAULTS: { minBackupRetentionDays: number; posture: PackPosture } = {
    minBackupRetentionDays: Math.min(...Object.values(POSTURE_PROFILES).map((p) => p.minBackupRetentionDays)),
    posture: "none",
};

/** RDS keeps one day of automated backups when backupRetentionPeriod is not given (CreateDBInstance BackupRetentionPeriod). */
const RDS_DEFAULT_BACKUP_RETENTION_DAYS = 1;

/** HPG-BAK-01: automated backups are kept at least as long as the posture requires. */
export const backupRetention = instancePolicy({
    control,
    name: "hpg-bak-01-backup-retention",
    judges: "instance: `backupRetentionPeriod` ≥ minimum (unset = RDS's 1 day)",
    // CreateDBInstance BackupRetentionPeriod: an Aurora member's backups are managed by the cluster.
    auroraMember: "cluster-level",
    configSchema: configSchema(BACKUP_RETENTION_DEFAULTS, {
        minBackupRetentionDays: { type: "integer", minimum: 1, description: "Minimum automated backup retention in days; a hipaa or pci posture (pack config or compliance-posture tag) raises it to 35." },
        posture: POSTURE_CONFIG_PROPERTY,
    }),
    validate: (instance, args, report) => {
        // RDS for PostgreSQL read replicas keep no automated backups (USER_ReadRepl): the source's backups hold the data.
        if (isReadReplica(instance)) {
            args.notApplicable("a PostgreSQL read replica has no automated backups; its source's retention is judged");
        }
        const { minBackupRetentionDays, posture } = configWithDefaults(BACKUP_RETENTION_DEFAULTS, args);
        const effective = effectivePostureProfile(instance.tags, posture);
        const minimum = Math.max(minBackupRetentionDays, effective?.profile.minBackupRetentionDays ?? 0);
        const why = effective && effective.profile.minBackupRetentionDays >= minBackupRetentionDays ? `${effective.from} requires` : "the pack requires";
        // Unset means RDS's default, judged like any other value: never "keeps 1 day and requires 1" (issue 12).
        const retention = instance.backupRetentionPeriod;
        if (retention === undefined) {
            if (RDS_DEFAULT_BACKUP_RETENTION_DAYS < minimum) {
                report(`backupRetentionPeriod is not set, so RDS keeps ${RDS_DEFAULT_BACKUP_RETENTION_DAYS} day and ${why} ${minimum}`, `set backupRetentionPeriod to ${minimum} or more`);
            }
        } else if (retention < minimum) {
            report(`backupRetentionPeriod is ${retention} days and ${why} ${minimum}`, `set backupRetentionPeriod to ${minimum} or more`);
        }
    },
});
