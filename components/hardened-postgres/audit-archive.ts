import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { auditArchiveBucketPrefix } from "./audit-names";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

export type AuditArchiveSettings = Pick<ResolvedSettings, "identifier" | "retainOnDelete"> & TagSettings & { retentionDays: number };

export interface AuditArchive {
    bucket: aws.s3.Bucket;
    versioning: aws.s3.BucketVersioning;
    objectLock: aws.s3.BucketObjectLockConfiguration;
    encryption: aws.s3.BucketServerSideEncryptionConfiguration;
    publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    policy: aws.s3.BucketPolicy;
    /** The bucket's name (its id). */
    bucketName: pulumi.Output<string>;
    bucketArn: pulumi.Output<string>;
}

/**
 * The archive's bucket policy (HPG-AUD-06): every request without TLS is refused, and nobody, whatever IAM grants,
 * deletes an object or a version, or rewrites the Object Lock default for objects still to come. COMPLIANCE mode already
 * refuses deletes of locked versions; the deny also covers delete markers and keeps the intent readable in the policy.
 */
export function auditArchiveBucketPolicy(bucketArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
                Sid: "DenyObjectDeletion",
                Effect: "Deny",
                Principal: "*",
                Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
                Resource: `${bucketArn}/*`,
            },
            {
                // To raise the retention later, this statement is lifted first: a two-step change, deliberately.
                Sid: "DenyObjectLockChanges",
                Effect: "Deny",
                Principal: "*",
                Action: ["s3:PutBucketObjectLockConfiguration"],
                Resource: bucketArn,
            },
        ],
    });
}

/**
 * The S3 archive of the audit trail (HPG-AUD-06): Object Lock in COMPLIANCE mode for `retentionDays`, versioned,
 * SSE-KMS with the customer-managed key and an S3 Bucket Key, public access blocked, TLS-only and undeletable.
 * Object Lock must be enabled when the bucket is created, and it needs versioning, which can then never be suspended.
 */
export function createAuditArchive(name: string, settings: AuditArchiveSettings, keyArn: pulumi.Input<string>, parent: pulumi.Resource): AuditArchive {
    const opts = { parent };
    const bucket = new aws.s3.Bucket(
        `${name}-audit-archive`,
        {
            bucketPrefix: auditArchiveBucketPrefix(settings.identifier),
            objectLockEnabled: true,
            forceDestroy: false,
            tags: standardTags(settings),
        },
        { parent, retainOnDelete: settings.retainOnDelete },
    );
    const versioning = new aws.s3.BucketVersioning(`${name}-audit-archive-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
    const objectLock = new aws.s3.BucketObjectLockConfiguration(
        `${name}-audit-archive-object-lock`,
        { bucket: bucket.id, objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", days: settings.retentionDays } } },
        { parent, dependsOn: [versioning] },
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-audit-archive-encryption`,
        {
            bucket: bucket.id,
            // The Bucket Key cuts KMS requests per object to one per bucket key period (and the KMS bill with them).
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }],
        },
        opts,
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${name}-audit-archive-public-access`,
        { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts,
    );
    // After the lock configuration: the policy denies changing it, the deployment included.
    const policy = new aws.s3.BucketPolicy(
        `${name}-audit-archive-policy`,
        { bucket: bucket.id, policy: bucket.arn.apply(auditArchiveBucketPolicy) },
        { parent, dependsOn: [objectLock, publicAccessBlock] },
    );
    return { bucket, versioning, objectLock, encryption, publicAccessBlock, policy, bucketName: bucket.id, bucketArn: bucket.arn };
}
