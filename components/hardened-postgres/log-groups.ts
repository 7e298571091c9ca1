import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rdsLogGroupName, REQUIRED_LOG_EXPORTS } from "../catalog";
import { ENHANCED_MONITORING_LOG_GROUP } from "./key-policy";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

export type LogGroupSettings = Pick<ResolvedSettings, "identifier" | "logRetentionInDays" | "deletionProtection" | "retainOnDelete"> & TagSettings;

/** The Pulumi name of the log group of one exported log type: `pulumi import` adopts a retained group under it. */
export function rdsLogGroupResourceName(name: string, logType: string): string {
    return `${name}-log-${logType}`;
}

/**
 * One encrypted, retained log group per exported log type. The instance depends on these: RDS creates
 * the group itself, never-expiring and unencrypted, if it doesn't exist first (HPG-LOG-04).
 */
export function createLogGroups(name: string, settings: LogGroupSettings, keyArn: pulumi.Input<string>, parent: pulumi.Resource): aws.cloudwatch.LogGroup[] {
    return REQUIRED_LOG_EXPORTS.map(
        (logType) =>
            new aws.cloudwatch.LogGroup(
                rdsLogGroupResourceName(name, logType),
                {
                    name: rdsLogGroupName(settings.identifier, logType),
                    retentionInDays: settings.logRetentionInDays,
                    kmsKeyId: keyArn,
                    deletionProtectionEnabled: settings.deletionProtection,
                    tags: standardTags(settings),
                },
                { parent, retainOnDelete: settings.retainOnDelete },
            ),
    );
}

/**
 * The account's Enhanced Monitoring log group (`RDSOSMetrics`), encrypted with `keyArn` and retained like the instance's
 * own groups. RDS writes every instance's OS metrics in the account and region to this one group, and creates it itself,
 * unencrypted and with its own retention, when an instance turns Enhanced Monitoring on and the group doesn't exist
 * ("Viewing OS metrics using CloudWatch Logs" and "Retention of Enhanced Monitoring metrics", Amazon RDS User Guide).
 *
 * Created only by the HardenedPostgres whose `enhancedMonitoringLogGroup` is `create`, not by each: the name is
 * account-wide, so a second database in the same account and region would fail on "already exists", and deleting either
 * stack would take the other's metrics with it. Exactly one stack per account and region declares it, with its own key
 * (every HardenedPostgres key policy lets CloudWatch Logs use it for this group: key-policy.ts). If RDS already created it,
 * adopt it first: `pulumi import aws:cloudwatch/logGroup:LogGroup <name>-log-os-metrics RDSOSMetrics --parent <the
 * HardenedPostgres's URN>`, then the next
 * update encrypts and retains it (encryption applies to events written from then on).
 */
export function createEnhancedMonitoringLogGroup(
    name: string,
    settings: Pick<LogGroupSettings, "logRetentionInDays" | "deletionProtection" | "retainOnDelete"> & TagSettings,
    keyArn: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions = {},
): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(
        `${name}-log-os-metrics`,
        {
            name: ENHANCED_MONITORING_LOG_GROUP,
            retentionInDays: settings.logRetentionInDays,
            kmsKeyId: keyArn,
            deletionProtectionEnabled: settings.deletionProtection,
            tags: standardTags(settings),
        },
        { retainOnDelete: settings.retainOnDelete, ...opts },
    );
}
