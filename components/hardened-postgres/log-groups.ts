import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rdsLogGroupName, REQUIRED_LOG_EXPORTS } from "../catalog";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

export type LogGroupSettings = Pick<ResolvedSettings, "identifier" | "logRetentionInDays" | "deletionProtection" | "retainOnDelete"> & TagSettings;

/**
 * One encrypted, retained log group per exported log type. The instance depends on these: RDS creates
 * the group itself, never-expiring and unencrypted, if it doesn't exist first (HPG-LOG-04).
 */
export function createLogGroups(name: string, settings: LogGroupSettings, keyArn: pulumi.Input<string>, parent: pulumi.Resource): aws.cloudwatch.LogGroup[] {
    return REQUIRED_LOG_EXPORTS.map(
        (logType) =>
            new aws.cloudwatch.LogGroup(
                `${name}-log-${logType}`,
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
