import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { ARCHIVE_RETENTION_CONFIG_SCHEMA, ARCHIVE_RETENTION_DEFAULTS, archiveBuckets, archiveRoutes, requiredArchiveRetention } from "../../kit/plan/audit-archive";
import { BUCKET_KIND, bucketConfigurations } from "../../kit/plan/audit-archive-bucket";
import { configWithDefaults } from "../../kit/plan/policy-config";
import { control } from "./control";

/** S3 counts an Object Lock year as 365 days (PutObjectLockConfiguration DefaultRetention: Days or Years). */
const DAYS_PER_YEAR = 365;

/** The default retention a bucket's Object Lock configuration sets: its own resource's, else the bucket's inline one (deprecated in v7). */
function defaultRetentionOf(bucket: PolicyResource, resources: readonly PolicyResource[]): { mode?: string; days?: number; years?: number } | undefined {
    const configuration = bucketConfigurations(bucket, resources, [aws.s3.BucketObjectLockConfiguration, aws.s3.BucketObjectLockConfigurationV2])[0];
    const rule = configuration !== undefined ? configuration.props.rule : bucket.props.objectLockConfiguration?.rule;
    return rule?.defaultRetention;
}

/**
 * HPG-AUD-06: the archive bucket locks every object in COMPLIANCE mode, which no principal (the account's root user
 * included) can shorten or remove, for at least the posture's retention. GOVERNANCE mode yields to
 * s3:BypassGovernanceRetention, so it is not "where no one can change it".
 */
export const archiveObjectLock: ControlPolicy = {
    name: "hpg-aud-06-archive-object-lock",
    judges: "stack: each audit archive bucket has `objectLockEnabled` and an `aws.s3.BucketObjectLockConfiguration` default retention in COMPLIANCE mode ≥ the posture's minimum",
    ...controlMetadata(control),
    configSchema: ARCHIVE_RETENTION_CONFIG_SCHEMA,
    validateStack: (args, reportViolation) => {
        const config = configWithDefaults(ARCHIVE_RETENTION_DEFAULTS, args);
        // An archive in another account leads to no bucket here: hpg-aud-06-archive-subscription judges that route.
        const buckets = archiveBuckets(archiveRoutes(args.resources, []));
        if (buckets.size === 0) {
            args.notApplicable("no audit log group of the stack is archived to a bucket the stack declares");
        }
        for (const [bucket, routes] of buckets) {
            const report = (problem: string, fix: string) => reportViolation(violation(control.id, BUCKET_KIND, bucket.name, problem, fix), bucket.urn);
            if (bucket.props.objectLockEnabled !== true) {
                report("objectLockEnabled is not true, so the audit archive's objects can be overwritten or deleted", "create the bucket with objectLockEnabled: true");
                continue;
            }
            const required = routes.map((r) => requiredArchiveRetention(r.group, config)).reduce((a, b) => (b.days > a.days ? b : a));
            const retention = defaultRetentionOf(bucket, args.resources);
            const fix = `declare an aws.s3.BucketObjectLockConfiguration with rule.defaultRetention { mode: "COMPLIANCE", days: ${required.days} } or more`;
            if (retention === undefined) {
                report("has no default Object Lock retention, so objects are written unlocked", fix);
                continue;
            }
            if (retention.mode !== "COMPLIANCE") {
                report(`default retention mode is '${retention.mode}', which a principal with s3:BypassGovernanceRetention can shorten or remove`, fix);
            }
            const days = retention.days ?? (retention.years !== undefined ? retention.years * DAYS_PER_YEAR : 0);
            if (days < required.days) {
                report(`default retention is ${days} days and ${required.why} ${required.days}`, fix);
            }
        }
    },
};
