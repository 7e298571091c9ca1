import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { archiveProofPassed, verifyArchive } from "../../../../policies/audit/archive-chain";
import { ArchivedEntry, ArchiveRecord, CHAIN_FILE, nextRecord, recordLine } from "../../../../policies/audit/archive-record";
import { buildAuditReport } from "../../../../policies/audit/report";
import { auditTrailEvidence, auditTrailFailed, auditTrailNotExamined, NO_AUDIT_ARCHIVE, NO_AUDIT_LOGS } from "../../../../policies/live/evidence/audit-trail";
import { EvidenceBundle, withAuditTrail } from "../../../../policies/live/evidence/bundle";
import { renderEvidenceMarkdown } from "../../../../policies/live/evidence/markdown";
import { HOSTILE_PERSON, sampleInput } from "../../audit/report-fixture";

/** A bundle with nothing in it but what the Markdown renderer reads: the audit-trail section is what is under test. */
const EMPTY_BUNDLE = {
    collectedAt: "2026-11-26T12:00:00Z",
    tool: { name: "hardened-postgres", version: "0.0.0" },
    target: { host: "db.example", port: 5432, redactedUrl: "postgresql://svc_audit@db.example:5432/app" },
    platform: "self-managed",
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

/** The lines of the Markdown's audit-trail section. */
function section(bundle: EvidenceBundle): string[] {
    const lines = renderEvidenceMarkdown(bundle).split("\n");
    const start = lines.indexOf("## Audit trail in operation");
    const end = lines.indexOf("## Controls judged outside the database");
    expect(start).toBeGreaterThan(0);
    return lines.slice(start, end);
}

function entry(n: number): ArchivedEntry {
    const message = `AUDIT: SESSION,${n},1,READ,SELECT,TABLE,public.patients,select * from patients,<not logged>,1`;
    return { time: `2026-11-26T09:00:0${n}.000Z`, pid: 7, user: "hpg_app", severity: "LOG", message, sessionId: "6745a000.7", sessionLine: n, source: { file: "postgresql.json", offset: n * 100, length: 90 }, raw: message };
}

/** A real chain in the archive's own record format, written as the shipper writes it (0750/0640, owned by us). */
function writeArchive(dir: string, records: number): ArchiveRecord[] {
    fs.mkdirSync(dir, { mode: 0o750 });
    const chain: ArchiveRecord[] = [];
    for (let n = 1; n <= records; n++) {
        chain.push(nextRecord(chain[chain.length - 1], entry(n)));
    }
    fs.writeFileSync(path.join(dir, CHAIN_FILE), chain.map((r) => recordLine(r) + "\n").join(""), { mode: 0o640 });
    return chain;
}

describe("the evidence bundle's audit trail", () => {
    let root: string;
    beforeAll(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-evidence-audit-"));
        fs.chmodSync(root, 0o755);
    });
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    it("says NOT EXAMINED for each part when no log or archive was given, never a pass", () => {
        expect(EMPTY_BUNDLE.auditTrail).toEqual({
            activity: { examined: false, reason: NO_AUDIT_LOGS },
            alerts: { examined: false, reason: NO_AUDIT_LOGS },
            archive: { examined: false, reason: NO_AUDIT_ARCHIVE },
        });
        expect(auditTrailFailed(EMPTY_BUNDLE.auditTrail)).toBe(false);
        const lines = section(EMPTY_BUNDLE);
        expect(lines.filter((l) => l.startsWith("**NOT EXAMINED.**"))).toEqual([
            "**NOT EXAMINED.** no audit log was given (evidence --audit-log \\<file\\>… or --audit-archive \\<dir\\>).",
            "**NOT EXAMINED.** no audit log was given (evidence --audit-log \\<file\\>… or --audit-archive \\<dir\\>).",
            "**NOT EXAMINED.** no audit archive was given (evidence --audit-archive \\<dir\\>).",
        ]);
        expect(lines.join("\n")).not.toMatch(/PASS/);
    });

    it("holds the period's activity by person × table × operation and its alerts", () => {
        const report = buildAuditReport(sampleInput());
        const trail = auditTrailEvidence({ report });
        expect(trail.period).toEqual({ since: "2026-11-26T00:00:00.000Z", until: "2026-11-27T00:00:00.000Z" });
        expect(trail.activity).toMatchObject({ examined: true, totals: report.totals, access: report.access, unattributed: report.unattributed, unreadable: report.unreadable });
        expect(trail.alerts).toEqual({ examined: true, counts: report.alertCounts, items: report.alerts });
        expect(trail.archive).toEqual({ examined: false, reason: NO_AUDIT_ARCHIVE });
        const lines = section(withAuditTrail(EMPTY_BUNDLE, trail));
        expect(lines).toContain("Period: 2026-11-26T00:00:00.000Z to 2026-11-27T00:00:00.000Z, both inclusive.");
        expect(lines).toContain("| alice@clinic.example | public.patients | SELECT | 2 | 5 | hpg\\_app | 00000000-0000-4000-8000-00000000000a | 2026-11-26T09:00:00.000Z | 2026-11-26T09:05:00.000Z |");
        expect(lines.some((l) => l.startsWith(`| ${HOSTILE_PERSON} | public."\\<script\\>`))).toBe(true);
        expect(lines).toContain("| unattributed on classified tables | 1 |");
        expect(lines.filter((l) => l.startsWith("| 2026-11-26T1") && l.includes("| bulk-read | high |"))).toHaveLength(2);
        expect(lines).toContain("**NOT EXAMINED.** no audit archive was given (evidence --audit-archive \\<dir\\>).");
    });

    it("carries an intact archive's proof: record count, last hash, intact and continuous, owner facts", () => {
        const dir = path.join(root, "intact");
        const chain = writeArchive(dir, 3);
        const proof = verifyArchive(dir);
        const trail = auditTrailEvidence({ archive: { proof, passed: archiveProofPassed(proof) } });
        expect(trail.archive).toMatchObject({ examined: true, result: "pass", records: 3, firstSeq: 1, lastSeq: 3, lastHash: chain[2].hash, intact: true, continuous: true, problems: [] });
        expect(trail.archive.examined && trail.archive.access.paths[0]).toMatchObject({ path: dir, kind: "directory", mode: "0750" });
        const lines = section(withAuditTrail(EMPTY_BUNDLE, trail));
        expect(lines).toContain(`| Last hash (anchor: record it elsewhere) | ${chain[2].hash} |`);
        expect(lines).toContain("Result: **PASS**.");
        expect(lines).toContain("| Records | 3 (seq 1–3) |");
        expect(lines).toContain("| Intact (no record changed) | yes |");
        expect(lines).toContain("| Continuous (no record missing or reordered) | yes |");
        expect(lines.some((l) => l.startsWith(`| ${dir} | directory | `))).toBe(true);
    });

    it("fails the bundle on a changed record (not intact) and names it", () => {
        const dir = path.join(root, "edited");
        writeArchive(dir, 3);
        const file = path.join(dir, CHAIN_FILE);
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("SESSION,2,1,READ,SELECT", "SESSION,2,1,READ,UPDATE"));
        const proof = verifyArchive(dir);
        const trail = auditTrailEvidence({ archive: { proof, passed: archiveProofPassed(proof) } });
        expect(trail.archive).toMatchObject({ examined: true, result: "fail", intact: false, continuous: true });
        expect(auditTrailFailed(trail)).toBe(true);
        const lines = section(withAuditTrail(EMPTY_BUNDLE, trail));
        expect(lines).toContain("Result: **FAIL**.");
        expect(lines.some((l) => /^- record 2 \(line 2\) was changed after it was written/.test(l))).toBe(true);
    });

    it("fails the bundle on a deleted record (not continuous) and names it", () => {
        const dir = path.join(root, "deleted");
        writeArchive(dir, 3);
        const file = path.join(dir, CHAIN_FILE);
        const lines = fs.readFileSync(file, "utf8").split("\n");
        fs.writeFileSync(file, [lines[0], lines[2], ""].join("\n"));
        const proof = verifyArchive(dir);
        const trail = auditTrailEvidence({ archive: { proof, passed: archiveProofPassed(proof) } });
        expect(trail.archive).toMatchObject({ examined: true, result: "fail", records: 2, continuous: false });
        expect(auditTrailFailed(trail)).toBe(true);
    });
});
