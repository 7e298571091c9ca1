/**
 * The archive's Glue table, agreed once between the AWS resources that create it (components/hardened-postgres) and the
 * Athena queries the detections render: what Kinesis Data Firehose writes to S3 from a CloudWatch Logs subscription.
 *
 * CloudWatch Logs sends Firehose one gzip'd JSON envelope per batch (`messageType`, `owner`, `logGroup`, `logStream`,
 * `subscriptionFilters`, `logEvents[{id, timestamp, message}]`). With Firehose's Decompression processor (and no
 * message extraction) plus AppendDelimiterToRecord, each S3 object holds one envelope per line, which the OpenX JSON
 * SerDe reads; Glue/Hive column names are lower case, and the SerDe matches JSON keys case-insensitively.
 */

/** One column of the archive table as Glue declares it (Hive type syntax). */
export interface ArchiveColumn {
    name: string;
    type: string;
    comment: string;
}

/** The envelope's columns, in the order Glue declares them. */
export const ARCHIVE_TABLE_COLUMNS: readonly ArchiveColumn[] = [
    { name: "messagetype", type: "string", comment: "DATA_MESSAGE, or CONTROL_MESSAGE (CloudWatch's reachability check, no events)" },
    { name: "owner", type: "string", comment: "AWS account id of the log group" },
    { name: "loggroup", type: "string", comment: "e.g. /aws/rds/instance/<id>/postgresql" },
    { name: "logstream", type: "string", comment: "RDS names the stream after the instance" },
    { name: "subscriptionfilters", type: "array<string>", comment: "the subscription filters that sent the batch" },
    {
        name: "logevents",
        type: "array<struct<id:string,timestamp:bigint,message:string>>",
        comment: "the log events; message is one RDS stderr entry with its `%t:%r:%u@%d:[%p]:` prefix",
    },
];

/**
 * Partition keys, from Firehose's default S3 prefix `YYYY/MM/DD/HH/` (UTC, the time Firehose received the batch).
 * Zero-padded strings, so `concat(year, '/', month, '/', day)` compares as a date; projected, never crawled.
 */
export const ARCHIVE_PARTITION_KEYS: readonly ArchiveColumn[] = [
    { name: "year", type: "string", comment: "YYYY" },
    { name: "month", type: "string", comment: "MM" },
    { name: "day", type: "string", comment: "DD" },
    { name: "hour", type: "string", comment: "HH" },
];

/** The S3 key template partition projection reads, under the archive's prefix: Firehose's default `YYYY/MM/DD/HH/`. */
export const ARCHIVE_PARTITION_TEMPLATE = "${year}/${month}/${day}/${hour}";

/** The JSON SerDe Glue declares for the table (OpenX: case-insensitive keys, ignores malformed lines when told). */
export const ARCHIVE_SERDE = "org.openx.data.jsonserde.JsonSerDe";

/** The messagetype of a batch that carries log events; CONTROL_MESSAGE batches carry none. */
export const ARCHIVE_DATA_MESSAGE = "DATA_MESSAGE";
