import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { archiveBuckets, archiveRoutes } from "../../kit/plan/audit-archive";
import { BUCKET_KIND, bucketConfigurations } from "../../kit/plan/audit-archive-bucket";
import { deniesInsecureTransport, deniesObjectDeletion, policyStatements } from "../../kit/plan/bucket-policy-statements";
import { isAwsManagedKeyAlias } from "../../kit/plan/rds-instance";
import { control } from "./control";

type Report = (problem: string, fix: string) => void;

/** The four settings of S3 Block Public Access, each of which must be on for a private bucket. */
const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/** SSE-KMS, single- or dual-layer: the algorithms that encrypt with a KMS key the customer can manage. */
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

function judgeVersioning(bucket: PolicyResource, resources: readonly PolicyResource[], report: Report): void {
    const configuration = bucketConfigurations(bucket, resources, [aws.s3.BucketVersioning, aws.s3.BucketVersioningV2])[0];
    const fix = 'declare an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled"';
    if (configuration !== undefined) {
        const status: string | undefined = configuration.props.versioningConfiguration?.status;
        if (status !== "Enabled") {
            report(`versioning is '${status}', so an overwritten audit object is not kept`, fix);
        }
    } else if (bucket.props.versioning?.enabled !== true) {
        report("versioning is not enabled, so an overwritten audit object is not kept", fix);
    }
}

function judgeEncryption(bucket: PolicyResource, resources: readonly PolicyResource[], report: Report): void {
    const configuration = bucketConfigurations(bucket, resources, [aws.s3.BucketServerSideEncryptionConfiguration, aws.s3.BucketServerSideEncryptionConfigurationV2])[0];
    const rules: { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyId?: string } }[] =
        configuration !== undefined ? [...(configuration.props.rules ?? [])] : bucket.props.serverSideEncryptionConfiguration?.rule !== undefined ? [bucket.props.serverSideEncryptionConfiguration.rule] : [];
    const fix = 'declare an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" and kmsMasterKeyId a customer-managed key ARN';
    const byDefault = rules.map((r) => r.applyServerSideEncryptionByDefault).find((d) => d !== undefined);
    if (byDefault === undefined) {
        report("has no default encryption with a KMS key, so S3 encrypts with its own keys (SSE-S3)", fix);
    } else if (!KMS_ALGORITHMS.includes(byDefault.sseAlgorithm ?? "")) {
        report(`sseAlgorithm is '${byDefault.sseAlgorithm}', so the archive is encrypted with S3-managed keys nobody can restrict`, fix);
    } else if (byDefault.kmsMasterKeyId === undefined || byDefault.kmsMasterKeyId === "") {
        report("kmsMasterKeyId is not set, so S3 uses the AWS-managed key aws/s3", fix);
    } else if (isAwsManagedKeyAlias(byDefault.kmsMasterKeyId)) {
        report(`kmsMasterKeyId is '${byDefault.kmsMasterKeyId}', an AWS-managed key whose policy the customer can't restrict`, fix);
    }
}

function judgePublicAccess(bucket: PolicyResource, resources: readonly PolicyResource[], report: Report): void {
    const block = bucketConfigurations(bucket, resources, [aws.s3.BucketPublicAccessBlock])[0];
    const fix = `declare an aws.s3.BucketPublicAccessBlock with ${PUBLIC_ACCESS_FLAGS.join(", ")} all true`;
    if (block === undefined) {
        report("has no public access block, so a bucket policy or ACL could make the audit archive public", fix);
        return;
    }
    const off = PUBLIC_ACCESS_FLAGS.filter((flag) => block.props[flag] !== true);
    if (off.length > 0) {
        report(`public access block '${block.name}' leaves ${off.join(", ")} off`, fix);
    }
}

function judgeBucketPolicy(bucket: PolicyResource, resources: readonly PolicyResource[], report: Report): void {
    const attached = bucketConfigurations(bucket, resources, [aws.s3.BucketPolicy]).map((p) => p.props.policy);
    const documents = attached.length > 0 ? attached : bucket.props.policy !== undefined ? [bucket.props.policy] : [];
    const statements = documents.flatMap((d) => policyStatements(d) ?? []);
    if (!deniesInsecureTransport(statements)) {
        report(
            'no bucket policy statement denies requests without TLS, so the archive can be read over plain HTTP',
            'add an aws.s3.BucketPolicy statement { Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }',
        );
    }
    if (!deniesObjectDeletion(statements)) {
        report(
            "no bucket policy statement denies deleting objects to every principal, so a delete marker can hide an audit object",
            'add an aws.s3.BucketPolicy statement { Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"] } without a condition',
        );
    }
}

/**
 * HPG-AUD-06: the archive bucket keeps every version, is encrypted with a customer-managed key, can't be made public,
 * and its policy refuses plain HTTP and deletes. Judges @pulumi/aws v7's canonical classes and their deprecated `…V2`
 * aliases, and the bucket's own (deprecated) inline arguments when no separate resource configures it.
 */
export const archiveBucketProtected: ControlPolicy = {
    name: "hpg-aud-06-archive-bucket-protected",
    judges: "stack: each audit archive bucket is versioned, SSE-KMS with a customer-managed key, has all four public-access-block flags on, and a bucket policy denying non-TLS requests and object deletion",
    ...controlMetadata(control),
    validateStack: (args, reportViolation) => {
        // An archive in another account leads to no bucket here: hpg-aud-06-archive-subscription judges that route.
        const buckets = archiveBuckets(archiveRoutes(args.resources, []));
        if (buckets.size === 0) {
            args.notApplicable("no audit log group of the stack is archived to a bucket the stack declares");
        }
        for (const bucket of buckets.keys()) {
            const report: Report = (problem, fix) => reportViolation(violation(control.id, BUCKET_KIND, bucket.name, problem, fix), bucket.urn);
            judgeVersioning(bucket, args.resources, report);
            judgeEncryption(bucket, args.resources, report);
            judgePublicAccess(bucket, args.resources, report);
            judgeBucketPolicy(bucket, args.resources, report);
        }
    },
};
