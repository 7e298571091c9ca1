import * as pulumi from "@pulumi/pulumi";
import { POSTURE_PROFILES, POSTURES } from "../../../components/catalog";
import { auditArchiveBucketPolicy, AuditArchiveSettings, createAuditArchive } from "../../../components/hardened-postgres/audit-archive";
import { auditArchiveBucketPrefix } from "../../../components/hardened-postgres/audit-names";
import { MOCK_ACCOUNT, MOCK_REGION, PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TAGS = { "data-classification": "phi", "compliance-posture": "hipaa", "managed-by": "hardened-postgres" };
const settings = (identifier: string, more: Partial<AuditArchiveSettings> = {}): AuditArchiveSettings => ({
    identifier,
    retentionDays: POSTURE_PROFILES.hipaa.minAuditArchiveRetentionDays,
    retainOnDelete: true,
    tags: {},
    dataClassification: "phi",
    posture: "hipaa",
    optOuts: {},
    ...more,
});

async function build(name: string, more: Partial<AuditArchiveSettings> = {}) {
    const parent = new pulumi.ComponentResource("test:index:Parent", name, {}, { transformations: [recorder.captureOptions] });
    const archive = createAuditArchive(name, settings(`${name}-db`, more), KEY_ARN, parent);
    await valueOf(pulumi.all([archive.bucketArn, archive.policy.id]));
    await recorder.settle();
    return archive;
}

const names = (resources: unknown) => (resources as { __name: string }[]).map((r) => r.__name);
const BUCKET_ARN = (name: string) => `arn:aws:s3:${MOCK_REGION}:${MOCK_ACCOUNT}:${name}-audit-archive`;

describe("each posture's minimum archive retention", () => {
    it("is SOC 2's and PCI DSS 10.5.1's 12 months, and HIPAA 164.316(b)(2)(i)'s six years", () => {
        expect(Object.fromEntries(POSTURES.map((p) => [p, POSTURE_PROFILES[p].minAuditArchiveRetentionDays]))).toEqual({ soc2: 365, hipaa: 2192, pci: 365 });
    });
});

describe("createAuditArchive", () => {
    let archive: Awaited<ReturnType<typeof build>>;
    beforeAll(async () => {
        archive = await build("orders");
    });

    it("creates the bucket with Object Lock enabled at creation, never force-destroyed, retained with the stack's key and logs", () => {
        const bucket = recorder.one("aws:s3/bucket:Bucket", "orders-audit-archive");
        expect(bucket.inputs).toEqual({ bucketPrefix: "hpg-audit-orders-db-", objectLockEnabled: true, forceDestroy: false, tags: TAGS });
        expect(bucket.opts?.retainOnDelete).toBe(true);
        expect(bucket.opts?.parent).toBeDefined();
    });

    it("locks every new object version in COMPLIANCE mode for the posture's days, after versioning is on", () => {
        const lock = recorder.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "orders-audit-archive-object-lock");
        expect(lock.inputs).toEqual({ bucket: "orders-audit-archive-id", objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", days: 2192 } } });
        expect(names(lock.opts?.dependsOn)).toEqual(["orders-audit-archive-versioning"]);
        expect(recorder.one("aws:s3/bucketVersioning:BucketVersioning", "orders-audit-archive-versioning").inputs).toEqual({
            bucket: "orders-audit-archive-id",
            versioningConfiguration: { status: "Enabled" },
        });
    });

    it("encrypts with SSE-KMS under the customer-managed key, with an S3 Bucket Key", () => {
        expect(recorder.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "orders-audit-archive-encryption").inputs).toEqual({
            bucket: "orders-audit-archive-id",
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }],
        });
    });

    it("blocks every form of public access", () => {
        expect(recorder.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "orders-audit-archive-public-access").inputs).toEqual({
            bucket: "orders-audit-archive-id",
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
    });

    it("attaches the TLS-only, undeletable policy after the lock it protects and the public access block", async () => {
        const policy = recorder.one("aws:s3/bucketPolicy:BucketPolicy", "orders-audit-archive-policy");
        expect(policy.inputs).toEqual({ bucket: "orders-audit-archive-id", policy: auditArchiveBucketPolicy(BUCKET_ARN("orders")) });
        expect(names(policy.opts?.dependsOn)).toEqual(["orders-audit-archive-object-lock", "orders-audit-archive-public-access"]);
        expect(await valueOf(archive.bucketName)).toBe("orders-audit-archive-id");
    });

    it("names every child after the component and parents it there", () => {
        const children = recorder.resources.filter((r) => r.name.startsWith("orders-audit-archive"));
        expect(children.map((c) => c.name).sort()).toEqual([
            "orders-audit-archive",
            "orders-audit-archive-encryption",
            "orders-audit-archive-object-lock",
            "orders-audit-archive-policy",
            "orders-audit-archive-public-access",
            "orders-audit-archive-versioning",
        ]);
        for (const child of children) {
            expect((child.opts?.parent as unknown as { __name: string }).__name).toBe("orders");
        }
    });

    it("takes a longer retention as given, and follows retainOnDelete when the stack's key and logs are deleted with it", async () => {
        await build("longer", { retentionDays: 3653, retainOnDelete: false });
        expect(recorder.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "longer-audit-archive-object-lock").inputs.rule).toEqual({
            defaultRetention: { mode: "COMPLIANCE", days: 3653 },
        });
        expect(recorder.one("aws:s3/bucket:Bucket", "longer-audit-archive").opts?.retainOnDelete).toBe(false);
    });
});

describe("auditArchiveBucketPolicy", () => {
    const arn = "arn:aws:s3:::hpg-audit-orders-db-20261126";
    const policy = JSON.parse(auditArchiveBucketPolicy(arn));

    it("denies every request made without TLS, to everyone, on the bucket and its objects", () => {
        expect(policy.Statement[0]).toEqual({
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [arn, `${arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
    });

    it("denies everyone, unconditionally, deleting an object or a version, and rewriting the Object Lock default", () => {
        expect(policy.Statement.slice(1)).toEqual([
            { Sid: "DenyObjectDeletion", Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"], Resource: `${arn}/*` },
            { Sid: "DenyObjectLockChanges", Effect: "Deny", Principal: "*", Action: ["s3:PutBucketObjectLockConfiguration"], Resource: arn },
        ]);
    });

    it("allows nothing: every statement is a Deny, so the public access block never sees it as public", () => {
        expect(policy.Statement.map((s: { Effect: string }) => s.Effect)).toEqual(["Deny", "Deny", "Deny"]);
    });
});

describe("auditArchiveBucketPrefix", () => {
    it("fits S3's 37-character bucketPrefix limit for the longest identifier RDS allows", () => {
        const longest = `a${"b".repeat(62)}`;
        expect(auditArchiveBucketPrefix(longest)).toHaveLength(37);
        expect(auditArchiveBucketPrefix("orders-db")).toBe("hpg-audit-orders-db-");
    });
});
