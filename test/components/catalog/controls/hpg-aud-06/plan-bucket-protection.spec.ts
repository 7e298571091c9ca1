import { archiveBucketProtected as policy } from "../../../../../components/catalog/controls/hpg-aud-06/plan-bucket-protection";
import { ARCHIVE_BUCKET_ARN, ARCHIVE_POLICY, archive } from "../../../../support/audit-archive-fixtures";
import { KEY_ARN, instance, logGroup } from "../../../../support/policy-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, validateStack } from "../../../../support/policy-harness";

const bucketViolation = (problem: string, fix: string) => `mandatory [HPG-AUD-06] S3 bucket 'audit-archive': ${problem}; ${fix}`;
const VERSIONING_FIX = 'declare an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled"';
const ENCRYPTION_FIX = 'declare an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" and kmsMasterKeyId a customer-managed key ARN';
const PUBLIC_FIX = "declare an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true";
const NO_TLS_DENY = bucketViolation(
    "no bucket policy statement denies requests without TLS, so the archive can be read over plain HTTP",
    'add an aws.s3.BucketPolicy statement { Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }',
);
const NO_DELETE_DENY = bucketViolation(
    "no bucket policy statement denies deleting objects to every principal, so a delete marker can hide an audit object",
    'add an aws.s3.BucketPolicy statement { Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"] } without a condition',
);
const [TLS_ONLY, NO_DELETES] = ARCHIVE_POLICY.Statement;
const policyOf = (...statements: object[]) => ({ Version: "2012-10-17", Statement: statements });
const encryptedWith = (sseAlgorithm: string, kmsMasterKeyId?: string) => ({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm, ...(kmsMasterKeyId !== undefined ? { kmsMasterKeyId } : {}) } }] });

describe("hpg-aud-06-archive-bucket-protected", () => {
    const group = logGroup();
    const judge = (changes: Parameters<typeof archive>[0]) => validateStack(policy, [instance(), group, ...archive({ group, ...changes })]);

    it("passes a versioned, SSE-KMS (customer-managed key), private, TLS-only bucket that denies deletes, canonical and …V2 classes", async () => {
        expect(await judge({})).toEqual([]);
        expect(await judge({ v2: true })).toEqual([]);
    });

    it("passes equivalent policies: wildcards, {AWS: \"*\"}, a boolean condition value, and dual-layer SSE-KMS", async () => {
        const equivalent = policyOf(
            { Effect: "Deny", Principal: { AWS: "*" }, Action: "*", Resource: `${ARCHIVE_BUCKET_ARN}/*`, Condition: { Bool: { "aws:securetransport": false } } },
            { Effect: "Deny", Principal: { AWS: ["*"] }, Action: "s3:Delete*", Resource: `${ARCHIVE_BUCKET_ARN}/*` },
        );
        expect(await judge({ policy: equivalent, encryption: encryptedWith("aws:kms:dsse", KEY_ARN) })).toEqual([]);
    });

    it("passes the bucket's deprecated inline versioning, encryption and policy", async () => {
        const inline = {
            versioning: { enabled: true },
            serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN } } },
            policy: JSON.stringify(ARCHIVE_POLICY),
        };
        expect(await judge({ versioning: false, encryption: false, policy: false, bucket: inline })).toEqual([]);
    });

    it("blocks suspended or missing versioning", async () => {
        expect(lines(await judge({ versioning: { versioningConfiguration: { status: "Suspended" } } }))).toEqual([bucketViolation("versioning is 'Suspended', so an overwritten audit object is not kept", VERSIONING_FIX)]);
        expect(lines(await judge({ versioning: false }))).toEqual([bucketViolation("versioning is not enabled, so an overwritten audit object is not kept", VERSIONING_FIX)]);
    });

    it("blocks S3-managed keys (AES256), no default encryption, SSE-KMS without a key, and the AWS-managed key", async () => {
        expect(lines(await judge({ encryption: encryptedWith("AES256") }))).toEqual([bucketViolation("sseAlgorithm is 'AES256', so the archive is encrypted with S3-managed keys nobody can restrict", ENCRYPTION_FIX)]);
        expect(lines(await judge({ encryption: false }))).toEqual([bucketViolation("has no default encryption with a KMS key, so S3 encrypts with its own keys (SSE-S3)", ENCRYPTION_FIX)]);
        expect(lines(await judge({ encryption: encryptedWith("aws:kms") }))).toEqual([bucketViolation("kmsMasterKeyId is not set, so S3 uses the AWS-managed key aws/s3", ENCRYPTION_FIX)]);
        expect(lines(await judge({ encryption: encryptedWith("aws:kms", "alias/aws/s3") }))).toEqual([
            bucketViolation("kmsMasterKeyId is 'alias/aws/s3', an AWS-managed key whose policy the customer can't restrict", ENCRYPTION_FIX),
        ]);
    });

    it.each(["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const)("blocks a public access block with %s off", async (flag) => {
        expect(lines(await judge({ publicAccessBlock: { [flag]: false } }))).toEqual([bucketViolation(`public access block 'audit-archive-public-access' leaves ${flag} off`, PUBLIC_FIX)]);
    });

    it("blocks a bucket without a public access block", async () => {
        expect(lines(await judge({ publicAccessBlock: false }))).toEqual([bucketViolation("has no public access block, so a bucket policy or ACL could make the audit archive public", PUBLIC_FIX)]);
    });

    it("blocks a policy that doesn't deny requests without TLS, or only some actions without it", async () => {
        expect(lines(await judge({ policy: policyOf(NO_DELETES) }))).toEqual([NO_TLS_DENY]);
        expect(lines(await judge({ policy: policyOf({ ...TLS_ONLY, Action: "s3:GetObject" }, NO_DELETES) }))).toEqual([NO_TLS_DENY]);
        expect(lines(await judge({ policy: policyOf({ ...TLS_ONLY, Condition: { Bool: { "aws:SecureTransport": "true" } } }, NO_DELETES) }))).toEqual([NO_TLS_DENY]);
    });

    it("blocks a policy that doesn't deny deletes to everyone, unconditionally, for objects and their versions", async () => {
        expect(lines(await judge({ policy: policyOf(TLS_ONLY) }))).toEqual([NO_DELETE_DENY]);
        expect(lines(await judge({ policy: policyOf(TLS_ONLY, { ...NO_DELETES, Action: "s3:DeleteObject" }) }))).toEqual([NO_DELETE_DENY]);
        expect(lines(await judge({ policy: policyOf(TLS_ONLY, { ...NO_DELETES, Principal: { AWS: "arn:aws:iam::123456789012:role/app" } }) }))).toEqual([NO_DELETE_DENY]);
        expect(lines(await judge({ policy: policyOf(TLS_ONLY, { ...NO_DELETES, Condition: { StringNotEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/breakglass" } } }) }))).toEqual([NO_DELETE_DENY]);
    });

    it("blocks a bucket with no policy at all, both ways", async () => {
        expect(lines(await judge({ policy: false }))).toEqual([NO_TLS_DENY, NO_DELETE_DENY]);
    });

    it("can't run during preview while the policy document is unknown", async () => {
        const resources = archive({ group });
        const policyResource = resources.find((r) => r.name === "audit-archive-policy")!;
        policyResource.inputs.policy = UNKNOWN.string;
        expect(lines(await validateStack(policy, [instance(), group, ...resources]))).toEqual([cantRunDuringPreview("hpg-aud-06-archive-bucket-protected", "string value at .policy")]);
    });
});
