import * as aws from "@pulumi/aws";
import { AnalyzedResource } from "../../policies/offline-check/evaluate";
import { alarms } from "./audit-alarm-fixtures";
import { STREAM_ARN, archive } from "./audit-archive-fixtures";
import { resource } from "./policy-harness";

/**
 * A compliant audit trail (HPG-AUD-06, HPG-MON-02) for the postgresql log groups `groups`, as a stack that judges other
 * controls needs it to pass the whole pack: one archive and topic, and per group its subscription filter, detection
 * filters and alarms.
 */
export function auditTrail(...groups: AnalyzedResource[]): AnalyzedResource[] {
    const [first, ...rest] = groups;
    const name = (group: AnalyzedResource) => group.inputs.name as string;
    const resources = archive({ group: first, subscription: { logGroup: name(first) } });
    const stream = resources.find((r) => r.name === "audit-stream")!;
    resources.push(...alarms(name(first)));
    const topic = resources.find((r) => r.name === "audit-alerts")!;
    rest.forEach((group, i) => {
        const props = { name: `${name(group)}-archive`, logGroup: name(group), destinationArn: STREAM_ARN, filterPattern: "", roleArn: "arn:aws:iam::123456789012:role/db-1-audit-delivery" };
        resources.push(resource(aws.cloudwatch.LogSubscriptionFilter, `audit-subscription-${i + 2}`, props, { propertyDependencies: { logGroup: [group], destinationArn: [stream] } }));
        resources.push(...alarms(name(group), { sharedTopic: topic, prefix: `group-${i + 2}-` }));
    });
    return resources;
}
