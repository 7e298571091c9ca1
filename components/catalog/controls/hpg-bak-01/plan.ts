import { POSTURE_PROFILES } from "../..";
import { RESOURCE_DEFAULTS, judgedValue, unconfirmedDefaultFinding } from "../../facts/resource-defaults";
import { configSchema, configWithDefaults, PackPosture, POSTURE_CONFIG_PROPERTY } from "../../kit/plan/policy-config";
import { effectivePostureProfile, instancePolicy, isReadReplica } from "../../kit/plan/rds-instance";
import { control } from "./control";

/** Pack-level floor: the least any posture allows; an instance's `compliance-posture` tag raises it to that posture's minimum. */
export const BACKUP_RETENTION_DEFAULTS: { minBackupRetentionDays: number; posture: PackPosture } = {
    minBackupRetentionDays: Math.min(...Object.values(POSTURE_PROFILES).map((p) => p.minBackupRetentionDays)),
    posture: "none",
};

/** HPG-BAK-01: automated backups are kept at least as long as the posture requires. */
export const backupRetention = instancePolicy({
    control,
    name: "hpg-bak-01-backup-retention",
    judges: "instance: `backupRetentionPeriod` ≥ minimum, declared (its default is unconfirmed)",
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
        // Unset means the default, judged like any other value when it is confirmed: never "keeps 1 day and requires 1" (issue 12).
        const unset = RESOURCE_DEFAULTS.instanceBackupRetentionPeriod;
        const retention = judgedValue(unset, instance.backupRetentionPeriod);
        if (retention === undefined) {
            const finding = unconfirmedDefaultFinding(unset, `set backupRetentionPeriod to ${minimum} or more`);
            report(finding.problem, finding.fix);
        } else if (retention < minimum) {
            const shown = instance.backupRetentionPeriod === undefined ? `not set, so RDS keeps ${retention} day` : `${retention} days`;
            report(`backupRetentionPeriod is ${shown} and ${why} ${minimum}`, `set backupRetentionPeriod to ${minimum} or more`);
        }
    },
});
