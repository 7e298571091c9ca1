import { defineControl } from "../../control";
import { postureMinimumText } from "../../facts/postures";

/** HPG-AUD-06: Audit trail archived where no database user can change it. */
export const control = defineControl({
    id: "HPG-AUD-06",
    title: "Audit trail archived where no database user can change it",
    requirement: `Every PostgreSQL log group streams to an S3 archive that no database user, and no AWS principal, can change or delete before its retention ends: Object Lock in COMPLIANCE mode for at least the posture's retention (${postureMinimumText((p) => p.minAuditArchiveRetentionDays)}), versioned, encrypted with a customer-managed key, private and TLS-only.`,
    frameworks: {
        "SOC 2": ["CC7.2", "CC7.3"],
        HIPAA: ["164.312(b)", "164.316(b)(2)(i)"],
        "PCI DSS 4.0": ["10.3.2", "10.3.3", "10.5.1"],
        "NIST 800-53 r5": ["AU-9", "AU-9(2)", "AU-11"],
    },
    severity: "high",
    enforcement: "mandatory",
    optOuts: [{ name: "auditArchive", allows: "no S3 archive of the audit trail (CloudWatch Logs' own retention only)" }],
    settings: [
        "aws.cloudwatch.LogSubscriptionFilter on each /aws/rds/instance/<identifier>/postgresql and /aws/rds/cluster/<identifier>/postgresql group, whose destinationArn is an aws.kinesis.FirehoseDeliveryStream of the stack (destination extended_s3)",
        "the Firehose's bucket is declared in the stack with objectLockEnabled = true, or listed in the pack config's externalAuditArchives (an archive in a separate log-archive account, judged in that account's stack)",
        "aws.s3.BucketObjectLockConfiguration: rule.defaultRetention.mode = COMPLIANCE, days (or years × 365) >= posture minimum",
        "aws.s3.BucketVersioning: versioningConfiguration.status = Enabled",
        "aws.s3.BucketServerSideEncryptionConfiguration: sseAlgorithm aws:kms (or aws:kms:dsse) with kmsMasterKeyId a customer-managed key, not alias/aws/s3",
        "aws.s3.BucketPublicAccessBlock: blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true",
        'aws.s3.BucketPolicy: Deny when aws:SecureTransport is "false", and Deny s3:DeleteObject / s3:DeleteObjectVersion (or s3:*) to every principal',
    ],
    docs: [
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#FirehoseExample",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CrossAccountSubscriptions-Firehose.html",
    ],
});
