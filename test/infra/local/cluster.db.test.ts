import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { Client } from "pg";
import { DEFAULT_ADMIN_ROLES, requiredParametersFor, satisfiesRule, tlsAtLeast } from "../../../components/catalog";
import {
    AUDIT_ROLE,
    bootstrapPassword,
    clientConfig,
    clusterStatus,
    connectionUrl,
    initCluster,
    localRolePassword,
    postmasterPort,
    startCluster,
    StartFailedError,
    stopCluster,
} from "../../../infra/local-twin/cluster";
import { localStatus } from "../../../infra/local-twin/local-database";
import { startThrowawayCluster, ThrowawayCluster } from "../../support/pg-cluster";

let cluster: ThrowawayCluster;
let admin: Client;

beforeAll(async () => {
    cluster = await startThrowawayCluster();
    admin = await cluster.connectAsBootstrap();
}, 120_000);

afterAll(async () => {
    const dataDir = cluster?.handle.dataDir;
    await cluster?.destroy();
    if (dataDir) {
        expect(fs.existsSync(dataDir)).toBe(false);
    }
});

const show = async (name: string) => (await admin.query(`show ${JSON.stringify(name)}`)).rows[0][name] as string;

describe("TLS (HPG-TLS-01, HPG-TLS-02)", () => {
    test("a connection without TLS is refused by pg_hba.conf", async () => {
        const { ssl: _ssl, ...plain } = clientConfig(cluster.handle, cluster.handle.bootstrapUser, bootstrapPassword(cluster.handle));
        const client = new Client({ ...plain, ssl: false });
        await expect(client.connect()).rejects.toThrow(/no pg_hba\.conf entry for host "127\.0\.0\.1", user "hpg_admin", database "postgres", no encryption/);
        await client.end().catch(() => undefined);
    });

    test("the session is TLS 1.2 or higher in pg_stat_ssl", async () => {
        const { rows } = await admin.query("select ssl, version from pg_stat_ssl where pid = pg_backend_pid()");
        expect(rows[0].ssl).toBe(true);
        expect(tlsAtLeast(rows[0].version, "TLSv1.2")).toBe(true);
    });

    test("the client verifies the server: a client trusting another CA is refused", async () => {
        const config = clientConfig(cluster.handle, cluster.handle.bootstrapUser, bootstrapPassword(cluster.handle));
        const client = new Client({ ...config, ssl: { rejectUnauthorized: true } });
        await expect(client.connect()).rejects.toThrow(/self[- ]signed|unable to verify|unable to get local issuer/i);
        await client.end().catch(() => undefined);
    });

    test("connectionUrl is verify-full with the local CA and connects", async () => {
        const url = connectionUrl(cluster.handle, cluster.handle.bootstrapUser, bootstrapPassword(cluster.handle));
        expect(url).toBe(
            `postgresql://hpg_admin:${encodeURIComponent(bootstrapPassword(cluster.handle))}@127.0.0.1:${cluster.handle.port}/postgres?sslmode=verify-full&sslrootcert=${encodeURIComponent(cluster.handle.caFile)}`,
        );
        const client = new Client({ connectionString: url });
        await client.connect();
        const { rows } = await client.query("select ssl from pg_stat_ssl where pid = pg_backend_pid()");
        expect(rows[0].ssl).toBe(true);
        await client.end();
    });

    test("a wrong password is refused (scram-sha-256)", async () => {
        const client = new Client(clientConfig(cluster.handle, cluster.handle.bootstrapUser, "not-the-password"));
        await expect(client.connect()).rejects.toThrow(/password authentication failed for user "hpg_admin"/);
        await client.end().catch(() => undefined);
    });

    test("pg_hba.conf allows only hostssl with scram-sha-256", async () => {
        const { rows } = await admin.query("select type, auth_method, error from pg_hba_file_rules");
        expect(rows.length).toBeGreaterThan(0);
        for (const r of rows) {
            expect(r).toEqual({ type: "hostssl", auth_method: "scram-sha-256", error: null });
        }
    });
});

describe("hardened profile", () => {
    test.each(requiredParametersFor("self-managed").map((p) => [p.name, p] as const))("SHOW %s satisfies the catalog", async (name, p) => {
        const value = await show(name);
        expect(satisfiesRule(p.rule, value)).toBe(true);
        if (p.rule.kind !== "boolean") {
            expect(value).toBe(p.desired);
        }
    });

    test("pgaudit is loaded and object auditing uses the audit role", async () => {
        expect(await show("pgaudit.role")).toBe(AUDIT_ROLE);
        expect(await show("ssl")).toBe("on");
        expect(await show("listen_addresses")).toBe("127.0.0.1");
        expect(await show("log_destination")).toBe("jsonlog");
        expect(await show("logging_collector")).toBe("on");
        expect(await show("log_statement")).toBe("none");
        const { rows } = await admin.query("select count(*)::int as n from pg_available_extensions where name = 'pgaudit'");
        expect(rows[0].n).toBe(1);
    });

    test("the bootstrap superuser is a declared admin role (HPG-ROLE-01)", () => {
        expect(DEFAULT_ADMIN_ROLES).toContain(cluster.handle.bootstrapUser);
    });
});

describe("files", () => {
    const mode = (p: string) => fs.statSync(p).mode & 0o777;

    test("secrets and keys are private", () => {
        const h = cluster.handle;
        localRolePassword(h, "svc_billing");
        expect(mode(path.join(h.dataDir, "secrets"))).toBe(0o700);
        for (const f of fs.readdirSync(path.join(h.dataDir, "secrets"))) {
            expect([f, mode(path.join(h.dataDir, "secrets", f))]).toEqual([f, 0o600]);
        }
        expect(mode(path.join(h.dataDir, "tls", "server.key"))).toBe(0o600);
        expect(mode(path.join(h.dataDir, "tls", "ca.key"))).toBe(0o600);
        expect(localRolePassword(h, "svc_billing")).toBe(localRolePassword(h, "svc_billing"));
    });
});

describe("lifecycle", () => {
    test("initCluster is idempotent: same CA, same password, cluster keeps running", async () => {
        const h = cluster.handle;
        const ca = fs.readFileSync(h.caFile, "utf8");
        const password = bootstrapPassword(h);
        const again = await initCluster({ dataDir: h.dataDir, port: h.port, throwaway: true });
        await startCluster(again);
        expect(again).toEqual(h);
        expect(fs.readFileSync(h.caFile, "utf8")).toBe(ca);
        expect(bootstrapPassword(h)).toBe(password);
        const client = await cluster.connectAsBootstrap();
        expect((await client.query("select 1 as one")).rows[0].one).toBe(1);
        await client.end();
    });

    test("status, stop keeps data, start again", async () => {
        const h = cluster.handle;
        await admin.query("create table if not exists kept (id int)");
        const running = await clusterStatus(h);
        expect(running).toEqual({ running: true, pid: expect.any(Number), port: h.port, dataDir: h.dataDir, serverVersion: expect.stringMatching(/^15\./) });
        await admin.end();
        await stopCluster(h);
        await stopCluster(h);
        expect(await clusterStatus(h)).toEqual({ running: false, port: h.port, dataDir: h.dataDir });
        await startCluster(h);
        admin = await cluster.connectAsBootstrap();
        expect((await admin.query("select to_regclass('kept') is not null as kept")).rows[0].kept).toBe(true);
    });

    test("a start that fails says why in one server log line, with the fix, not the raw log", async () => {
        const h = cluster.handle;
        const squatter = net.createServer();
        await new Promise<void>((r) => squatter.listen(0, "127.0.0.1", () => r()));
        const busy = (squatter.address() as net.AddressInfo).port;
        await admin.end();
        await stopCluster(h);
        try {
            const moved = await initCluster({ dataDir: h.dataDir, port: busy, throwaway: true });
            const failure = await startCluster(moved).then(() => undefined, (e: unknown) => e);
            expect(failure).toBeInstanceOf(StartFailedError);
            expect((failure as Error).message).toBe(
                `PostgreSQL did not start on 127.0.0.1:${busy}: could not bind IPv4 address "127.0.0.1": Address already in use. ` +
                    `Fix: another program listens on 127.0.0.1:${busy}; choose a free port with --port (or HPG_LOCAL_PORT), or stop that program (server log: ${h.pgdata}/log)`,
            );
        } finally {
            squatter.close();
            await initCluster({ dataDir: h.dataDir, port: h.port, throwaway: true });
            await startCluster(h);
            admin = await cluster.connectAsBootstrap();
        }
        expect(postmasterPort(h)).toBe(h.port);
    });

    test("a cluster whose pgdata is in its data directory (made before server directories existed) is still found there", async () => {
        const h = cluster.handle;
        expect(h.serverDir).toBe(h.dataDir);
        expect(await localStatus({ dataDir: h.dataDir, stateRoot: "/nonexistent" })).toMatchObject({ state: "running", port: h.port, serverDir: h.dataDir });
    });
});
