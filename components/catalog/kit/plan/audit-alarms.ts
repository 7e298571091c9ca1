import * as aws from "@pulumi/aws";
import { FilterPatternOutsideSubset, filterPatternMatches } from "../../../audit-trail/detections/filter-pattern-match";
import { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { CloudWatchDetection, DETECTIONS, DetectionDefinition, defaultDetectionSettings } from "../../../audit-trail/detections";
import { AuditLogGroup, readsLogGroup } from "./audit-log-groups";
import { configSchema } from "./policy-config";
import { isAwsManagedKeyAlias } from "./rds-instance";

/** The detections CloudWatch can express with the safe default settings: a metric filter, or an alarm on a silent stream. */
export const CLOUDWATCH_DETECTIONS: readonly string[] = DETECTIONS.filter((d) => d.cloudwatch(defaultDetectionSettings()).kind !== "not-expressible").map((d) => d.id);

/** HPG-MON-02's pack config: which detections the stack alarms in CloudWatch, and the topics of other stacks it may notify. */
export const AUDIT_ALARM_DEFAULTS: { cloudWatchDetections: string[]; externalAlarmTopics: string[] } = { cloudWatchDetections: [...CLOUDWATCH_DETECTIONS], externalAlarmTopics: [] };

export const AUDIT_ALARM_CONFIG_SCHEMA: PolicyConfigSchema = configSchema(AUDIT_ALARM_DEFAULTS, {
    cloudWatchDetections: {
        type: "array",
        description:
            "Ids of the detections each PostgreSQL log group must alarm in CloudWatch (default: every detection CloudWatch can express with the default settings). Remove one only where the stack's own settings make it inexpressible: it then runs as its Athena query or in the analyzer.",
    },
    externalAlarmTopics: {
        type: "array",
        description: "ARNs of SNS topics outside this stack (a security account's) that alarms may notify instead of a topic of the stack; their encryption is judged where they are declared.",
    },
});

/** The namespace and name of the metric CloudWatch publishes a log group's ingestion under (AWS/Logs, per LogGroupName). */
export const INCOMING_LOG_EVENTS = { namespace: "AWS/Logs", metricName: "IncomingLogEvents" };

/** One thing a detection needs on one log group, with the problem and fix when it is missing. */
export interface AlarmFinding {
    /** The resource the problem is about: the database (a missing filter or alarm), an alarm, or a topic. */
    subject: PolicyResource;
    kind: string;
    problem: string;
    fix: string;
}

/** The detections a pack config names, and the names it gives that are no detection CloudWatch can express. */
export function configuredDetections(ids: readonly string[]): { detections: DetectionDefinition[]; unknown: string[] } {
    const detections = ids.map((id) => DETECTIONS.find((d) => d.id === id && d.cloudwatch(defaultDetectionSettings()).kind !== "not-expressible"));
    return { detections: detections.filter((d): d is DetectionDefinition => d !== undefined), unknown: ids.filter((_id, i) => detections[i] === undefined) };
}

/** The SNS topics of the stack an alarm notifies: those its alarmActions were built from, or whose ARN it names. */
function topicsNotified(alarm: PolicyResource, resources: readonly PolicyResource[]): PolicyResource[] {
    const fromTopics = (alarm.propertyDependencies["alarmActions"] ?? []).filter((r) => r.isType(aws.sns.Topic));
    if (fromTopics.length > 0) {
        return [...new Set(fromTopics)];
    }
    const actions: string[] = [...(alarm.props.alarmActions ?? [])];
    return resources.filter((r) => r.isType(aws.sns.Topic) && actions.includes(r.props.arn));
}

/** What is wrong with an alarm's notification, if anything: no action, actions off, or no encrypted SNS topic of the stack. */
function notificationProblems(alarm: PolicyResource, stack: AlarmResources): AlarmFinding[] {
    const { resources } = stack;
    const about = (problem: string, fix: string): AlarmFinding => ({ subject: alarm, kind: "metric alarm", problem, fix });
    if (alarm.props.actionsEnabled === false) {
        return [about("actionsEnabled is false, so it notifies nobody", "remove actionsEnabled: false")];
    }
    const topics = topicsNotified(alarm, resources);
    if ((alarm.props.alarmActions ?? []).length === 0) {
        return [about("has no alarmActions, so it notifies nobody", "set alarmActions to an aws.sns.Topic of the stack encrypted with a customer-managed key")];
    }
    if (topics.length === 0 && [...alarm.props.alarmActions].some((a: string) => stack.externalTopics.includes(a))) {
        return [];
    }
    if (topics.length === 0) {
        return [about("notifies no SNS topic of this stack, so the pack can't see that the notification is encrypted", "add an aws.sns.Topic of the stack (kmsMasterKeyId a customer-managed key) to alarmActions, or list the topic's ARN in the pack config's externalAlarmTopics if another account's stack declares it")];
    }
    return topics.flatMap((topic): AlarmFinding[] => {
        const key: string | undefined = topic.props.kmsMasterKeyId;
        const fix = "set kmsMasterKeyId to a customer-managed KMS key whose policy allows cloudwatch.amazonaws.com to use it";
        if (key === undefined || key === "") {
            return [{ subject: topic, kind: "SNS topic", problem: "kmsMasterKeyId is not set, so alerts naming people and tables are stored unencrypted", fix }];
        }
        if (isAwsManagedKeyAlias(key)) {
            // CloudWatch can't publish to a topic under alias/aws/sns: its key policy can't be changed to allow the service.
            return [{ subject: topic, kind: "SNS topic", problem: `kmsMasterKeyId is '${key}', an AWS-managed key CloudWatch alarms can't publish through`, fix }];
        }
        return [];
    });
}

/** The alarms on one metric, and the first one whose notification is right; else the problems of the first. */
function judgeAlarms(alarms: PolicyResource[], stack: AlarmResources): AlarmFinding[] {
    const judged = alarms.map((a) => notificationProblems(a, stack));
    return judged.some((p) => p.length === 0) ? [] : judged[0];
}

/** A detection with its CloudWatch form under the default settings, rendered once per run. */
export interface RenderedDetection {
    detection: DetectionDefinition;
    cw: CloudWatchDetection;
}

/** Renders each detection's CloudWatch form once: a stack policy judges every log group against the same forms. */
export function renderDetections(detections: readonly DetectionDefinition[]): RenderedDetection[] {
    const settings = defaultDetectionSettings();
    return detections.map((detection) => ({ detection, cw: detection.cloudwatch(settings) }));
}

/** Why `pattern` doesn't match every sample line of its detection (undefined when it does). */
export function patternMisses(pattern: string, samples: readonly string[]): string | undefined {
    try {
        const missed = samples.find((line) => !filterPatternMatches(pattern, line));
        return missed === undefined ? undefined : `its pattern ${JSON.stringify(pattern)} doesn't match a line the detection is about: ${missed}`;
    } catch (e) {
        if (e instanceof FilterPatternOutsideSubset) {
            return `its pattern ${JSON.stringify(pattern)} can't be judged here (${e.message}); write it with quoted terms, -exclusions or ?alternatives`;
        }
        throw e;
    }
}

/** The stack's metric filters and alarms, picked out once per run. */
export interface AlarmResources {
    resources: readonly PolicyResource[];
    filters: PolicyResource[];
    alarms: PolicyResource[];
    /** Topics of other stacks the pack config lets alarms notify (`externalAlarmTopics`). */
    externalTopics: readonly string[];
}

export function alarmResourcesOf(resources: readonly PolicyResource[], externalTopics: readonly string[] = []): AlarmResources {
    return {
        resources,
        filters: resources.filter((r) => r.isType(aws.cloudwatch.LogMetricFilter)),
        alarms: resources.filter((r) => r.isType(aws.cloudwatch.MetricAlarm)),
        externalTopics,
    };
}

/** What a detection needs on `group`: its metric filter and an alarm on the metric, or the silent-stream alarm; each notifying an encrypted topic. */
export function detectionFindings({ detection, cw }: RenderedDetection, group: AuditLogGroup, stack: AlarmResources): AlarmFinding[] {
    const { alarms } = stack;
    const missing = (problem: string, fix: string): AlarmFinding[] => [{ subject: group.owner, kind: group.kind, problem, fix }];
    if (cw.kind === "metric-filter") {
        // The pattern is the team's to write (whitespace, or an equivalent pattern): the metric it feeds is what is judged.
        const filter = stack.filters.find((r) => readsLogGroup(r, "logGroupName", group) && r.props.metricTransformation?.name === cw.metricName);
        if (filter === undefined) {
            return missing(
                `its audit log group '${group.name}' has no metric filter for detection '${detection.id}' (metric ${cw.metricName})`,
                `add an aws.cloudwatch.LogMetricFilter on '${group.name}' with metricTransformation.name '${cw.metricName}' (pattern ${JSON.stringify(cw.filterPattern)})`,
            );
        }
        // The pattern is judged by what it matches, so an equivalent or broader one passes and one that can't fire doesn't.
        const misses = patternMisses(String(filter.props.pattern ?? ""), cw.samples);
        if (misses !== undefined) {
            return missing(
                `metric filter '${filter.name}' feeds ${cw.metricName} for detection '${detection.id}' but ${misses}`,
                `use the detection's pattern ${JSON.stringify(cw.filterPattern)}, or any pattern that matches the lines it is about`,
            );
        }
        const namespace: string = filter.props.metricTransformation.namespace;
        const onMetric = alarms.filter((a) => a.props.metricName === cw.metricName && a.props.namespace === namespace);
        if (onMetric.length === 0) {
            return missing(
                `no alarm watches metric ${namespace}/${cw.metricName} of detection '${detection.id}'`,
                `add an aws.cloudwatch.MetricAlarm on ${namespace}/${cw.metricName} (${cw.statistic} >= ${cw.threshold} over ${cw.periodSeconds}s) with alarmActions an encrypted SNS topic`,
            );
        }
        return judgeAlarms(onMetric, stack);
    }
    if (cw.kind === "log-group-silence") {
        const onGroup = alarms.filter(
            (a) => a.props.namespace === INCOMING_LOG_EVENTS.namespace && a.props.metricName === INCOMING_LOG_EVENTS.metricName && a.props.dimensions?.LogGroupName === group.name,
        );
        // A silent stream publishes no IncomingLogEvents data points at all: only "breaching" makes the silence alarm.
        const breaching = onGroup.filter((a) => a.props.treatMissingData === "breaching");
        if (breaching.length === 0) {
            return missing(
                `no alarm with treatMissingData "breaching" watches ${INCOMING_LOG_EVENTS.namespace}/${INCOMING_LOG_EVENTS.metricName} of '${group.name}', so a silent audit stream (detection '${detection.id}') raises nothing`,
                `add an aws.cloudwatch.MetricAlarm on ${INCOMING_LOG_EVENTS.namespace}/${INCOMING_LOG_EVENTS.metricName} with dimensions { LogGroupName: '${group.name}' }, treatMissingData "breaching", and alarmActions an encrypted SNS topic`,
            );
        }
        return judgeAlarms(breaching, stack);
    }
    return [];
}
