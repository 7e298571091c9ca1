import * as aws from "@pulumi/aws";
import { Unwrap } from "@pulumi/pulumi";
import { DETECTIONS, DetectionDefinition, defaultDetectionSettings } from "../../components/audit-trail/detections";
import { AnalyzedResource } from "../../policies/offline-check/evaluate";
import { KEY_ARN } from "./policy-fixtures";
import { resource } from "./policy-harness";

export type MetricAlarmInputs = Unwrap<aws.cloudwatch.MetricAlarmArgs>;
export type MetricFilterInputs = Unwrap<aws.cloudwatch.LogMetricFilterArgs>;
export type TopicInputs = Unwrap<aws.sns.TopicArgs>;

export const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:db-1-audit-alerts";
export const ALARM_NAMESPACE = "HardenedPostgres/Audit";

/** What an alarm fixture changes; `false` leaves a resource out. */
export interface AlarmChanges {
    /** Detection ids whose metric filter is left out. */
    withoutFilter?: string[];
    /** Detection ids whose alarm is left out. */
    withoutAlarm?: string[];
    /** Overrides of every alarm's inputs. */
    alarm?: Partial<MetricAlarmInputs>;
    /** Overrides of every metric filter's inputs. */
    filter?: Partial<MetricFilterInputs>;
    topic?: Partial<TopicInputs> | false;
    /** Notify this topic (another group's) instead of declaring one. */
    sharedTopic?: AnalyzedResource;
    /** Prefix of every resource name, so several groups' alarms can share a stack. */
    prefix?: string;
}

/**
 * HPG-MON-02's resources for one log group as a hand-written stack declares them, from the detections' own CloudWatch
 * forms: per metric-filter detection a filter `<id>-filter` and an alarm `<id>-alarm`, per silent-stream detection an
 * IncomingLogEvents alarm `<id>-alarm`, all notifying topic `audit-alerts` (linked as the engine links `topic.arn`).
 */
export function alarms(groupName = "/aws/rds/instance/db-1/postgresql", changes: AlarmChanges = {}, detections: readonly DetectionDefinition[] = DETECTIONS): AnalyzedResource[] {
    const resources: AnalyzedResource[] = [];
    const prefix = changes.prefix ?? "";
    const topicProps: Partial<TopicInputs> = { name: "db-1-audit-alerts", kmsMasterKeyId: KEY_ARN, ...(changes.topic || {}) };
    const topic = changes.sharedTopic ?? resource(aws.sns.Topic, "audit-alerts", { ...topicProps }, { outputs: { ...topicProps, arn: TOPIC_ARN } });
    if (changes.topic !== false && changes.sharedTopic === undefined) {
        resources.push(topic);
    }
    const notifying = changes.topic !== false ? { propertyDependencies: { alarmActions: [topic] } } : {};
    for (const detection of detections) {
        const cw = detection.cloudwatch(defaultDetectionSettings());
        let alarm: Partial<MetricAlarmInputs> | undefined;
        if (cw.kind === "metric-filter") {
            if (!changes.withoutFilter?.includes(detection.id)) {
                const filter: Partial<MetricFilterInputs> = {
                    name: `db-1-${detection.id}`,
                    logGroupName: groupName,
                    pattern: cw.filterPattern,
                    metricTransformation: { name: cw.metricName, namespace: ALARM_NAMESPACE, value: "1", defaultValue: "0" },
                    ...changes.filter,
                };
                resources.push(resource(aws.cloudwatch.LogMetricFilter, `${prefix}${detection.id}-filter`, { ...filter }));
            }
            alarm = { metricName: cw.metricName, namespace: ALARM_NAMESPACE, statistic: cw.statistic, threshold: cw.threshold, period: cw.periodSeconds, evaluationPeriods: cw.evaluationPeriods, comparisonOperator: "GreaterThanOrEqualToThreshold", treatMissingData: "notBreaching" };
        } else if (cw.kind === "log-group-silence") {
            alarm = { metricName: "IncomingLogEvents", namespace: "AWS/Logs", dimensions: { LogGroupName: groupName }, statistic: "Sum", threshold: 1, period: cw.periodSeconds, evaluationPeriods: cw.evaluationPeriods, comparisonOperator: "LessThanThreshold", treatMissingData: "breaching" };
        }
        if (alarm !== undefined && !changes.withoutAlarm?.includes(detection.id)) {
            resources.push(resource(aws.cloudwatch.MetricAlarm, `${prefix}${detection.id}-alarm`, { name: `db-1-${detection.id}`, ...alarm, alarmActions: [TOPIC_ARN], ...changes.alarm }, notifying));
        }
    }
    return resources;
}
