import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsPlace, awsPlaceOf } from "./aws-place";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

export type MonitoringRoleSettings = Pick<ResolvedSettings, "identifier"> & TagSettings;

export interface MonitoringRole {
    role: aws.iam.Role;
    attachment: aws.iam.RolePolicyAttachment;
}

/**
 * Who may assume the monitoring role: RDS enhanced monitoring, only on behalf of this instance in this account. AWS
 * recommends `aws:SourceAccount` and `aws:SourceArn` on this trust policy against the cross-service confused deputy
 * ("Setting up and enabling Enhanced Monitoring" > "Protecting against the confused deputy problem", and "Preventing
 * cross-service confused deputy problems", Amazon RDS User Guide). The instance ARN is built from its identifier,
 * known before the instance exists, so it is exact (no wildcard) and the role need not wait for the instance (no cycle:
 * the instance needs the role's ARN).
 */
export function monitoringTrustPolicy(place: Pick<AwsPlace, "partition" | "region" | "accountId">, identifier: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "monitoring.rds.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: {
                        "aws:SourceAccount": place.accountId,
                        "aws:SourceArn": `arn:${place.partition}:rds:${place.region}:${place.accountId}:db:${identifier}`,
                    },
                },
            },
        ],
    });
}

/** The enhanced monitoring role, used by this instance only (HPG-MON-01). */
export function createMonitoringRole(name: string, settings: MonitoringRoleSettings, parent: pulumi.Resource): MonitoringRole {
    const place = awsPlaceOf(parent);
    const role = new aws.iam.Role(
        `${name}-monitoring`,
        {
            description: `Enhanced monitoring for RDS instance ${settings.identifier}`,
            assumeRolePolicy: place.apply((p) => monitoringTrustPolicy(p, settings.identifier)),
            tags: standardTags(settings),
        },
        { parent },
    );
    const attachment = new aws.iam.RolePolicyAttachment(
        `${name}-monitoring-policy`,
        { role: role.name, policyArn: pulumi.interpolate`arn:${place.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole` },
        { parent },
    );
    return { role, attachment };
}
