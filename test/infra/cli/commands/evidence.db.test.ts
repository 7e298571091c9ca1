import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { verifyManifest } from "../../../../policies/live";
import { runCli } from "../../../support/cli-run";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../../../support/live-cluster";
import { LIVE_CHECKS } from "../../../../policies/live/pack";

let db: ProvisionedCluster;
let out: string;
const auditor = roleOf("auditor");

beforeAll(async () => {
    db = await startProvisionedCluster();
    out = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-evidence-cli-"));
}, 120_000);

afterAll(async () => {
    await db?.destroy();
    fs.rmSync(out, { recursive: true, force: true });
});

test("evidence writes the bundle to --out and prints where; the password appears nowhere", async () => {
    const run = await runCli(["evidence", "--url", db.url(auditor), "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(new RegExp(`^evidence bundle: ${out}/\\d{8}T\\d{6}Z$`));
    const dir = lines[0].replace("evidence bundle: ", "");
    expect(lines.slice(1, 4)).toEqual([
        `  ${path.join(dir, `evidence-${path.basename(dir)}.json`)}`,
        `  ${path.join(dir, `evidence-${path.basename(dir)}.md`)}`,
        `  ${path.join(dir, "SHA256SUMS")} (sha256sum -c SHA256SUMS)`,
    ]);
    expect(lines[4]).toBe(`${LIVE_CHECKS.length} live controls: ${LIVE_CHECKS.length} passed, 0 failed, 0 could not be checked`);
    // Without --audit-log or --audit-archive the audit trail is said to be not examined, never passed.
    expect(lines[5]).toBe("audit trail: activity not examined; archive not examined");
    expect(verifyManifest(dir)).toEqual([]);
    const password = decodeURIComponent(new URL(db.url(auditor)).password);
    expect(run.stdout).not.toContain(password);
    for (const f of fs.readdirSync(dir)) {
        expect(fs.readFileSync(path.join(dir, f), "utf8")).not.toContain(password);
    }
});

test("evidence still writes the bundle when a control fails, and exits 1 (--json)", async () => {
    await db.admin.query("GRANT SELECT ON app.clinics TO PUBLIC");
    try {
        const run = await runCli(["evidence", "--url", db.url(auditor), "--out", out, "--json"]);
        expect(run.code).toBe(1);
        const written = JSON.parse(run.stdout);
        expect(written.summary).toEqual({ controls: LIVE_CHECKS.length, passed: LIVE_CHECKS.length - 1, failed: 1, errors: 0, result: "fail", serverIdentityVerified: true });
        const bundle = JSON.parse(fs.readFileSync(written.json, "utf8"));
        expect(bundle.controls.find((c: { id: string }) => c.id === "HPG-ROLE-02")).toMatchObject({
            status: "fail",
            findings: ["PUBLIC has SELECT on table app.clinics (granted by hpg_owner); fix: REVOKE SELECT ON TABLE app.clinics FROM PUBLIC (as hpg_owner), and grant it to the group that needs it"],
            frameworkReferences: "SOC 2 CC6.1, CC6.3; HIPAA 164.312(a)(1); PCI DSS 4.0 7.2.1; NIST 800-53 r5 AC-3, AC-6",
        });
        expect(fs.readFileSync(written.markdown, "utf8")).toContain("## HPG-ROLE-02 — Nothing granted to PUBLIC: FAIL");
    } finally {
        await db.admin.query("REVOKE SELECT ON app.clinics FROM PUBLIC");
    }
});

test("an unreachable server writes nothing and exits 2", async () => {
    const u = new URL(db.url(auditor));
    u.host = "127.0.0.1:1";
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-evidence-none-"));
    try {
        const run = await runCli(["evidence", "--url", u.toString(), "--out", empty]);
        expect(run.code).toBe(2);
        expect(run.stderr).toBe("hardened-postgres evidence: cannot reach PostgreSQL at 127.0.0.1:1: connection refused (is the server running? for the local cluster: hardened-postgres local up)");
        expect(fs.readdirSync(empty)).toEqual([]);
    } finally {
        fs.rmSync(empty, { recursive: true, force: true });
    }
});

test("an --out that is a file: exit 2 naming the flag, the real cause and the fix, and nothing written", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hpg-evidence-")), "not-a-dir");
    fs.writeFileSync(file, "");
    const run = await runCli(["evidence", "--url", db.url(auditor), "--out", file]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(new RegExp(`^hardened-postgres evidence: cannot write the evidence bundle's directory ${file}.*Fix: choose a directory path with --out, or move the file away\\.$`));
    expect(fs.readFileSync(file, "utf8")).toBe("");
});

describe("--plan-report: the plan's accepted weakenings go into the bundle", () => {
    const program = path.resolve(__dirname, "../../../fixtures/programs/component-with-opt-outs.ts");

    test("a real check --json report's waivers appear in the bundle's JSON and Markdown, with their reasons", async () => {
        const check = await runCli(["check", "--program", program, "--json"]);
        const report = JSON.parse(check.stdout);
        expect(report.waivers.length).toBeGreaterThan(0);
        const file = path.join(out, "plan.json");
        fs.writeFileSync(file, check.stdout);
        const run = await runCli(["evidence", "--url", db.url(auditor), "--out", out, "--plan-report", file, "--json"]);
        expect([run.code, run.stderr]).toEqual([0, ""]);
        const written = JSON.parse(run.stdout);
        const bundle = JSON.parse(fs.readFileSync(written.json, "utf8"));
        expect(bundle.waivers.source).toBe(file);
        expect(bundle.waivers.items.map((w: { control: string; optOut: string; reason: string }) => [w.control, w.optOut, w.reason])).toEqual(
            report.waivers.map((w: { control: string; optOut: string; reason: string }) => [w.control, w.optOut, w.reason]),
        );
        const markdown = fs.readFileSync(written.markdown, "utf8");
        for (const w of report.waivers as Array<{ reason: string }>) {
            expect(markdown).toContain(w.reason);
        }
    });

    test.each([
        ["a file that doesn't exist", (f: string) => f, "can't be read (ENOENT)"],
        ["a file that isn't JSON", (f: string) => (fs.writeFileSync(f, "not json"), f), "is not JSON"],
        ["JSON without a waivers list", (f: string) => (fs.writeFileSync(f, JSON.stringify({ violations: [] })), f), "not a 'hardened-postgres check --json' report with a waivers list"],
    ])("%s is refused with exit 2, naming the file, and no bundle is written", async (_case, make, message) => {
        const file = make(path.join(out, `bad-${Math.random().toString(36).slice(2)}.json`));
        const before = fs.readdirSync(out).length;
        const run = await runCli(["evidence", "--url", db.url(auditor), "--out", out, "--plan-report", file]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(file);
        expect(run.stderr).toContain(message);
        expect(fs.readdirSync(out).length).toBe(before);
    });
});
