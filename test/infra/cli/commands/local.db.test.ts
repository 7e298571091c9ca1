import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { Client } from "pg";
import { bootstrapPassword, clusterHandle, ClusterHandle, connectionUrl, destroyCluster, localRolePassword } from "../../../../infra/local-twin/cluster";
import * as freePortModule from "../../../../infra/local-twin/free-port";
import { LOCAL_DATABASE } from "../../../../infra/local-twin/local-database";
import { defaultServerDir } from "../../../../infra/local-twin/server-dir";
import { auditLayout, defaultAuditDir } from "../../../../infra/local-twin/audit-archive";
import { verifyArchive } from "../../../../policies/audit/archive-chain";
import { parseInspectionUrl, verifyManifest } from "../../../../policies/live";
import { LIVE_CHECKS } from "../../../../policies/live/pack";
import { runCli } from "../../../support/cli-run";
import { freePort } from "../../../support/pg-cluster";
import { createPrivateClone, PrivateClone } from "../../../support/private-clone";

/**
 * One local cluster for the file, driven only through the CLI, from a project folder inside a mode-0700 folder (as a
 * clone in root's home): up, status, url, psql, the failure cases, up again, start (a separate process, as npm start
 * runs it), down, up.
 */
let clone: PrivateClone;
let dataDir: string;
let serverDir: string;
let evidenceDir: string;
let port: number;
const handle = (): ClusterHandle => clusterHandle(dataDir, port, serverDir);
/** The archive `local up` ships the audit log to (under the clone's HPG_LOCAL_AUDIT_DIR). */
const archiveDir = () => auditLayout(defaultAuditDir(dataDir, clone.auditRoot)).archiveDir;
const mode = (p: string) => fs.statSync(p).mode & 0o777;
const postgresUid = () => Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());

beforeAll(async () => {
    clone = createPrivateClone();
    dataDir = clone.dataDir;
    serverDir = defaultServerDir(dataDir, clone.stateRoot);
    evidenceDir = path.join(clone.project, "evidence");
    port = await freePort();
});

afterAll(async () => {
    if (clone) {
        await destroyCluster(handle()).catch(() => undefined);
        clone.remove();
    }
});

/** Schema, data and roles as pg_dump and pg_dumpall see them (role passwords left out). */
function dumpState(): string {
    const h = handle();
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

const statusJson = async () => JSON.parse((await clone.run(["local", "status", "--json"])).stdout);
const recordedPort = () => JSON.parse(fs.readFileSync(path.join(dataDir, "local.json"), "utf8")).port;

/** A listener on a free loopback port, as another program would hold it. */
async function occupyPort(): Promise<{ port: number; close: () => Promise<void> }> {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

test("local up works from a clone in a mode-0700 folder: the server's files go to a directory postgres owns", async () => {
    const run = await clone.run(["local", "up", "--port", String(port)]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").slice(0, 5)).toEqual([
        `- created a PostgreSQL 15 cluster in ${dataDir} (server files in ${serverDir})`,
        `- started PostgreSQL on 127.0.0.1:${port}`,
        `- created database ${LOCAL_DATABASE}`,
        `- provisioned database ${LOCAL_DATABASE}: access model, sample schema and seed data`,
        `- started shipping the audit log to ${archiveDir()}`,
    ]);
    expect(run.stdout.split("\n").pop()).toBe("connect as the app role svc_api (hpg_app_rw): npm exec --no -- hardened-postgres local psql svc_api");
    // Nothing of the user's was loosened; root's side stays root's, the server's side is postgres's.
    expect(mode(clone.home)).toBe(0o700);
    expect(mode(dataDir)).toBe(0o700);
    expect(fs.statSync(dataDir).uid).toBe(0);
    expect(fs.readdirSync(dataDir).sort()).toEqual(["local.json", "pg_service.conf", "pgpass", "secrets", "tls"]);
    for (const f of ["local.json", "pg_service.conf", "pgpass", ...fs.readdirSync(path.join(dataDir, "secrets")).map((s) => path.join("secrets", s))]) {
        expect([f, mode(path.join(dataDir, f))]).toEqual([f, 0o600]);
    }
    expect(path.dirname(serverDir)).toBe(clone.stateRoot);
    expect(mode(clone.stateRoot)).toBe(0o755);
    expect([mode(serverDir), fs.statSync(serverDir).uid]).toEqual([0o700, postgresUid()]);
    expect(fs.readdirSync(path.join(serverDir, "tls")).sort()).toEqual(["server.crt", "server.key"]);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, "local.json"), "utf8"))).toEqual({ port, serverDir });
}, 120_000);

test("local status: exit 0 and the port the server really listens on", async () => {
    const run = await clone.run(["local", "status", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
        state: "running",
        initialised: true,
        running: true,
        pid: expect.any(Number),
        host: "127.0.0.1",
        port,
        dataDir,
        serverDir,
        database: LOCAL_DATABASE,
        caFile: path.join(dataDir, "tls", "ca.crt"),
        serviceFile: path.join(dataDir, "pg_service.conf"),
        passFile: path.join(dataDir, "pgpass"),
        serverVersion: expect.stringMatching(/^15\./),
        loginRoles: ["svc_migrate", "svc_api", "svc_reporting", "svc_audit", "hpg_admin"],
        auditArchive: archiveDir(),
        auditShipperPid: expect.any(Number),
    });
});

test("local url prints a verify-full URL that works for the app role, isolated by tenant", async () => {
    const run = await clone.run(["local", "url", "svc_api"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^postgresql://svc_api:[^@]+@127\\.0\\.0\\.1:${port}/${LOCAL_DATABASE}\\?sslmode=verify-full&sslrootcert=`));
    const client = await connect(run.stdout.trim());
    try {
        const ssl = await client.query("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
        expect(ssl.rows[0].ssl).toBe(true);
        expect((await client.query("SELECT count(*)::int AS n FROM app.patients")).rows[0].n).toBe(0);
        await client.query("BEGIN");
        await client.query("SELECT hpg.set_tenant('7d1e0c4a-3b8f-4f5e-9a61-2c0d5b8e4f11')");
        expect((await client.query("SELECT count(*)::int AS n FROM app.patients")).rows[0].n).toBe(2);
        await client.query("COMMIT");
    } finally {
        await client.end();
    }
});

test("local psql connects as the role over TLS; its password is on no process's command line", async () => {
    const password = localRolePassword(handle(), "svc_api");
    const psqlSeen: string[] = [];
    const leaks: string[] = [];
    let running = true;
    // What `ps` would show while it runs: every process's argv, polled.
    const watch = (async () => {
        while (running) {
            for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
                const argv = (() => {
                    try {
                        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
                    } catch {
                        return "";
                    }
                })();
                if (argv.includes("service=hpg-svc_api")) {
                    psqlSeen.push(argv);
                }
                if (argv.includes(password)) {
                    leaks.push(argv);
                }
            }
            await new Promise((r) => setTimeout(r, 25));
        }
    })();
    // psql shares this terminal (stdio inherited), so its answer goes to a file.
    const out = path.join(clone.home, "psql.out");
    const sql = "SELECT current_user, ssl FROM pg_stat_ssl, pg_sleep(1) WHERE pid = pg_backend_pid()";
    const run = await clone.run(["local", "psql", "svc_api", "--", "-X", "-A", "-t", "-o", out, "-c", sql]);
    running = false;
    await watch;
    expect(run).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(fs.readFileSync(out, "utf8")).toBe("svc_api|t\n");
    expect(psqlSeen.length).toBeGreaterThan(0);
    expect(psqlSeen[0]).toMatch(/\/psql --dbname service=hpg-svc_api -X -A -t -o \S+ -c SELECT/);
    expect(leaks).toEqual([]);
}, 60_000);

test("the README's psql command connects as svc_api over TLS, with the password in the pgpass file only", async () => {
    const readme = fs.readFileSync(path.join(__dirname, "../../../../README.md"), "utf8");
    const line = readme.split("\n").find((l) => l.startsWith("PGSERVICEFILE="));
    expect(line).toBe("PGSERVICEFILE=.hpg/local/pg_service.conf PGPASSFILE=.hpg/local/pgpass psql service=hpg-svc_api");
    const { PGPASSWORD: _p, PGHOST: _h, PGPORT: _o, PGUSER: _u, ...env } = process.env;
    const stdout = await new Promise<string>((resolve, reject) =>
        execFile("sh", ["-c", `${line} -X -A -t -c "SELECT current_user, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"`], { cwd: clone.project, env }, (e, out, err) =>
            e ? reject(new Error(`${e.message}\n${err}`)) : resolve(String(out)),
        ),
    );
    expect(stdout).toBe("svc_api|t\n");
    expect(fs.readFileSync(path.join(dataDir, "pg_service.conf"), "utf8")).not.toContain(localRolePassword(handle(), "svc_api"));
});

test("local url and psql refuse group roles and unknown roles (exit 2)", async () => {
    const group = await clone.run(["local", "url", "hpg_app_rw"]);
    expect(group).toEqual({
        code: 2,
        stdout: "",
        stderr: "hardened-postgres local: cannot connect as 'hpg_app_rw': 'hpg_app_rw' is a group role (NOLOGIN); its members log in. Login roles: svc_migrate, svc_api, svc_reporting, svc_audit, hpg_admin",
    });
    const unknown = await clone.run(["local", "psql", "mallory"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("'mallory' is not a role of the local access model.");
});

describe("a --port that is not the cluster's is refused (exit 2)", () => {
    const mismatch = (other: number, from = "--port") =>
        `hardened-postgres local: ${from} ${other} does not match the local cluster in ${dataDir}: it runs on 127.0.0.1:${port} (the port in its postmaster.pid). ` +
        `Fix: leave out ${from} (status, url, psql and down find the port themselves), or move the cluster with: hardened-postgres local up --port ${other}`;

    test("local status --port, and down --port", async () => {
        const other = port === 54329 ? 54330 : 54329;
        expect(await clone.run(["local", "status", "--port", String(other)])).toEqual({ code: 2, stdout: "", stderr: mismatch(other) });
        expect(await clone.run(["local", "down", "--port", String(other)])).toEqual({ code: 2, stdout: "", stderr: mismatch(other) });
    });

    test("local url <role> --port, and HPG_LOCAL_PORT", async () => {
        const other = port + 1;
        expect(await clone.run(["local", "url", "svc_api", "--port", String(other)])).toEqual({ code: 2, stdout: "", stderr: mismatch(other) });
        expect(await clone.run(["local", "url", "svc_api"], { HPG_LOCAL_PORT: String(other) })).toEqual({ code: 2, stdout: "", stderr: mismatch(other, "HPG_LOCAL_PORT") });
    });
});

test("local up --port <busy port> on the running cluster: refused before anything changes (exit 2)", async () => {
    const pidBefore = (await statusJson()).pid;
    const busy = await occupyPort();
    try {
        const run = await clone.run(["local", "up", "--port", String(busy.port)]);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toMatch(
            new RegExp(
                `^hardened-postgres local: cannot use 127\\.0\\.0\\.1:${busy.port} \\(--port ${busy.port}: another program listens on it\\)\\. ` +
                    `Nothing was changed; the local cluster still runs on 127\\.0\\.0\\.1:${port}\\. ` +
                    `Fix: choose a free port with --port \\(or HPG_LOCAL_PORT\\), e\\.g\\. --port \\d+, or stop the program that listens on ${busy.port}\\.$`,
            ),
        );
    } finally {
        await busy.close();
    }
    expect(await statusJson()).toMatchObject({ running: true, port, pid: pidBefore });
    expect(recordedPort()).toBe(port);
});

test("a move whose start fails (the port was taken after the check) puts the cluster back as it was, and says why in one line", async () => {
    const busy = await occupyPort();
    // The port is taken between the bind check and the server's start: only the check is told it is free.
    const check = jest.spyOn(freePortModule, "portBindError").mockResolvedValueOnce(undefined);
    try {
        const run = await clone.run(["local", "up", "--port", String(busy.port)]);
        expect(run).toEqual({
            code: 2,
            stdout: "",
            stderr:
                `hardened-postgres local: PostgreSQL did not start on 127.0.0.1:${busy.port}: could not bind IPv4 address "127.0.0.1": Address already in use. ` +
                `Fix: another program listens on 127.0.0.1:${busy.port}; choose a free port with --port (or HPG_LOCAL_PORT), or stop that program (server log: ${path.dirname(archiveDir())}/log). ` +
                `Nothing was changed: PostgreSQL runs again on 127.0.0.1:${port} as before.`,
        });
    } finally {
        check.mockRestore();
        await busy.close();
    }
    expect(await statusJson()).toMatchObject({ running: true, port });
    expect(recordedPort()).toBe(port);
}, 60_000);

test("a second local up changes nothing: same schema, data, roles and server process", async () => {
    const before = dumpState();
    const pidBefore = (await statusJson()).pid;
    const run = await clone.run(["local", "up"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("local PostgreSQL is up; nothing changed");
    expect(dumpState()).toBe(before);
    expect((await statusJson()).pid).toBe(pidBefore);
}, 60_000);

test("start: up, verify and evidence as the auditor, then a summary without any password (separate process)", async () => {
    const run = await clone.spawn(["start", "--out", evidenceDir]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toBe(`local PostgreSQL 15: 127.0.0.1:${port}, database ${LOCAL_DATABASE} (already up, nothing changed)`);
    expect(lines[1]).toBe(`verify as svc_audit: ${LIVE_CHECKS.length} of ${LIVE_CHECKS.length} live controls passed, 0 failed, 0 could not be checked`);
    // The last day's audited activity and alerts, read from the archive whose proof the bundle carries.
    expect(lines[2]).toMatch(/^audit trail: \d+ audited statement\(s\), \d+ unattributed, \d+ alert\(s\) \S+ to \S+; archive PASS \(\d+ record\(s\), last hash [0-9a-f]{64}\)$/);
    expect(lines[3]).toMatch(new RegExp(`^evidence: ${evidenceDir}/\\d{8}T\\d{6}Z/evidence-\\d{8}T\\d{6}Z\\.md$`));
    expect(lines[lines.length - 1]).toBe("connect as the app role svc_api (hpg_app_rw): npm exec --no -- hardened-postgres local psql svc_api");
    const bundleDir = path.dirname(lines[3].replace(/^evidence: /, ""));
    const bundle = JSON.parse(fs.readFileSync(lines[3].replace(/^evidence: /, "").replace(/\.md$/, ".json"), "utf8"));
    expect([bundle.auditTrail.activity.examined, bundle.auditTrail.archive.examined, bundle.auditTrail.archive.result]).toEqual([true, true, "pass"]);
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
    const migrator = await connect((await clone.run(["local", "url", "svc_migrate"])).stdout.trim());
    await migrator.query("CREATE TABLE app.invoices (tenant_id uuid NOT NULL, amount numeric)");
    try {
        const run = await clone.run(["start", "--out", evidenceDir]);
        expect(run.code).toBe(1);
        expect(run.stdout).toContain(
            `verify as svc_audit: ${LIVE_CHECKS.length - 1} of ${LIVE_CHECKS.length} live controls passed, 1 failed, 0 could not be checked\n  FAIL HPG-RLS-01 Tenant isolation by row-level security\n    - row-level security is not enabled on app.invoices (tenant column tenant_id)`,
        );
    } finally {
        await migrator.query("DROP TABLE app.invoices");
        await migrator.end();
    }
}, 60_000);

test("local down stops the server and keeps the data; status then exits 3 and verify 2; up starts it again with the data", async () => {
    const auditorUrl = (await clone.run(["local", "url", "svc_audit"])).stdout.trim();
    const down = await clone.run(["local", "down"]);
    expect(down).toEqual({ code: 0, stdout: `stopped PostgreSQL on 127.0.0.1:${port}; data kept in ${dataDir}`, stderr: "" });
    const stopped = await clone.run(["local", "status", "--json"]);
    expect(stopped.code).toBe(3);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ state: "stopped", initialised: true, running: false, port });
    // down stopped the audit shipper after the server: its last pass shipped the shutdown, and the chain is whole.
    expect(JSON.parse(stopped.stdout).auditShipperPid).toBeUndefined();
    const archive = verifyArchive(archiveDir());
    expect([archive.problems, archive.access.findings]).toEqual([[], []]);
    expect(fs.readFileSync(path.join(archiveDir(), "chain.jsonl"), "utf8").trim().split("\n").pop()).toContain('"message":"database system is shut down"');
    const human = await clone.run(["local", "status"]);
    expect([human.code, human.stdout.split("\n")[0]]).toEqual([3, `stopped: PostgreSQL 15 on 127.0.0.1:${port}, database ${LOCAL_DATABASE}`]);
    const verify = await runCli(["verify", "--url", auditorUrl]);
    expect(verify.code).toBe(2);
    expect(verify.stderr).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:\d+: connection refused/);
    const up = await clone.run(["local", "up"]);
    expect(up.stdout.split("\n").slice(0, 2)).toEqual([`- started PostgreSQL on 127.0.0.1:${port}`, `- started shipping the audit log to ${archiveDir()}`]);
    expect(up.stdout.split("\n")[2]).toMatch(/^PostgreSQL 15 on /);
}, 60_000);

test("local status of a data directory without a cluster exits 4", async () => {
    const elsewhere = path.join(clone.home, "elsewhere");
    expect(await clone.run(["local", "status", "--data-dir", elsewhere])).toEqual({
        code: 4,
        stdout: `no local cluster in ${elsewhere} (create it with: hardened-postgres local up --data-dir ${elsewhere})`,
        stderr: "",
    });
    expect((await clone.run(["local", "status", "--data-dir", elsewhere, "--json"])).code).toBe(4);
});

test("local without a subcommand, with an unknown one, or psql options without --, is a usage error", async () => {
    const use = "up | down | status | url <role> | psql <role> [-- <psql options>]";
    expect(await runCli(["local"])).toEqual({ code: 2, stdout: "", stderr: `hardened-postgres local: usage: local ${use}` });
    expect((await runCli(["local", "restart"])).stderr).toBe(`hardened-postgres local: unknown subcommand 'restart' (use: ${use})`);
    expect((await runCli(["local", "status", "--port", "80"])).stderr).toBe("hardened-postgres local: --port must be a TCP port from 1024 to 65535, got '80'");
    expect(await clone.run(["local", "psql", "svc_api", "-c", "select 1"])).toEqual({
        code: 2,
        stdout: "",
        stderr: "hardened-postgres local: usage: local psql <role> [-- <psql options>] (login roles: svc_migrate, svc_api, svc_reporting, svc_audit) ('-c' is not a local option: pass psql's options after --)",
    });
    expect((await runCli(["local", "status", "--", "-c"])).stderr).toBe("hardened-postgres local: '--' passes options to psql; it is only for: local psql <role> -- <psql options>");
});
