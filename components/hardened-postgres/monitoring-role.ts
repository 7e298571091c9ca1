import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

export type MonitoringRoleSettings = Pick<ResolvedSettings, "identifier"> & TagSettings;

export interface MonitoringRole {
    role: aws.iam.Role;
    attachment: aws.iam.RolePolicyAttachment;
}

/** The enhanced monitoring role, used by this instance only (HPG-MON-01). */
export function createMonitoringRole(name: string, settings: MonitoringRoleSettings, parent: pulumi.Resource): MonitoringRole {
    const partition = aws.getPartitionOutput({}, { parent });
    const role = new aws.iam.Role(
        `${name}-monitoring`,
        {
            description: `Enhanced monitoring for RDS instance ${settings.identifier}`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags: standardTags(settings),
        },
        { parent },
    );
    const attachment = new aws.iam.RolePolicyAttachment(
        `${name}-monitoring-policy`,
        { role: role.name, policyArn: pulumi.interpolate`arn:${partition.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole` },
        { parent },
    );
    return { role, attachment };
}
