import * as path from "path";
import { checkProgram } from "../../../../policies/offline-check/check-program";
import { jsonReport } from "../../../../policies/offline-check/report";
import { EvidenceBundle, PlanReportError, withPlanWaivers } from "../../../../policies/live/evidence/bundle";
import { renderEvidenceMarkdown } from "../../../../policies/live/evidence/markdown";
import { auditTrailNotExamined } from "../../../../policies/live/evidence/audit-trail";

/** A bundle with nothing in it but what the Markdown renderer reads: the waivers section is what is under test. */
const EMPTY_BUNDLE = {
    collectedAt: "2026-11-26T07:00:00Z",
    tool: { name: "hardened-postgres", version: "0.0.0" },
    target: { host: "db.example", port: 5432, redactedUrl: "postgresql://svc_audit@db.example:5432/app" },
    platform: "rds",
    server: { database: "app" },
    serverIdentity: { verified: true, detail: "verify-full" },
    options: { adminRoles: ["hpg_admin"], tenantColumn: "tenant_id" },
    summary: { controls: 0, passed: 0, failed: 0, errors: 0, result: "pass", serverIdentityVerified: true },
    controls: [],
    notCheckedHere: [],
    accessReview: [],
    serverEvidence: [],
    auditTrail: auditTrailNotExamined(),
} as unknown as EvidenceBundle;

describe("withPlanWaivers: the evidence bundle lists every accepted weakening of the plan, with its reason", () => {
    let report: unknown;
    beforeAll(async () => {
        // The real `check --json` document of a program with three opt-outs, as `evidence --plan-report` reads it.
        const result = await checkProgram({ program: path.resolve(__dirname, "../../../fixtures/programs/component-with-opt-outs.ts") });
        report = JSON.parse(JSON.stringify(jsonReport(result)));
    }, 60_000);

    it("adds each waiver with its control's framework references", () => {
        const bundle = withPlanWaivers(EMPTY_BUNDLE, report, "plan/check.json");
        expect(bundle.waivers!.source).toBe("plan/check.json");
        expect(bundle.waivers!.items.map((w) => [w.name, w.control, w.optOut, w.reason])).toEqual([
            ["staging-instance", "HPG-BAK-02", "deletionProtection", "ephemeral environment, destroyed every night"],
            ["staging-instance", "HPG-MON-01", "enhancedMonitoring", "OS metrics not needed for staging"],
            ["staging-instance", "HPG-AVL-01", "singleAz", "staging copy of production, rebuilt nightly from a snapshot"],
        ]);
        expect(bundle.waivers!.items.every((w) => w.frameworkReferences.length > 0)).toBe(true);
        expect(EMPTY_BUNDLE.waivers).toBeUndefined();
    });

    it("renders them in the Markdown an auditor reads", () => {
        const markdown = renderEvidenceMarkdown(withPlanWaivers(EMPTY_BUNDLE, report, "plan/check.json")).split("\n");
        const start = markdown.indexOf("## Accepted weakenings (waivers)");
        expect(start).toBeGreaterThan(0);
        expect(markdown[start + 2]).toBe("Every named opt-out in force in the deployed plan, from `plan/check.json` (`hardened-postgres check --json`), with the reason it was accepted.");
        expect(markdown[start + 4]).toBe("| resource | control | frameworks | opt-out | allows | reason |");
        expect(markdown[start + 6]).toMatch(/^\| aws:rds\/instance:Instance 'staging-instance' \| HPG-BAK-02 \| .+ \| deletionProtection \| .+ \| ephemeral environment, destroyed every night \|$/);
        expect(renderEvidenceMarkdown(EMPTY_BUNDLE)).not.toContain("Accepted weakenings");
    });

    it.each([
        ["an older report without waivers", { resources: 12, violations: [] }, "plan.json: not a 'hardened-postgres check --json' report with a waivers list (run check again with --json)"],
        ["not an object", [], "plan.json: not a 'hardened-postgres check --json' report with a waivers list (run check again with --json)"],
        ["a waiver without a reason", { waivers: [{ urn: "u", type: "t", name: "n", control: "HPG-AVL-01", optOut: "singleAz", allows: "a" }] }, "plan.json: [waivers[0].reason] must be a string"],
        ["an unknown control", { waivers: [{ urn: "u", type: "t", name: "n", control: "HPG-XXX-01", optOut: "o", allows: "a", reason: "r" }] }, "plan.json: [waivers[0].control] 'HPG-XXX-01' is not a control of this catalog"],
    ])("refuses %s, naming the file", (_case, bad, message) => {
        expect(() => withPlanWaivers(EMPTY_BUNDLE, bad, "plan.json")).toThrow(new PlanReportError(message));
    });
});
