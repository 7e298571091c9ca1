import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CloudWatchDetection, DetectionDefinition, DetectionSettings, DETECTIONS } from "../audit-trail/detections";
import { auditAlarmArnPattern, auditAlarmName, auditMetricNamespace } from "./audit-names";
import { AwsPlace, awsPlaceOf } from "./aws-place";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

export type AuditAlarmSettings = Pick<ResolvedSettings, "identifier"> & TagSettings & { detections: DetectionSettings; topicArn?: string; emails: string[] };

/** One detection as CloudWatch runs it: a metric filter with its alarm, or an alarm on the group's silence. */
export interface DetectionAlarm {
    detection: DetectionDefinition["id"];
    metricFilter?: aws.cloudwatch.LogMetricFilter;
    alarm: aws.cloudwatch.MetricAlarm;
}

export interface AuditAlarms {
    /** The created topic; undefined when an existing `topicArn` is notified instead. */
    topic?: aws.sns.Topic;
    topicPolicy?: aws.sns.TopicPolicy;
    subscriptions: aws.sns.TopicSubscription[];
    topicArn: pulumi.Output<string>;
    alarms: DetectionAlarm[];
    /** Detections CloudWatch can't express, with where they run instead: shown so nobody mistakes them for alarmed. */
    notExpressible: { detection: DetectionDefinition["id"]; reason: string }[];
}

/** Only this instance's audit alarms, in this account, publish to the topic (confused deputy), and only over TLS. */
export function alarmTopicPolicy(topicArn: string, place: AwsPlace, identifier: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ThisInstancesAuditAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: {
                    StringEquals: { "aws:SourceAccount": place.accountId },
                    ArnLike: { "aws:SourceArn": auditAlarmArnPattern(place.partition, place.region, place.accountId, identifier) },
                },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

/** What an alarm says when it fires: the detection's title and sentence, how far the filter reaches, and where the evidence is. */
function alarmDescription(detection: DetectionDefinition, logGroupName: string, scope?: string): string {
    const reach = scope ? ` Scope: ${scope}` : "";
    // AlarmDescription is at most 1024 characters.
    return `${detection.title} (${detection.id}, ${detection.severity}): ${detection.description}${reach} Evidence: the matching lines in ${logGroupName}; the archive's Athena query '${detection.id}'.`.slice(0, 1024);
}

/**
 * The detections CloudWatch can express, as alarms on the postgresql log group that notify a KMS-encrypted SNS topic
 * (HPG-MON-02). Each `metric-filter` detection counts its lines in the instance's namespace (0 when none match, so the
 * alarm is OK rather than missing data); a `log-group-silence` detection alarms on the group's own IncomingLogEvents,
 * missing data counting as silence. The rest are listed with the reason CloudWatch can't, and run on the archive.
 */
export function createAuditAlarms(
    name: string,
    settings: AuditAlarmSettings,
    logGroupName: string,
    keyArn: pulumi.Input<string>,
    parent: pulumi.Resource,
    detections: readonly DetectionDefinition[] = DETECTIONS,
    logGroup?: pulumi.Resource,
): AuditAlarms {
    const afterGroup = logGroup ? [logGroup] : [];
    const opts = { parent };
    const tags = standardTags(settings);
    let topic: aws.sns.Topic | undefined;
    let topicPolicy: aws.sns.TopicPolicy | undefined;
    const subscriptions: aws.sns.TopicSubscription[] = [];
    if (settings.topicArn === undefined) {
        topic = new aws.sns.Topic(`${name}-audit-alarms`, { displayName: `hardened-postgres ${settings.identifier} audit alarms`, kmsMasterKeyId: keyArn, tags }, opts);
        topicPolicy = new aws.sns.TopicPolicy(
            `${name}-audit-alarms-policy`,
            { arn: topic.arn, policy: pulumi.all([topic.arn, awsPlaceOf(parent)]).apply(([arn, place]) => alarmTopicPolicy(arn, place, settings.identifier)) },
            opts,
        );
        settings.emails.forEach((endpoint, i) => {
            subscriptions.push(new aws.sns.TopicSubscription(`${name}-audit-alarms-email-${i}`, { topic: topic!.arn, protocol: "email", endpoint }, opts));
        });
    }
    const topicArn = topic ? topic.arn : pulumi.output(settings.topicArn as string);
    const namespace = auditMetricNamespace(settings.identifier);

    const alarms: DetectionAlarm[] = [];
    const notExpressible: AuditAlarms["notExpressible"] = [];
    for (const detection of detections) {
        const form: CloudWatchDetection = detection.cloudwatch(settings.detections);
        const common = {
            name: auditAlarmName(settings.identifier, detection.id),
            alarmDescription: alarmDescription(detection, logGroupName, form.kind === "metric-filter" ? form.scope : undefined),
            alarmActions: [topicArn],
            tags,
        };
        if (form.kind === "metric-filter") {
            const metricFilter = new aws.cloudwatch.LogMetricFilter(
                `${name}-audit-${detection.id}`,
                {
                    name: `${settings.identifier}-audit-${detection.id}`,
                    logGroupName,
                    pattern: form.filterPattern,
                    metricTransformation: { name: form.metricName, namespace, value: "1", defaultValue: "0" },
                },
                { parent, dependsOn: afterGroup },
            );
            const alarm = new aws.cloudwatch.MetricAlarm(
                `${name}-audit-${detection.id}`,
                {
                    ...common,
                    namespace,
                    metricName: form.metricName,
                    statistic: form.statistic,
                    period: form.periodSeconds,
                    evaluationPeriods: form.evaluationPeriods,
                    threshold: form.threshold,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    treatMissingData: "notBreaching",
                },
                { parent, dependsOn: [metricFilter] },
            );
            alarms.push({ detection: detection.id, metricFilter, alarm });
        } else if (form.kind === "log-group-silence") {
            const alarm = new aws.cloudwatch.MetricAlarm(
                `${name}-audit-${detection.id}`,
                {
                    ...common,
                    namespace: "AWS/Logs",
                    metricName: "IncomingLogEvents",
                    dimensions: { LogGroupName: logGroupName },
                    statistic: "Sum",
                    period: form.periodSeconds,
                    evaluationPeriods: form.evaluationPeriods,
                    threshold: 1,
                    comparisonOperator: "LessThanThreshold",
                    // No data point at all is the stream stopping: that is what this alarm is for.
                    treatMissingData: "breaching",
                },
                { parent, dependsOn: afterGroup },
            );
            alarms.push({ detection: detection.id, alarm });
        } else {
            notExpressible.push({ detection: detection.id, reason: form.reason });
        }
    }
    return { topic, topicPolicy, subscriptions, topicArn, alarms, notExpressible };
}

/** Firehose's advice: alarm when DeliveryToS3.DataFreshness passes the buffering limit, 15 minutes at most. */
export const ARCHIVE_FRESHNESS_LIMIT_SECONDS = 900;

/**
 * The archive stops landing (a refused PutObject, a key or bucket policy, throttling): the age of the oldest record not
 * yet in S3 passes Firehose's 15-minute buffering limit (Firehose: "Implement best practices with CloudWatch Alarms").
 * No data means nothing waits to be delivered; a silent log group has its own alarm.
 */
export function createArchiveDeliveryAlarm(
    name: string,
    settings: Pick<ResolvedSettings, "identifier"> & TagSettings,
    streamName: pulumi.Input<string>,
    topicArn: pulumi.Input<string>,
    parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(
        `${name}-audit-archive-delivery`,
        {
            name: auditAlarmName(settings.identifier, "archive-delivery"),
            alarmDescription: `The audit trail of ${settings.identifier} is not reaching its S3 archive: records wait in Firehose longer than ${ARCHIVE_FRESHNESS_LIMIT_SECONDS / 60} minutes. Evidence: Firehose's error log /aws/kinesisfirehose/<stream> and the archive's errors/ prefix.`,
            alarmActions: [topicArn],
            namespace: "AWS/Firehose",
            metricName: "DeliveryToS3.DataFreshness",
            dimensions: { DeliveryStreamName: streamName },
            statistic: "Maximum",
            period: 300,
            evaluationPeriods: 1,
            threshold: ARCHIVE_FRESHNESS_LIMIT_SECONDS,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            tags: standardTags(settings),
        },
        { parent },
    );
}
