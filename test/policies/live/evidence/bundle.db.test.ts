import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CONTROLS, frameworkReferences } from "../../../../components/catalog";
import { bootstrapPassword, localRolePassword } from "../../../../infra/local-twin/cluster";
import { LOCAL_ACCESS_MODEL } from "../../../../infra/local-twin/local-database";
import { collectEvidence, EvidenceBundle, MANIFEST_FILE, sha256, verifyManifest, writeEvidenceBundle, WrittenBundle } from "../../../../policies/live";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../../../support/live-cluster";
import { LIVE_CHECKS } from "../../../../policies/live/pack";

let db: ProvisionedCluster;
let outDir: string;
let bundle: EvidenceBundle;
let written: WrittenBundle;
const auditor = roleOf("auditor");

/** Every password of the cluster: none may appear in any file of a bundle. */
function allPasswords(): string[] {
    const h = db.cluster.handle;
    return [bootstrapPassword(h), ...LOCAL_ACCESS_MODEL.loginRoles.map((l) => localRolePassword(h, l.name))];
}

beforeAll(async () => {
    db = await startProvisionedCluster();
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-evidence-"));
    bundle = await collectEvidence(db.url(auditor));
    written = writeEvidenceBundle(bundle, outDir, allPasswords());
}, 120_000);

afterAll(async () => {
    await db?.destroy();
    if (outDir) {
        fs.rmSync(outDir, { recursive: true, force: true });
    }
});

test("the bundle is a timestamped directory with JSON, Markdown and a SHA-256 manifest of both", () => {
    const stamp = bundle.collectedAt.replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
    expect(stamp).toMatch(/^\d{8}T\d{6}Z$/);
    expect(written.dir).toBe(path.join(outDir, stamp));
    expect(fs.readdirSync(written.dir).sort()).toEqual([MANIFEST_FILE, `evidence-${stamp}.json`, `evidence-${stamp}.md`]);
    const manifest = fs.readFileSync(written.manifest, "utf8");
    expect(manifest).toBe(
        [`evidence-${stamp}.json`, `evidence-${stamp}.md`].map((f) => `${sha256(fs.readFileSync(path.join(written.dir, f)))}  ${f}\n`).join(""),
    );
    // The manifest is what sha256sum itself checks.
    expect(execFileSync("sha256sum", ["-c", MANIFEST_FILE], { cwd: written.dir, encoding: "utf8" })).toBe(`evidence-${stamp}.json: OK\nevidence-${stamp}.md: OK\n`);
    expect(verifyManifest(written.dir)).toEqual([]);
    expect(fs.statSync(written.json).mode & 0o777).toBe(0o600);
});

test("a changed file no longer matches the manifest", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-evidence-copy-"));
    try {
        for (const f of fs.readdirSync(written.dir)) {
            fs.copyFileSync(path.join(written.dir, f), path.join(copy, f));
        }
        const md = path.join(copy, path.basename(written.markdown));
        fs.writeFileSync(md, fs.readFileSync(md, "utf8").replace("FAIL", "PASS").replace(/Result: \*\*\w+\*\*/, "Result: **PASS** (edited)"));
        expect(verifyManifest(copy)).toEqual([path.basename(written.markdown)]);
    } finally {
        fs.rmSync(copy, { recursive: true, force: true });
    }
});

test("the JSON names the server: version, address, port, database, user and the session's TLS", () => {
    const json = JSON.parse(fs.readFileSync(written.json, "utf8")) as EvidenceBundle;
    expect(json.format).toBe("hardened-postgres-evidence/1");
    expect(json.server).toMatchObject({
        database: db.database,
        session_user: auditor,
        server_address: "127.0.0.1",
        server_port: db.cluster.handle.port,
        ssl: true,
        tls_version: "TLSv1.3",
    });
    expect(json.server.version).toMatch(/^PostgreSQL 15\./);
    expect(json.server.tls_cipher).toMatch(/^TLS_/);
    expect(json.server.system_identifier).toMatch(/^\d{10,}$/);
    expect(json.target).toEqual({
        redactedUrl: expect.stringMatching(new RegExp(`^postgresql://${auditor}@127\\.0\\.0\\.1:${db.cluster.handle.port}/${db.database}\\?sslmode=verify-full&sslrootcert=`)),
        host: "127.0.0.1",
        port: db.cluster.handle.port,
        database: db.database,
        user: auditor,
    });
});

test("every live control is reported with its framework references, result and queries; the others are listed as judged outside", () => {
    const live = CONTROLS.filter((c) => c.checks.live);
    expect(bundle.controls.map((c) => c.id)).toEqual(live.map((c) => c.id));
    for (const c of bundle.controls) {
        const control = CONTROLS.find((x) => x.id === c.id)!;
        expect(c.frameworkReferences).toBe(frameworkReferences(control));
        expect(c.frameworks).toEqual(control.frameworks);
        expect(c.status).toBe("pass");
        // A control with nothing to judge here (HPG-AUD-06 without --audit-archive) passes with its reason and no queries.
        if (c.vacuous === undefined) {
            expect(c.evidence.length).toBeGreaterThan(0);
        } else {
            expect(c.evidence).toEqual([]);
        }
        for (const q of c.evidence) {
            expect(q.sql.length).toBeGreaterThan(0);
            expect(Array.isArray(q.rows)).toBe(true);
        }
    }
    expect(bundle.controls.filter((c) => c.vacuous !== undefined).map((c) => c.id)).toEqual(["HPG-AUD-06"]);
    expect(bundle.summary).toEqual({ controls: LIVE_CHECKS.length, passed: LIVE_CHECKS.length, failed: 0, errors: 0, result: "pass", serverIdentityVerified: true });
    expect(bundle.notCheckedHere.map((c) => c.id)).toEqual(CONTROLS.filter((c) => !c.checks.live).map((c) => c.id));
});

test("the access review holds grants, role attributes, memberships, SHOW ssl, ssl_min_protocol_version, the pgaudit extension row and RLS coverage", () => {
    const byTitle = (prefix: string) => {
        const q = bundle.accessReview.find((x) => x.title.startsWith(prefix));
        expect(q).toBeDefined();
        expect(q!.error).toBeUndefined();
        return q!;
    };
    // Collected as the auditor login role: every review query ran (none refused for lack of privilege).
    expect(bundle.accessReview.filter((q) => q.error !== undefined)).toEqual([]);
    const grants = byTitle("Table privileges visible to the reviewing role");
    expect(grants.sql).toContain("information_schema.role_table_grants");
    const catalogGrants = byTitle("Every privilege on application relations");
    expect(catalogGrants.rows).toContainEqual(expect.objectContaining({ object: "app.patients", grantee: "hpg_app_rw", privilege_type: "SELECT" }));
    expect(catalogGrants.rows).toContainEqual(expect.objectContaining({ object: "app.patients", grantee: "rds_pgaudit", privilege_type: "DELETE" }));
    expect(catalogGrants.rows.filter((r) => r.grantee === "PUBLIC")).toEqual([]);
    const roles = byTitle("Role attributes");
    expect(roles.rows.map((r) => r.rolname)).toEqual(expect.arrayContaining(["hpg_admin", "hpg_owner", "svc_api", "svc_audit"]));
    for (const r of roles.rows) {
        expect(Object.keys(r)).not.toContain("rolpassword");
        expect(Object.keys(r)).not.toContain("rolconfig");
    }
    expect(byTitle("Role memberships").rows).toContainEqual(expect.objectContaining({ role: "hpg_app_rw", member: "svc_api" }));
    expect(byTitle("SHOW ssl").rows).toEqual([{ ssl: "on" }]);
    expect(byTitle("SHOW ssl_min_protocol_version").rows).toEqual([{ ssl_min_protocol_version: "TLSv1.2" }]);
    expect(byTitle("The pgaudit row of pg_extension").rows).toEqual([expect.objectContaining({ extname: "pgaudit" })]);
    expect(byTitle("Row-level security coverage").rows).toEqual([
        { table: "app.appointments", owner: "hpg_owner", has_tenant_column: true, classified_columns: ["notes"], rls_enabled: true, rls_forced: true, policies: 2 },
        { table: "app.clinics", owner: "hpg_owner", has_tenant_column: true, classified_columns: [], rls_enabled: true, rls_forced: true, policies: 2 },
        { table: "app.patients", owner: "hpg_owner", has_tenant_column: true, classified_columns: ["full_name", "date_of_birth", "diagnosis"], rls_enabled: true, rls_forced: true, policies: 2 },
        // hpg.set_actor's per-transaction context rows (HPG-AUD-07): no tenant data, reachable only through the function.
        { table: "hpg.actor_context", owner: "hpg_owner", has_tenant_column: false, classified_columns: [], rls_enabled: false, rls_forced: false, policies: 0 },
    ]);
});

test("the Markdown has the server, a summary table, a section per control with its queries, and the access review", () => {
    const md = fs.readFileSync(written.markdown, "utf8");
    expect(md).toContain(`# Database control evidence — ${db.database} on 127.0.0.1:${db.cluster.handle.port}`);
    expect(md).toContain(`Result: **PASS** — ${LIVE_CHECKS.length} of ${LIVE_CHECKS.length} live controls passed, 0 failed, 0 could not be checked.`);
    for (const c of bundle.controls) {
        expect(md).toContain(c.vacuous === undefined ? `## ${c.id} — ${c.title}: PASS\n` : `## ${c.id} — ${c.title}: PASS (nothing judged)\n\n**Requirement.** ${c.requirement}\n\n**Frameworks.** ${c.frameworkReferences}\n\n**Nothing judged.** ${c.vacuous}`);
        expect(md).toContain(`**Frameworks.** ${c.frameworkReferences}`);
    }
    expect(md).toContain("### SHOW ssl\n\n```sql\nSHOW ssl\n```\n\n| ssl |\n| --- |\n| on |");
});

test("no password of any role appears in any file of the bundle, nor any password hash", () => {
    const passwords = allPasswords();
    expect(passwords.every((p) => p.length >= 20)).toBe(true);
    for (const f of fs.readdirSync(written.dir)) {
        const content = fs.readFileSync(path.join(written.dir, f), "utf8");
        for (const p of passwords) {
            expect(content.includes(p)).toBe(false);
            expect(content.includes(encodeURIComponent(p))).toBe(false);
        }
        expect(content).not.toMatch(/SCRAM-SHA-256\$/);
        expect(content).not.toMatch(/md5[0-9a-f]{32}/);
    }
});

test("a bundle that would contain a secret is refused before anything is written", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-evidence-refused-"));
    try {
        expect(() => writeEvidenceBundle(bundle, dir, [bundle.server.tls_cipher!])).toThrow(/^refusing to write evidence-\d{8}T\d{6}Z\.json: it would contain a secret$/);
        expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("a second bundle of the same second gets its own directory; nothing is overwritten", () => {
    const again = writeEvidenceBundle(bundle, outDir);
    expect(again.dir).toBe(`${written.dir}-2`);
    expect(verifyManifest(written.dir)).toEqual([]);
});
