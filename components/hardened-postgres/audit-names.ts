// Names of the audit trail's AWS resources, derived from the instance identifier: the key policy, the builders and the
// pack's checks read them from here, so a name is written once.

/** S3 `bucketPrefix` allows at most 37 characters; the identifier is cut so the prefix always fits. */
export function auditArchiveBucketPrefix(identifier: string): string {
    return `hpg-audit-${identifier.slice(0, 26)}-`;
}

/** Firehose names are 1-64 characters; the identifier (up to 63) is cut so the suffix always fits. */
export function auditDeliveryStreamName(identifier: string): string {
    return `${identifier.slice(0, 58)}-audit`;
}

/** Where Firehose writes its delivery errors: a log group of its own, so a refused PutObject is seen, not lost. */
export function auditDeliveryErrorLogGroupName(identifier: string): string {
    return `/aws/kinesisfirehose/${auditDeliveryStreamName(identifier)}`;
}

/** The S3 prefix of one instance's archive: partition projection reads the same `year/month/day/hour` template under it. */
export function auditArchivePrefix(identifier: string): string {
    return `postgresql/${identifier}/`;
}

/** Each instance's detections count in a namespace of their own, so two instances' metric filters never add up. */
export function auditMetricNamespace(identifier: string): string {
    return `HardenedPostgres/Audit/${identifier}`;
}

/** Glue database names are lower case letters, digits and `_` (Athena refuses `-` unquoted). */
export function auditGlueDatabaseName(identifier: string): string {
    return `hpg_audit_${identifier.replace(/-/g, "_")}`;
}

/** The archive table, one per database (its instance's database is the namespace). */
export const AUDIT_GLUE_TABLE_NAME = "postgresql_log";

/** Every audit alarm of the instance is named `<identifier>-audit-…`; key and topic policies admit only these. */
export function auditAlarmName(identifier: string, what: string): string {
    return `${identifier}-audit-${what}`;
}

/** The ARNs of the instance's audit alarms, for `aws:SourceArn` conditions. */
export function auditAlarmArnPattern(partition: string, region: string, accountId: string, identifier: string): string {
    return `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${auditAlarmName(identifier, "*")}`;
}
