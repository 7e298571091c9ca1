import { archiveObjectLock as policy } from "../../../../../components/catalog/controls/hpg-aud-06/plan-object-lock";
import { archive } from "../../../../support/audit-archive-fixtures";
import { auroraCluster } from "../../../../support/cluster-fixtures";
import { instance, logGroup } from "../../../../support/policy-fixtures";
import { lines, validateStack } from "../../../../support/policy-harness";

const FIX = (days: number) => `declare an aws.s3.BucketObjectLockConfiguration with rule.defaultRetention { mode: "COMPLIANCE", days: ${days} } or more`;
const bucketViolation = (problem: string, fix: string) => `mandatory [HPG-AUD-06] S3 bucket 'audit-archive': ${problem}; ${fix}`;
const hipaa = { tags: { "compliance-posture": "hipaa" } };

describe("hpg-aud-06-archive-object-lock", () => {
    const group = logGroup();

    it("passes COMPLIANCE mode for the soc2 posture's 365 days, on the canonical classes and the …V2 aliases", async () => {
        expect(await validateStack(policy, [instance(), group, ...archive({ group })])).toEqual([]);
        expect(await validateStack(policy, [instance(), group, ...archive({ group, v2: true })])).toEqual([]);
    });

    it("passes a retention given in years, and the bucket's deprecated inline configuration", async () => {
        expect(await validateStack(policy, [instance(hipaa), group, ...archive({ group, objectLock: { rule: { defaultRetention: { mode: "COMPLIANCE", years: 7 } } } })])).toEqual([]);
        const inline = archive({ group, objectLock: false, bucket: { objectLockConfiguration: { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", days: 400 } } } } });
        expect(await validateStack(policy, [instance(), group, ...inline])).toEqual([]);
    });

    it("blocks a bucket created without Object Lock", async () => {
        expect(lines(await validateStack(policy, [instance(), group, ...archive({ group, bucket: { objectLockEnabled: false } })]))).toEqual([
            bucketViolation("objectLockEnabled is not true, so the audit archive's objects can be overwritten or deleted", "create the bucket with objectLockEnabled: true"),
        ]);
    });

    it("blocks a bucket with Object Lock on but no default retention", async () => {
        expect(lines(await validateStack(policy, [instance(), group, ...archive({ group, objectLock: false })]))).toEqual([bucketViolation("has no default Object Lock retention, so objects are written unlocked", FIX(365))]);
    });

    it("blocks GOVERNANCE mode, which s3:BypassGovernanceRetention overrides", async () => {
        expect(lines(await validateStack(policy, [instance(), group, ...archive({ group, objectLock: { rule: { defaultRetention: { mode: "GOVERNANCE", days: 365 } } } })]))).toEqual([
            bucketViolation("default retention mode is 'GOVERNANCE', which a principal with s3:BypassGovernanceRetention can shorten or remove", FIX(365)),
        ]);
    });

    it("blocks a retention shorter than the posture's: 365 days passes soc2 but not hipaa's six years", async () => {
        expect(lines(await validateStack(policy, [instance(hipaa), group, ...archive({ group })]))).toEqual([
            bucketViolation("default retention is 365 days and the hipaa posture of RDS instance 'db' requires 2192", FIX(2192)),
        ]);
        expect(lines(await validateStack(policy, [instance(), group, ...archive({ group, objectLock: { rule: { defaultRetention: { mode: "COMPLIANCE", days: 90 } } } })]))).toEqual([
            bucketViolation("default retention is 90 days and the soc2 posture of RDS instance 'db' requires 365", FIX(365)),
        ]);
    });

    it("reads the posture from the pack config when no tag names one, and a cluster's tag as an instance's", async () => {
        const untagged = instance({ tags: { "data-classification": "phi" } });
        expect(lines(await validateStack(policy, [untagged, group, ...archive({ group })], { "hpg-aud-06-archive-object-lock": { posture: "hipaa" } }))).toEqual([
            bucketViolation("default retention is 365 days and the stack's hipaa posture (pack config) of RDS instance 'db' requires 2192", FIX(2192)),
        ]);
        const cluster = auroraCluster(hipaa);
        expect(lines(await validateStack(policy, [cluster, ...archive({ subscription: { logGroup: "/aws/rds/cluster/cluster-1/postgresql" } })]))).toEqual([
            bucketViolation("default retention is 365 days and the hipaa posture of RDS cluster 'cluster' requires 2192", FIX(2192)),
        ]);
    });

    it("applies the pack's floor when it is above the posture's", async () => {
        expect(lines(await validateStack(policy, [instance(), group, ...archive({ group })], { "hpg-aud-06-archive-object-lock": { minAuditArchiveRetentionDays: 731 } }))).toEqual([
            bucketViolation("default retention is 365 days and the pack requires 731", FIX(731)),
        ]);
    });

    it("is not applicable when the stack declares no archive bucket (the subscription policy reports why)", async () => {
        expect(await validateStack(policy, [instance(), group])).toEqual([]);
        expect(await validateStack(policy, [instance(), group, ...archive({ group, subscription: false, bucket: { objectLockEnabled: false } })])).toEqual([]);
    });
});
