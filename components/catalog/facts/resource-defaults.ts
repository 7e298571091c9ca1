import type { DefaultSource } from "./parameters";

/**
 * Where a resource argument's default is stated: an AWS page (`url`), or the @pulumi/aws schema the pack judges
 * (`schema`, a file of the installed package whose doc comment says it, quoted in `states`).
 */
export type ResourceDefaultSource = DefaultSource | { confirmed: true; schema: string; states: string };

/** What a resource takes when a stack leaves one of its arguments unset, and where that is stated. */
export interface ResourceDefault<T> {
    /** The Pulumi type token, e.g. `aws:rds/instance:Instance`. */
    type: string;
    /** The argument, as @pulumi/aws spells it. */
    property: string;
    value: T;
    source: ResourceDefaultSource;
}

const BACKUP_RETENTION_DISAGREES =
    "@pulumi/aws 7.48 says 'Default is `0`' for an instance (rds/instance.d.ts), while CreateDBInstance is cited for 1 day; the two disagree and no page found settles it";

/** The defaults the pack's resource rules rely on, one per resource argument; each rule reads its default from here. */
export const RESOURCE_DEFAULTS = {
    instanceAutoMinorVersionUpgrade: {
        type: "aws:rds/instance:Instance",
        property: "autoMinorVersionUpgrade",
        value: true,
        source: {
            confirmed: true,
            url: "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/auto-minor-version-upgrade.html",
            states: "By default, minor engine upgrades are applied automatically.",
        },
    },
    clusterInstanceAutoMinorVersionUpgrade: {
        type: "aws:rds/clusterInstance:ClusterInstance",
        property: "autoMinorVersionUpgrade",
        value: true,
        source: { confirmed: true, schema: "rds/clusterInstance.d.ts", states: "Whether minor engine upgrades will be applied automatically to the DB instance during the maintenance window. Default `true`." },
    },
    clusterAutoMinorVersionUpgrade: {
        type: "aws:rds/cluster:Cluster",
        property: "autoMinorVersionUpgrade",
        value: true,
        source: { confirmed: true, schema: "rds/cluster.d.ts", states: "Whether to apply minor engine upgrades automatically to the DB cluster during the maintenance window. Defaults to `true`." },
    },
    instancePubliclyAccessible: {
        type: "aws:rds/instance:Instance",
        property: "publiclyAccessible",
        value: false,
        source: { confirmed: true, schema: "rds/instance.d.ts", states: "Bool to control if instance is publicly accessible. Default is `false`." },
    },
    clusterInstancePubliclyAccessible: {
        type: "aws:rds/clusterInstance:ClusterInstance",
        property: "publiclyAccessible",
        value: false,
        source: { confirmed: true, schema: "rds/clusterInstance.d.ts", states: "Bool to control if instance is publicly accessible. Default `false`." },
    },
    instanceSkipFinalSnapshot: {
        type: "aws:rds/instance:Instance",
        property: "skipFinalSnapshot",
        value: false,
        source: { confirmed: true, schema: "rds/instance.d.ts", states: "If false is specified, a DB snapshot is created before the DB instance is deleted, using the value from `finalSnapshotIdentifier`. Default is `false`." },
    },
    clusterSkipFinalSnapshot: {
        type: "aws:rds/cluster:Cluster",
        property: "skipFinalSnapshot",
        value: false,
        source: { confirmed: true, schema: "rds/cluster.d.ts", states: "If false is specified, a DB snapshot is created before the DB cluster is deleted, using the value from `finalSnapshotIdentifier`. Default is `false`." },
    },
    instanceMonitoringInterval: {
        type: "aws:rds/instance:Instance",
        property: "monitoringInterval",
        value: 0,
        source: { confirmed: true, schema: "rds/instance.d.ts", states: "To disable collecting Enhanced Monitoring metrics, specify 0. The default is 0." },
    },
    clusterInstanceMonitoringInterval: {
        type: "aws:rds/clusterInstance:ClusterInstance",
        property: "monitoringInterval",
        value: 0,
        source: { confirmed: true, schema: "rds/clusterInstance.d.ts", states: "To disable collecting Enhanced Monitoring metrics, specify 0. The default is 0." },
    },
    clusterMonitoringInterval: {
        type: "aws:rds/cluster:Cluster",
        property: "monitoringInterval",
        value: 0,
        source: { confirmed: true, schema: "rds/cluster.d.ts", states: "To turn off collecting Enhanced Monitoring metrics, specify 0. The default is 0." },
    },
    instanceBackupRetentionPeriod: {
        type: "aws:rds/instance:Instance",
        property: "backupRetentionPeriod",
        value: 1,
        source: { confirmed: false, why: BACKUP_RETENTION_DISAGREES },
    },
    clusterBackupRetentionPeriod: {
        type: "aws:rds/cluster:Cluster",
        property: "backupRetentionPeriod",
        value: 1,
        source: { confirmed: true, schema: "rds/cluster.d.ts", states: "Days to retain backups for. Default `1`" },
    },
    logGroupRetentionInDays: {
        type: "aws:cloudwatch/logGroup:LogGroup",
        property: "retentionInDays",
        value: 0,
        source: {
            confirmed: false,
            why: "@pulumi/aws says only that 0 never expires (cloudwatch/logGroup.d.ts), not what an unset retention is, and no AWS page found states CreateLogGroup's default",
        },
    },
} satisfies Record<string, ResourceDefault<boolean | number>>;

/** The value a rule judges: the declared one, else a confirmed default; undefined when it is unset and the default unconfirmed. */
export function judgedValue<T>(resourceDefault: ResourceDefault<T>, declared: T | undefined): T | undefined {
    if (declared !== undefined) {
        return declared;
    }
    return resourceDefault.source.confirmed ? resourceDefault.value : undefined;
}

/** The problem and fix a rule reports for an unset argument whose default is unconfirmed. */
export function unconfirmedDefaultFinding(resourceDefault: ResourceDefault<unknown>, fix: string): { problem: string; fix: string } {
    return { problem: `${resourceDefault.property} is not set and the catalog has no confirmed default for it`, fix: `declare it: ${fix}` };
}
