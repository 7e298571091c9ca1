import * as path from "path";
import { DETECTIONS, defaultDetectionSettings } from "../../../components/audit-trail/detections";
import { archiveBucketProtected } from "../../../components/catalog/controls/hpg-aud-06/plan-bucket-protection";
import { archiveObjectLock } from "../../../components/catalog/controls/hpg-aud-06/plan-object-lock";
import { archiveSubscription } from "../../../components/catalog/controls/hpg-aud-06/plan";
import { detectionsAlarmed } from "../../../components/catalog/controls/hpg-mon-02/plan";
import { CLOUDWATCH_DETECTIONS } from "../../../components/catalog/kit/plan/audit-alarms";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "../../../policies/crossguard/pack";
import { ProgramCheckReport, checkProgram } from "../../../policies/offline-check/check-program";
import { AnalyzedResource, PolicyDiagnostic, PolicyPackConfig, evaluatePack } from "../../../policies/offline-check/evaluate";
import { PACK_VERSION, lines, validateStack } from "../../support/policy-harness";

/**
 * The HardenedPostgres component's own audit trail, judged by the whole pack under mocks as `check` (and
 * `pulumi preview --policy-pack`) would: what it builds passes HPG-AUD-06 and HPG-MON-02, an archive or topic in
 * another account passes only when the pack config names it, the opt-outs are reported waivers, and the same stack
 * without one of its audit resources is blocked.
 */
const PROGRAM = path.join(__dirname, "..", "..", "fixtures", "programs", "component-audit-trail.ts");
const LOG_ARCHIVE_BUCKET = "arn:aws:s3:::acme-log-archive";
const SECURITY_TOPIC = "arn:aws:sns:us-east-1:210987654321:security-alerts";
const AUDIT_CONTROLS = ["HPG-AUD-06", "HPG-MON-02"];
const EXTERNALS: PolicyPackConfig = {
    "hpg-aud-06-archive-subscription": { externalAuditArchives: [LOG_ARCHIVE_BUCKET] },
    "hpg-mon-02-detections-alarmed": { externalAlarmTopics: [SECURITY_TOPIC] },
};

const mandatory = (report: { diagnostics: PolicyDiagnostic[] }) => report.diagnostics.filter((d) => d.enforcementLevel === "mandatory");
const named = (report: ProgramCheckReport, prefix: string) => report.resources.filter((r) => r.name.startsWith(prefix));

describe("the HardenedPostgres component's audit trail through the pack", () => {
    let plain: ProgramCheckReport;
    /** The same registrations judged by the whole pack with EXTERNALS (jest can't run a program twice in one registry). */
    let configured: { resources: AnalyzedResource[]; diagnostics: PolicyDiagnostic[] };
    beforeAll(async () => {
        plain = await checkProgram({ program: PROGRAM });
        const resources = [...plain.resources, ...plain.defaultProviders];
        configured = { resources, diagnostics: await evaluatePack(POLICIES, resources, { pack: { name: PACK_NAME, version: PACK_VERSION, enforcementLevel: PACK_ENFORCEMENT_LEVEL }, config: EXTERNALS }) };
    }, 240_000);

    it("builds an archive and alarms that pass HPG-AUD-06 and HPG-MON-02 (posture hipaa: six years of Object Lock)", () => {
        const orders = named(plain, "orders-").map((r) => r.type);
        for (const type of ["aws:s3/bucket:Bucket", "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "aws:sns/topic:Topic"]) {
            expect([type, orders.includes(type)]).toEqual([type, true]);
        }
        const filtered = DETECTIONS.filter((d) => d.cloudwatch(defaultDetectionSettings()).kind === "metric-filter");
        expect(orders.filter((t) => t === "aws:cloudwatch/logMetricFilter:LogMetricFilter").length).toBe(filtered.length);
        expect(mandatory(plain).filter((d) => !d.urn?.includes("::ledger-"))).toEqual([]);
    });

    it("blocks an archive bucket and alarm topic in other accounts that the pack config doesn't name", () => {
        expect(mandatory(plain).map((d) => [d.control, d.urn?.split("::").pop()])).toEqual([
            ["HPG-AUD-06", "ledger-instance"],
            ...CLOUDWATCH_DETECTIONS.map((id) => ["HPG-MON-02", `ledger-audit-${id}`]),
        ]);
    });

    it("passes them once the pack config lists them as external", () => {
        expect(mandatory(configured)).toEqual([]);
    });

    it("reports the opt-outs auditArchive and auditAlarms as waivers with their reasons, never silently", () => {
        expect(configured.diagnostics.filter((d) => d.policy === "hpg-opt-out-waivers").map((d) => d.message)).toEqual([
            "[HPG-MON-02] RDS instance 'staging-instance': waived by opt-out auditAlarms (no CloudWatch alarms on the audit trail (the detections run elsewhere, e.g. a SIEM)); reason: staging holds synthetic data only; nobody is paged for it",
            "[HPG-AUD-06] RDS instance 'staging-instance': waived by opt-out auditArchive (no S3 archive of the audit trail (CloudWatch Logs' own retention only)); reason: staging holds synthetic data only; CloudWatch keeps its logs 365 days",
        ]);
    });

    describe("the same stack with one audit resource taken away is blocked", () => {
        const without = (type: string) => configured.resources.filter((r) => !(r.name.startsWith("orders-") && r.type === type));
        const controls = async (resources: ReturnType<typeof without>) =>
            (await Promise.all([archiveSubscription, archiveObjectLock, archiveBucketProtected, detectionsAlarmed].map((p) => validateStack(p, resources, EXTERNALS)))).flat();

        it.each([
            ["its subscription filter", "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "hpg-aud-06-archive-subscription"],
            ["its Object Lock configuration", "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "hpg-aud-06-archive-object-lock"],
            ["its bucket policy", "aws:s3/bucketPolicy:BucketPolicy", "hpg-aud-06-archive-bucket-protected"],
            ["its public access block", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "hpg-aud-06-archive-bucket-protected"],
            ["its metric filters", "aws:cloudwatch/logMetricFilter:LogMetricFilter", "hpg-mon-02-detections-alarmed"],
            ["its alarms", "aws:cloudwatch/metricAlarm:MetricAlarm", "hpg-mon-02-detections-alarmed"],
        ])("without %s", async (_what, type, policy) => {
            const found = await controls(without(type));
            expect(found.length).toBeGreaterThan(0);
            expect([...new Set(found.map((d) => d.policy))]).toEqual([policy]);
            expect(lines(found).every((l) => AUDIT_CONTROLS.some((c) => l.startsWith(`mandatory [${c}] `)))).toBe(true);
        });
    });
});
