import * as aws from "@pulumi/aws";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { AUDIT_ALARM_CONFIG_SCHEMA, AUDIT_ALARM_DEFAULTS, AlarmFinding, CLOUDWATCH_DETECTIONS, alarmResourcesOf, configuredDetections, detectionFindings, renderDetections } from "../../kit/plan/audit-alarms";
import { auditLogGroups, isWaived } from "../../kit/plan/audit-log-groups";
import { configWithDefaults } from "../../kit/plan/policy-config";
import { optOutTag } from "../../facts/tags";
import { control } from "./control";

/**
 * HPG-MON-02: each PostgreSQL audit log group has, per detection CloudWatch can express (components/audit-trail/
 * detections), a metric filter feeding the detection's metric and an alarm on that metric, or the silent-stream alarm
 * on the group's IncomingLogEvents; each alarm notifies an SNS topic of the stack under a customer-managed key, or one
 * the pack config lists in `externalAlarmTopics` (a security account's, judged where it is declared). A
 * filter's pattern is judged by what it matches (the detection's sample lines), not by its text: equivalent or broader
 * patterns, or whitespace, must not block a hand-written stack, and one that can never fire must not pass.
 */
export const detectionsAlarmed: ControlPolicy = {
    name: "hpg-mon-02-detections-alarmed",
    judges:
        "stack: each PostgreSQL `postgresql` log group has, per CloudWatch-expressible detection, an `aws.cloudwatch.LogMetricFilter` with its metric name and an `aws.cloudwatch.MetricAlarm` on it (or the IncomingLogEvents silence alarm), notifying a KMS-encrypted `aws.sns.Topic` of the stack",
    ...controlMetadata(control),
    configSchema: AUDIT_ALARM_CONFIG_SCHEMA,
    validateStack: (args, reportViolation) => {
        const groups = auditLogGroups(args.resources).filter((g) => !isWaived(g, "auditAlarms"));
        if (groups.length === 0) {
            args.notApplicable("the stack declares no PostgreSQL instance or cluster exporting postgresql logs without the auditAlarms opt-out");
        }
        const { cloudWatchDetections, externalAlarmTopics } = configWithDefaults(AUDIT_ALARM_DEFAULTS, args);
        const { detections, unknown } = configuredDetections(cloudWatchDetections);
        for (const id of unknown) {
            reportViolation(
                `[${control.id}] pack config: cloudWatchDetections names '${id}', which is no detection CloudWatch can express; use ${CLOUDWATCH_DETECTIONS.map((d) => `'${d}'`).join(", ")}`,
            );
        }
        // One report per resource and problem: a shared alarm or topic is judged once, not once per database.
        const reported = new Set<string>();
        const rendered = renderDetections(detections);
        const stack = alarmResourcesOf(args.resources, externalAlarmTopics);
        for (const group of groups) {
            for (const finding of rendered.flatMap((d) => detectionFindings(d, group, stack))) {
                const message = messageOf(finding);
                if (!reported.has(message)) {
                    reported.add(message);
                    reportViolation(message, finding.subject.urn);
                }
            }
        }
    },
};

/** The message for a finding; one about the database itself names the waiver, which is honoured on instances. */
function messageOf(finding: AlarmFinding): string {
    const waivable = finding.subject.isType(aws.rds.Instance) ? ` (or waive it: tag ${optOutTag("auditAlarms")} with the reason)` : "";
    return violation(control.id, finding.kind, finding.subject.name, finding.problem, `${finding.fix}${waivable}`);
}
