import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { bootstrapPassword, clusterHandle, connectionUrl, destroyCluster } from "../../../../infra/local-twin/cluster";
import { LOCAL_DATABASE } from "../../../../infra/local-twin/local-database";
import { parseInspectionUrl, verifyManifest } from "../../../../policies/live";
import { runCli, spawnCli } from "../../../support/cli-run";
import { freePort } from "../../../support/pg-cluster";
import { LIVE_CHECKS } from "../../../../policies/live/pack";

/** One local cluster for the file, driven only through the CLI: up, up again, status, url, down, up, start. */
let root: string;
let dataDir: string;
let evidenceDir: string;
let port: number;
const flags = () => ["--data-dir", dataDir];

beforeAll(async () => {
    // Missing parents, like the default .hpg/local on a fresh clone: they must be created traversable for the server's OS user.
    root = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-local-"));
    fs.chmodSync(root, 0o755);
    dataDir = path.join(root, ".hpg", "local");
    evidenceDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-local-evidence-"));
    port = await freePort();
});

afterAll(async () => {
    if (dataDir) {
        await destroyCluster(clusterHandle(dataDir, port)).catch(() => undefined);
        fs.rmSync(root, { recursive: true, force: true });
    }
    fs.rmSync(evidenceDir, { recursive: true, force: true });
});

/** Schema, data and roles as pg_dump and pg_dumpall see them (role passwords left out). */
function dumpState(): string {
    const h = clusterHandle(dataDir, port);
    // The password goes through the environment, so a failing command line never shows it.
    const url = connectionUrl(h, h.bootstrapUser, "", LOCAL_DATABASE).replace(`${h.bootstrapUser}:@`, `${h.bootstrapUser}@`);
    const env = { ...process.env, PGPASSWORD: bootstrapPassword(h) };
    const bin = "/usr/lib/postgresql/15/bin";
    return (
        // A fixed restrict key: pg_dump otherwise writes a random one into every dump.
        execFileSync(`${bin}/pg_dump`, ["--restrict-key=hpgtest", "--dbname", url], { encoding: "utf8", env }) +
        execFileSync(`${bin}/pg_dumpall`, ["--restrict-key=hpgtest", "--roles-only", "--no-role-passwords", "--dbname", url], { encoding: "utf8", env })
    );
}

/** A plain read-write client from a URL (parseInspectionUrl's sessions are read-only). */
async function connect(url: string): Promise<Client> {
    const client = new Client({ ...parseInspectionUrl(url).config, options: undefined });
    await client.connect();
    return client;
}

test("local up creates, starts and provisions the cluster (separate process)", async () => {
    const run = await spawnCli(["local", "up", ...flags(), "--port", String(port)]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").slice(0, 4)).toEqual([
        `- created a PostgreSQL 15 cluster in ${dataDir}`,
        `- started PostgreSQL on 127.0.0.1:${port}`,
        `- created database ${LOCAL_DATABASE}`,
        `- provisioned database ${LOCAL_DATABASE}: access model, sample schema and seed data`,
    ]);
    expect(run.stdout).toContain(`connect as the app role svc_api (hpg_app_rw): psql "$(npx hardened-postgres local url svc_api --data-dir ${dataDir})"`);
}, 120_000);

test("a second local up changes nothing: same schema, data, roles and server process", async () => {
    const before = dumpState();
    const pidBefore = JSON.parse((await runCli(["local", "status", ...flags(), "--json"])).stdout).pid;
    const run = await runCli(["local", "up", ...flags()]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("local PostgreSQL is up; nothing changed");
    expect(dumpState()).toBe(before);
    expect(JSON.parse((await runCli(["local", "status", ...flags(), "--json"])).stdout).pid).toBe(pidBefore);
}, 60_000);

test("local status reports the running cluster; the port is remembered from up", async () => {
    const run = await runCli(["local", "status", ...flags(), "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
        initialised: true,
        running: true,
        pid: expect.any(Number),
        host: "127.0.0.1",
        port,
        dataDir,
        database: LOCAL_DATABASE,
        caFile: path.join(dataDir, "tls", "ca.crt"),
        serverVersion: expect.stringMatching(/^15\./),
        loginRoles: ["svc_migrate", "svc_api", "svc_reporting", "svc_audit", "hpg_admin"],
    });
});

test("local url prints a verify-full URL that works for the app role, isolated by tenant", async () => {
    const run = await runCli(["local", "url", "svc_api", ...flags()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^postgresql://svc_api:[^@]+@127\\.0\\.0\\.1:${port}/${LOCAL_DATABASE}\\?sslmode=verify-full&sslrootcert=`));
    const client = await connect(run.stdout.trim());
    try {
        const ssl = await client.query("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
        expect(ssl.rows[0].ssl).toBe(true);
        expect((await client.query("SELECT count(*)::int AS n FROM app.patients")).rows[0].n).toBe(0);
        await client.query("BEGIN");
        await client.query("SELECT set_config('app.tenant_id', '7d1e0c4a-3b8f-4f5e-9a61-2c0d5b8e4f11', true)");
        expect((await client.query("SELECT count(*)::int AS n FROM app.patients")).rows[0].n).toBe(2);
        await client.query("COMMIT");
    } finally {
        await client.end();
    }
});

test("local url refuses group roles and unknown roles (exit 2)", async () => {
    const group = await runCli(["local", "url", "hpg_app_rw", ...flags()]);
    expect(group).toEqual({
        code: 2,
        stdout: "",
        stderr: "hardened-postgres local: cannot connect as 'hpg_app_rw': 'hpg_app_rw' is a group role (NOLOGIN); its members log in. Login roles: svc_migrate, svc_api, svc_reporting, svc_audit, hpg_admin",
    });
    const unknown = await runCli(["local", "url", "mallory", ...flags()]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("'mallory' is not a role of the local access model.");
});

test("local down stops the server and keeps the data; verify then exits 2; up starts it again with the data", async () => {
    const auditorUrl = (await runCli(["local", "url", "svc_audit", ...flags()])).stdout.trim();
    const down = await runCli(["local", "down", ...flags()]);
    expect(down).toEqual({ code: 0, stdout: `stopped PostgreSQL on 127.0.0.1:${port}; data kept in ${dataDir}`, stderr: "" });
    expect(JSON.parse((await runCli(["local", "status", ...flags(), "--json"])).stdout)).toMatchObject({ initialised: true, running: false });
    expect((await runCli(["local", "status", ...flags()])).stdout.split("\n")[0]).toBe(`stopped: PostgreSQL 15 on 127.0.0.1:${port}, database ${LOCAL_DATABASE}`);
    const verify = await runCli(["verify", "--url", auditorUrl]);
    expect(verify.code).toBe(2);
    expect(verify.stderr).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:\d+: connection refused/);
    const up = await runCli(["local", "up", ...flags()]);
    expect(up.stdout.split("\n")[0]).toBe(`- started PostgreSQL on 127.0.0.1:${port}`);
    expect(up.stdout.split("\n")[1]).toMatch(/^PostgreSQL 15 on /);
}, 60_000);

test("start: up, verify and evidence as the auditor, then a summary without any password (separate process)", async () => {
    const run = await spawnCli(["start", ...flags(), "--out", evidenceDir]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toBe(`local PostgreSQL 15: 127.0.0.1:${port}, database ${LOCAL_DATABASE} (already up, nothing changed)`);
    expect(lines[1]).toBe(`verify as svc_audit: ${LIVE_CHECKS.length} of ${LIVE_CHECKS.length} live controls passed, 0 failed, 0 could not be checked`);
    expect(lines[2]).toMatch(new RegExp(`^evidence: ${evidenceDir}/\\d{8}T\\d{6}Z/evidence-\\d{8}T\\d{6}Z\\.md$`));
    expect(lines[lines.length - 1]).toBe(`connect as the app role svc_api (hpg_app_rw): psql "$(npx hardened-postgres local url svc_api --data-dir ${dataDir})"`);
    const bundleDir = path.dirname(lines[2].replace(/^evidence: /, ""));
    expect(verifyManifest(bundleDir)).toEqual([]);
    const secrets = fs.readdirSync(path.join(dataDir, "secrets")).map((f) => fs.readFileSync(path.join(dataDir, "secrets", f), "utf8").trim());
    expect(secrets.length).toBe(5);
    for (const s of secrets) {
        expect(run.stdout).not.toContain(s);
        for (const f of fs.readdirSync(bundleDir)) {
            expect(fs.readFileSync(path.join(bundleDir, f), "utf8")).not.toContain(s);
        }
    }
}, 120_000);

test("start exits 1 when a control fails, and says which: a migration added a tenant table without isolation", async () => {
    // `up` re-applies the model, so drift on declared tables is corrected; an undeclared table stays as the migration left it.
    const migrator = await connect((await runCli(["local", "url", "svc_migrate", ...flags()])).stdout.trim());
    await migrator.query("CREATE TABLE app.invoices (tenant_id uuid NOT NULL, amount numeric)");
    try {
        const run = await runCli(["start", ...flags(), "--out", evidenceDir]);
        expect(run.code).toBe(1);
        expect(run.stdout).toContain(
            `verify as svc_audit: ${LIVE_CHECKS.length - 1} of ${LIVE_CHECKS.length} live controls passed, 1 failed, 0 could not be checked\n  FAIL HPG-RLS-01 Tenant isolation by row-level security\n    - row-level security is not enabled on app.invoices (tenant column tenant_id)`,
        );
    } finally {
        await migrator.query("DROP TABLE app.invoices");
        await migrator.end();
    }
}, 60_000);

test("local without a subcommand, or with an unknown one, is a usage error", async () => {
    expect(await runCli(["local"])).toEqual({ code: 2, stdout: "", stderr: "hardened-postgres local: usage: local up | down | status | url <role>" });
    expect((await runCli(["local", "restart"])).stderr).toBe("hardened-postgres local: unknown subcommand 'restart' (use: up | down | status | url <role>)");
    expect((await runCli(["local", "status", "--port", "80"])).stderr).toBe("hardened-postgres local: --port must be a TCP port from 1024 to 65535, got '80'");
});
