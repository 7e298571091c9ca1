import * as aws from "@pulumi/aws";
import { Unwrap } from "@pulumi/pulumi";
import { AnalyzedResource } from "../../policies/offline-check/evaluate";
import { KEY_ARN } from "./policy-fixtures";
import { ResourceExtras, resource } from "./policy-harness";

/**
 * A PostgreSQL audit log group's archive as a hand-written stack declares it (HPG-AUD-06): a subscription filter to a
 * Firehose stream writing to an Object Lock bucket, and the bucket's configurations. Each input is typed with the
 * resource's own arguments, and each link is a property dependency, as the engine reports `bucket.id` and `stream.arn`.
 */
export type BucketInputs = Unwrap<aws.s3.BucketArgs>;
export type ObjectLockInputs = Unwrap<aws.s3.BucketObjectLockConfigurationArgs>;
export type VersioningInputs = Unwrap<aws.s3.BucketVersioningArgs>;
export type EncryptionInputs = Unwrap<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
export type PublicAccessBlockInputs = Unwrap<aws.s3.BucketPublicAccessBlockArgs>;
export type StreamInputs = Unwrap<aws.kinesis.FirehoseDeliveryStreamArgs>;
export type SubscriptionInputs = Unwrap<aws.cloudwatch.LogSubscriptionFilterArgs>;

export const ARCHIVE_BUCKET = "db-1-audit-archive";
export const ARCHIVE_BUCKET_ARN = `arn:aws:s3:::${ARCHIVE_BUCKET}`;
export const STREAM_ARN = "arn:aws:firehose:us-east-1:123456789012:deliverystream/db-1-audit";
const ROLE_ARN = "arn:aws:iam::123456789012:role/db-1-audit-delivery";

/** The bucket policy a compliant archive carries: TLS only, and no object or version deleted by anyone. */
export const ARCHIVE_POLICY = {
    Version: "2012-10-17",
    Statement: [
        { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [ARCHIVE_BUCKET_ARN, `${ARCHIVE_BUCKET_ARN}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
        { Sid: "NoDeletes", Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"], Resource: `${ARCHIVE_BUCKET_ARN}/*` },
    ],
};

/** What an archive fixture changes: per resource, input overrides (`undefined` removes an input), or `false` to leave it out. */
export interface ArchiveChanges {
    /** The log group the subscription reads (default: `db-1`'s postgresql group). */
    group?: AnalyzedResource;
    bucket?: Partial<BucketInputs>;
    /** Declare the bucket as the deprecated BucketV2 alias (and its configurations as their `…V2` aliases). */
    v2?: boolean;
    objectLock?: Partial<ObjectLockInputs> | false;
    versioning?: Partial<VersioningInputs> | false;
    encryption?: Partial<EncryptionInputs> | false;
    publicAccessBlock?: Partial<PublicAccessBlockInputs> | false;
    /** The bucket policy document (default ARCHIVE_POLICY), or `false` for none. */
    policy?: object | false;
    stream?: Partial<StreamInputs>;
    /** Leave the stream's dependency on the bucket out: it then names the bucket by ARN only. */
    streamByArnOnly?: boolean;
    subscription?: Partial<SubscriptionInputs> | false;
}

/** The archive of `db-1`'s postgresql log group: bucket `audit-archive`, stream `audit-stream`, filter `audit-subscription`. */
export function archive(changes: ArchiveChanges = {}): AnalyzedResource[] {
    const bucketProps: Partial<BucketInputs> = { bucket: ARCHIVE_BUCKET, objectLockEnabled: true, forceDestroy: false, ...changes.bucket };
    const bucket = resource(changes.v2 ? aws.s3.BucketV2 : aws.s3.Bucket, "audit-archive", { ...bucketProps }, { outputs: { ...bucketProps, arn: ARCHIVE_BUCKET_ARN } });
    const onBucket: ResourceExtras = { propertyDependencies: { bucket: [bucket] } };
    const resources: AnalyzedResource[] = [bucket];
    if (changes.objectLock !== false) {
        const props: Partial<ObjectLockInputs> = { bucket: ARCHIVE_BUCKET, rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } }, ...changes.objectLock };
        resources.push(resource(changes.v2 ? aws.s3.BucketObjectLockConfigurationV2 : aws.s3.BucketObjectLockConfiguration, "audit-archive-lock", { ...props }, onBucket));
    }
    if (changes.versioning !== false) {
        const props: Partial<VersioningInputs> = { bucket: ARCHIVE_BUCKET, versioningConfiguration: { status: "Enabled" }, ...changes.versioning };
        resources.push(resource(changes.v2 ? aws.s3.BucketVersioningV2 : aws.s3.BucketVersioning, "audit-archive-versioning", { ...props }, onBucket));
    }
    if (changes.encryption !== false) {
        const props: Partial<EncryptionInputs> = { bucket: ARCHIVE_BUCKET, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }], ...changes.encryption };
        resources.push(resource(changes.v2 ? aws.s3.BucketServerSideEncryptionConfigurationV2 : aws.s3.BucketServerSideEncryptionConfiguration, "audit-archive-encryption", { ...props }, onBucket));
    }
    if (changes.publicAccessBlock !== false) {
        const props: Partial<PublicAccessBlockInputs> = { bucket: ARCHIVE_BUCKET, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...changes.publicAccessBlock };
        resources.push(resource(aws.s3.BucketPublicAccessBlock, "audit-archive-public-access", { ...props }, onBucket));
    }
    if (changes.policy !== false) {
        resources.push(resource(aws.s3.BucketPolicy, "audit-archive-policy", { bucket: ARCHIVE_BUCKET, policy: JSON.stringify(changes.policy ?? ARCHIVE_POLICY) }, onBucket));
    }
    const streamProps: Partial<StreamInputs> = { name: "db-1-audit", destination: "extended_s3", extendedS3Configuration: { bucketArn: ARCHIVE_BUCKET_ARN, roleArn: ROLE_ARN, compressionFormat: "GZIP" }, ...changes.stream };
    const stream = resource(aws.kinesis.FirehoseDeliveryStream, "audit-stream", { ...streamProps }, {
        ...(changes.streamByArnOnly ? {} : { propertyDependencies: { extendedS3Configuration: [bucket] } }),
        outputs: { ...streamProps, arn: STREAM_ARN },
    });
    resources.push(stream);
    if (changes.subscription !== false) {
        const group = changes.group;
        const props: Partial<SubscriptionInputs> = { name: "db-1-audit-archive", logGroup: "/aws/rds/instance/db-1/postgresql", destinationArn: STREAM_ARN, filterPattern: "", roleArn: ROLE_ARN, ...changes.subscription };
        const dependencies = { ...(group ? { logGroup: [group] } : {}), ...(changes.subscription?.destinationArn === undefined ? { destinationArn: [stream] } : {}) };
        resources.push(resource(aws.cloudwatch.LogSubscriptionFilter, "audit-subscription", { ...props }, { propertyDependencies: dependencies }));
    }
    return resources;
}
