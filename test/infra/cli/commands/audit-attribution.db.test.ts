import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { withActor } from "../../../../components/database-access/actor-context";
import { shipAuditLog } from "../../../../infra/local-twin/audit-shipper";
import { clientConfig, localRolePassword } from "../../../../infra/local-twin/cluster";
import { LOCAL_ACCESS_MODEL, LOCAL_DATABASE, provisionDatabase } from "../../../../infra/local-twin/local-database";
import { runCli } from "../../../support/cli-run";
import { ArchivingCluster, startArchivingCluster } from "../../../support/audit-archive-cluster";

/**
 * The report names the person the application acted for: the app role reads patients inside `withActor` (hpg.set_actor
 * in the same transaction) for one person, and inside a rolled-back transaction for another. The archive the real
 * shipper fills is what `audit report --data-dir` reads, and the HTML page it writes shows the same rows.
 */
let cluster: ArchivingCluster;
let dir: string;
let period: string[];
const TENANT = "5d2b7c1e-8f3a-4e6b-9c0d-1a2b3c4d5e6f";
const ALICE = "dr.alice@clinic.example";
const BOB = "dr.bob@clinic.example";
const app = LOCAL_ACCESS_MODEL.loginRoles.find((l) => l.group === "app_rw")!.name;

beforeAll(async () => {
    cluster = await startArchivingCluster();
    const h = cluster.handle;
    await provisionDatabase(h, LOCAL_DATABASE, LOCAL_ACCESS_MODEL);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-audit-attribution-"));
    const started = Date.now();
    const admin = await cluster.connectAsBootstrap(LOCAL_DATABASE);
    await admin.query("INSERT INTO app.patients (tenant_id, full_name) SELECT $1, 'patient ' || g FROM generate_series(1, 5) g", [TENANT]);
    const client = new Client(clientConfig(h, app, localRolePassword(h, app), LOCAL_DATABASE));
    await client.connect();
    const read = await withActor(client, { person: ALICE, tenant: TENANT }, (c) => c.query("SELECT id, full_name FROM app.patients"));
    expect(read.rowCount).toBe(5);
    await expect(
        withActor(client, { person: BOB, tenant: TENANT }, async (c) => {
            await c.query("SELECT id FROM app.patients");
            throw new Error("the application gave up: rolled back");
        }),
    ).rejects.toThrow("the application gave up: rolled back");
    await client.end();
    await shipAuditLog(cluster.layout);
    period = ["--since", new Date(started - 60_000).toISOString(), "--until", new Date(Date.now() + 60_000).toISOString()];
}, 180_000);

afterAll(async () => {
    await cluster?.destroy();
    if (dir) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("a PHI read acting for a person is reported under that person; the rolled-back one under nobody", async () => {
    const html = path.join(dir, "report.html");
    const h = cluster.handle;
    const run = await runCli(["audit", "report", "--data-dir", h.dataDir, "--port", String(h.port), ...period, "--json", "--html", html]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const report = JSON.parse(run.stdout);
    expect(report.access.map((r: { person: string; table: string; operation: string; statements: number; rows: number; tenants: string[]; roles: string[] }) => [r.person, r.table, r.operation, r.statements, r.rows, r.tenants, r.roles])).toEqual([
        [ALICE, "app.patients", "SELECT", 1, 5, [TENANT], [app]],
    ]);
    expect(JSON.stringify(report)).not.toContain(BOB);
    expect(report.unattributed.find((r: { roles: string[]; table: string; operation: string }) => r.roles[0] === app && r.table === "app.patients" && r.operation === "SELECT")).toMatchObject({ statements: 1, rows: 5 });
    const page = fs.readFileSync(html, "utf8");
    expect(page).toContain(`<tr><td><bdi>${ALICE}</bdi></td><td><bdi>app.patients</bdi></td><td><bdi>SELECT</bdi></td><td class="count"><bdi>1</bdi></td><td class="count"><bdi>5</bdi></td>`);
});
