import { defineControl } from "../../control";

/** HPG-MON-02: Audit trail watched: detections alarmed. */
export const control = defineControl({
    id: "HPG-MON-02",
    title: "Audit trail watched: detections alarmed",
    requirement:
        "Every PostgreSQL log group has a CloudWatch metric filter and an alarm for each detection CloudWatch can express, and each alarm notifies an SNS topic encrypted with a customer-managed key.",
    frameworks: {
        "SOC 2": ["CC7.2", "CC7.3"],
        HIPAA: ["164.312(b)", "164.308(a)(1)(ii)(D)"],
        "PCI DSS 4.0": ["10.4.1", "10.4.1.1"],
        "NIST 800-53 r5": ["AU-6", "SI-4"],
    },
    severity: "high",
    enforcement: "mandatory",
    optOuts: [{ name: "auditAlarms", allows: "no CloudWatch alarms on the audit trail (the detections run elsewhere, e.g. a SIEM)" }],
    settings: [
        "per detection whose CloudWatch form is a metric filter: an aws.cloudwatch.LogMetricFilter on the group with a metricTransformation of the detection's metric name whose pattern matches every sample line the detection is about (the pattern is the team's: an equivalent or broader one passes, one that can't fire or can't be read as quoted terms, -exclusions and ?alternatives fails)",
        "per such metric: an aws.cloudwatch.MetricAlarm on that metric name and namespace, with alarmActions (and actionsEnabled not false)",
        "a silent-stream detection: an aws.cloudwatch.MetricAlarm on AWS/Logs IncomingLogEvents with dimension LogGroupName = the group, treatMissingData breaching, with alarmActions",
        "each alarm action is an aws.sns.Topic of the stack with kmsMasterKeyId a customer-managed key, not alias/aws/sns, or a topic of another account's stack listed in the pack config's externalAlarmTopics",
        "the pack config's cloudWatchDetections lists the detections judged: by default every one CloudWatch can express with the default settings",
    ],
    docs: [
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
        "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
    ],
});
