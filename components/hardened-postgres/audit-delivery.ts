import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { auditArchivePrefix, auditDeliveryErrorLogGroupName, auditDeliveryStreamName } from "./audit-names";
import { AwsPlace, awsPlaceOf } from "./aws-place";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

export type AuditDeliverySettings = Pick<ResolvedSettings, "identifier" | "logRetentionInDays" | "retainOnDelete"> & TagSettings;

/** Where the delivery writes: the archive's bucket, and the key Firehose encrypts with (undefined: the bucket's default). */
export interface AuditDeliveryTarget {
    bucketArn: pulumi.Input<string>;
    /** The customer-managed key of a created archive; an external bucket encrypts with its own account's default. */
    archiveKeyArn?: pulumi.Input<string>;
    /** The database's key: Firehose's buffer and its error log are encrypted with it. */
    keyArn: pulumi.Input<string>;
    /** The postgresql log group the subscription filter reads. */
    logGroupName: pulumi.Input<string>;
}

export interface AuditDelivery {
    stream: aws.kinesis.FirehoseDeliveryStream;
    firehoseRole: aws.iam.Role;
    firehoseRolePolicy: aws.iam.RolePolicy;
    errorLogGroup: aws.cloudwatch.LogGroup;
    logsRole: aws.iam.Role;
    logsRolePolicy: aws.iam.RolePolicy;
    subscriptionFilter: aws.cloudwatch.LogSubscriptionFilter;
}

/**
 * Firehose's role may only write this bucket (and read back, as S3 delivery needs), use a key only through S3 for this
 * bucket's objects, and write its own error log. With an S3 Bucket Key the encryption context is the bucket's ARN,
 * without one the object's: both are allowed.
 */
export function firehoseDeliveryPolicy(place: AwsPlace, bucketArn: string, archiveKeyArn: string | undefined, errorLogGroupName: string): string {
    const { partition, region, accountId, dnsSuffix } = place;
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WriteTheArchiveBucketOnly",
                Effect: "Allow",
                Action: ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"],
                Resource: [bucketArn, `${bucketArn}/*`],
            },
            {
                Sid: "EncryptThroughS3ForTheArchiveOnly",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                // An external bucket's key is its own account's: the encryption context still pins it to that bucket.
                Resource: archiveKeyArn ?? "*",
                Condition: {
                    StringEquals: { "kms:ViaService": `s3.${region}.${dnsSuffix}` },
                    StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/*`] },
                },
            },
            {
                Sid: "WriteDeliveryErrors",
                Effect: "Allow",
                Action: ["logs:PutLogEvents"],
                Resource: `arn:${partition}:logs:${region}:${accountId}:log-group:${errorLogGroupName}:*`,
            },
        ],
    });
}

/** CloudWatch Logs may put records into this one stream, nothing else. */
export function logsToFirehosePolicy(streamArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "PutIntoTheAuditStreamOnly", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: streamArn }],
    });
}

/** A role that only `service` may assume, on behalf of this account (the confused-deputy conditions AWS documents). */
export function serviceTrustPolicy(service: string, condition: Record<string, Record<string, string>>): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", Condition: condition }],
    });
}

/** The Pulumi name of Firehose's error log group, which is retained like the RDS groups and adopted beside them. */
export function auditDeliveryErrorsResourceName(name: string): string {
    return `${name}-audit-delivery-errors`;
}

/**
 * The postgresql log group streams to the archive (HPG-AUD-06): a subscription filter sends every event to a Kinesis
 * Data Firehose stream, which writes S3 objects under `postgresql/<identifier>/YYYY/MM/DD/HH/`.
 * CloudWatch Logs sends Firehose gzip'd JSON envelopes; Firehose's Decompression processor unzips them and
 * AppendDelimiterToRecord puts one envelope per line, which the Glue table (components/audit-trail/archive-table.ts)
 * reads; objects are gzip'd again for storage, which Athena reads by their `.gz` extension.
 */
export function createAuditDelivery(name: string, settings: AuditDeliverySettings, target: AuditDeliveryTarget, parent: pulumi.Resource): AuditDelivery {
    const opts = { parent };
    const tags = standardTags(settings);
    const place = awsPlaceOf(parent);
    const streamName = auditDeliveryStreamName(settings.identifier);
    const errorLogGroupName = auditDeliveryErrorLogGroupName(settings.identifier);

    const errorLogGroup = new aws.cloudwatch.LogGroup(
        auditDeliveryErrorsResourceName(name),
        { name: errorLogGroupName, retentionInDays: settings.logRetentionInDays, kmsKeyId: target.keyArn, tags },
        { parent, retainOnDelete: settings.retainOnDelete },
    );
    const firehoseRole = new aws.iam.Role(
        `${name}-audit-delivery`,
        {
            description: `Firehose writes the audit trail of RDS instance ${settings.identifier} to its archive`,
            assumeRolePolicy: place.apply((p) => serviceTrustPolicy("firehose.amazonaws.com", { StringEquals: { "sts:ExternalId": p.accountId } })),
            tags,
        },
        opts,
    );
    const firehoseRolePolicy = new aws.iam.RolePolicy(
        `${name}-audit-delivery-policy`,
        {
            role: firehoseRole.name,
            policy: pulumi
                .all([place, target.bucketArn, target.archiveKeyArn])
                .apply(([p, bucketArn, archiveKeyArn]) => firehoseDeliveryPolicy(p, bucketArn, archiveKeyArn, errorLogGroupName)),
        },
        opts,
    );
    const stream = new aws.kinesis.FirehoseDeliveryStream(
        `${name}-audit-delivery`,
        {
            name: streamName,
            destination: "extended_s3",
            serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: target.keyArn },
            extendedS3Configuration: {
                roleArn: firehoseRole.arn,
                bucketArn: target.bucketArn,
                // Explicit UTC hour partitions, the template the Glue table projects; errors go beside, never into, them.
                prefix: `${auditArchivePrefix(settings.identifier)}!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/!{timestamp:HH}/`,
                errorOutputPrefix: `errors/${settings.identifier}/!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/`,
                bufferingSize: 5,
                bufferingInterval: 300,
                compressionFormat: "GZIP",
                ...(target.archiveKeyArn !== undefined ? { kmsKeyArn: target.archiveKeyArn } : {}),
                processingConfiguration: {
                    enabled: true,
                    processors: [
                        { type: "Decompression", parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }] },
                        { type: "AppendDelimiterToRecord" },
                    ],
                },
                cloudwatchLoggingOptions: { enabled: true, logGroupName: errorLogGroupName, logStreamName: "DestinationDelivery" },
            },
            tags,
        },
        { parent, dependsOn: [firehoseRolePolicy, errorLogGroup] },
    );
    const logsRole = new aws.iam.Role(
        `${name}-audit-subscription`,
        {
            description: `CloudWatch Logs sends the postgresql log of RDS instance ${settings.identifier} to its archive stream`,
            assumeRolePolicy: place.apply((p) =>
                serviceTrustPolicy(`logs.${p.region}.${p.dnsSuffix}`, { StringLike: { "aws:SourceArn": `arn:${p.partition}:logs:${p.region}:${p.accountId}:*` } }),
            ),
            tags,
        },
        opts,
    );
    const logsRolePolicy = new aws.iam.RolePolicy(`${name}-audit-subscription-policy`, { role: logsRole.name, policy: stream.arn.apply(logsToFirehosePolicy) }, opts);
    const subscriptionFilter = new aws.cloudwatch.LogSubscriptionFilter(
        `${name}-audit-subscription`,
        {
            name: `${settings.identifier}-audit-archive`,
            logGroup: target.logGroupName,
            // Every event: the archive is the whole log, not a selection (context records and errors prove the audit lines).
            filterPattern: "",
            destinationArn: stream.arn,
            roleArn: logsRole.arn,
        },
        { parent, dependsOn: [logsRolePolicy] },
    );
    return { stream, firehoseRole, firehoseRolePolicy, errorLogGroup, logsRole, logsRolePolicy, subscriptionFilter };
}
