/**
 * The transaction-bound tenant context through a real PgBouncer in transaction pooling mode, with TLS both ways and
 * SCRAM pass-through, in front of a throwaway PostgreSQL 15 provisioned as `local up` provisions it. The PgBouncer
 * settings are read from docs/connection-pooling.md, so the page recommends what this file proves.
 */
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { localRolePassword } from "../../infra/local-twin/cluster";
import { runningAsRoot, serverOsIds } from "../../infra/local-twin/os-user";
import { ensureTlsCertificates } from "../../infra/local-twin/tls-certs";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../support/live-cluster";
import { withTenant } from "../support/pg-access";
import { JsonLogEntry, waitForLog } from "../support/pg-log";
import { iniSection, PgBouncer, PgBouncerSpec, startPgBouncer } from "../support/pgbouncer";

const DOC = path.join(__dirname, "../../docs/connection-pooling.md");
/** The settings that decide what a server connection keeps between clients: left at PgBouncer's defaults in `defaults`. */
const SESSION_STATE_SETTINGS = ["server_reset_query", "server_reset_query_always", "application_name_add_host"];
/** Server connections per (alias, role): small, so that 30+ clients really share them. */
const POOL_SIZE = 3;
/** The alias with one server connection: "the next client on the same server connection" is then certain. */
const ONE = "hpg_app_one";
const POOLED = "hpg_app";

const TENANT_A = "a0000000-0000-4000-8000-00000000000a";
const TENANT_B = "b0000000-0000-4000-8000-00000000000b";
const TENANT_C = "c0000000-0000-4000-8000-00000000000c";
const TENANTS = [TENANT_A, TENANT_B, TENANT_C];

const api = roleOf("app_rw");
const reporting = roleOf("analytics_ro");

let db: ProvisionedCluster;
/** The documented settings as written. */
let recommended: PgBouncer;
/** The documented settings without SESSION_STATE_SETTINGS: PgBouncer's defaults for what survives between clients. */
let defaults: PgBouncer;
/** Each tenant's patients' names, as seeded. */
const patients: Record<string, string[]> = {};

/** The `[pgbouncer]` settings of the first ini block of docs/connection-pooling.md. */
function documentedSettings(): Record<string, string> {
    const block = /```ini\n([\s\S]*?)```/.exec(fs.readFileSync(DOC, "utf8"));
    if (!block) {
        throw new Error(`${DOC} has no ini block`);
    }
    return iniSection(block[1], "pgbouncer");
}

function bouncerSpec(settings: Record<string, string>): PgBouncerSpec {
    return {
        cluster: db.cluster.handle,
        superuser: db.admin,
        roles: [api, reporting],
        databases: { [POOLED]: { dbname: db.database }, [ONE]: { dbname: db.database, poolSize: 1 } },
        settings: { ...settings, default_pool_size: String(POOL_SIZE) },
    };
}

const password = (role: string) => localRolePassword(db.cluster.handle, role);

beforeAll(async () => {
    db = await startProvisionedCluster();
    const writer = await db.connectAs(api);
    for (const tenant of TENANTS) {
        patients[tenant] = [`patient one of ${tenant}`, `patient two of ${tenant}`];
        await withTenant(writer, tenant, async () => {
            await writer.query("INSERT INTO app.clinics (tenant_id, name) VALUES ($1, $2)", [tenant, `clinic of ${tenant}`]);
            for (const name of patients[tenant]) {
                await writer.query("INSERT INTO app.patients (tenant_id, full_name) VALUES ($1, $2)", [tenant, name]);
            }
        });
    }
    await writer.end();
    const documented = documentedSettings();
    recommended = await startPgBouncer(bouncerSpec(documented));
    defaults = await startPgBouncer(bouncerSpec(Object.fromEntries(Object.entries(documented).filter(([k]) => !SESSION_STATE_SETTINGS.includes(k)))));
}, 120_000);

afterAll(async () => {
    // Each step runs even when an earlier one fails: no PgBouncer or cluster outlives the file.
    await recommended?.stop().catch(() => undefined);
    await defaults?.stop().catch(() => undefined);
    await db?.destroy();
});

afterEach(async () => {
    // Leaves the single server connection of the defaults PgBouncer clean for the next test.
    if (!defaults) {
        return;
    }
    const c = await defaults.connect(api, password(api), ONE);
    await c.query("DISCARD ALL");
    await c.end();
});

const backendPid = async (c: Client): Promise<number> => (await c.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
const tenantSetting = async (c: Client): Promise<string> => (await c.query("SHOW app.tenant_id")).rows[0]["app.tenant_id"];
const patientCount = async (c: Client): Promise<number> => (await c.query("SELECT count(*)::int AS n FROM app.patients")).rows[0].n;

test("the documented settings are transaction pooling, SCRAM, verify-full TLS both ways, and the reset and audit settings", () => {
    expect(documentedSettings()).toMatchObject({
        pool_mode: "transaction",
        auth_type: "scram-sha-256",
        client_tls_sslmode: "require",
        client_tls_protocols: "secure",
        server_tls_sslmode: "verify-full",
        server_tls_protocols: "secure",
        server_reset_query: "DISCARD ALL",
        server_reset_query_always: "1",
        application_name_add_host: "1",
    });
});

test("39 concurrent clients of 3 tenants share 3 server connections; each reads and writes only its own tenant's rows, next to clients that leave a session SET behind", async () => {
    const ROUNDS = 10;
    interface Seen {
        role: string;
        /** The client's tenant, or null for a client that sets none. */
        tenant: string | null;
        pid: number;
        /** app.tenant_id as the transaction found it, before setting its own: what earlier clients left on the connection. */
        inherited: string;
        /** The distinct tenant ids the transaction could read from app.clinics. */
        tenants: string[];
    }
    const seen: Seen[] = [];
    const readClinics = "SELECT pg_backend_pid() AS pid, coalesce(array_agg(DISTINCT tenant_id::text ORDER BY tenant_id::text), '{}') AS tenants FROM app.clinics";
    const tenantClient = async (role: string, tenant: string, k: number) => {
        const c = await defaults.connect(role, password(role), POOLED);
        for (let i = 0; i < ROUNDS; i++) {
            await c.query("BEGIN");
            const inherited = (await c.query("SELECT current_setting('app.tenant_id', true) AS v")).rows[0].v ?? "";
            await c.query("SELECT hpg.set_tenant($1)", [tenant]);
            const r = (await c.query(readClinics)).rows[0];
            if (role === api) {
                await c.query("INSERT INTO app.clinics (tenant_id, name) VALUES ($1, $2)", [tenant, `pooled ${k}.${i} for ${tenant}`]);
            }
            await c.query("COMMIT");
            seen.push({ role, tenant, pid: r.pid, inherited, tenants: r.tenants });
        }
        await c.end();
    };
    const contextless = async () => {
        const c = await defaults.connect(api, password(api), POOLED);
        for (let i = 0; i < ROUNDS; i++) {
            const r = (await c.query(`SELECT current_setting('app.tenant_id', true) AS inherited, t.* FROM (${readClinics}) t`)).rows[0];
            seen.push({ role: api, tenant: null, pid: r.pid, inherited: r.inherited ?? "", tenants: r.tenants });
        }
        await c.end();
    };
    // Session-level settings of tenant A, by both spellings, left on whichever server connection each lands on.
    const misbehaving = async (k: number) => {
        const c = await defaults.connect(api, password(api), POOLED);
        const counts: number[] = [];
        for (let i = 0; i < ROUNDS; i++) {
            if ((k + i) % 2 === 0) {
                await c.query(`SET app.tenant_id = ${c.escapeLiteral(TENANT_A)}`);
            } else {
                await c.query("SELECT set_config('app.tenant_id', $1, false)", [TENANT_A]);
            }
            counts.push(await patientCount(c));
        }
        await c.end();
        return counts;
    };

    const apiClients = Array.from({ length: 24 }, (_, k) => tenantClient(api, TENANTS[k % 3], k));
    const reportingClients = Array.from({ length: 9 }, (_, k) => tenantClient(reporting, TENANTS[k % 3], k));
    const misbehavers = Array.from({ length: 3 }, (_, k) => misbehaving(k));
    const readers = Array.from({ length: 3 }, () => contextless());
    const [misbehaverCounts] = await Promise.all([Promise.all(misbehavers), Promise.all([...apiClients, ...reportingClients, ...readers])]);

    // No read of another tenant's row, no read at all without a context, and a session SET grants nothing.
    for (const s of seen) {
        expect(s.tenants).toEqual(s.tenant === null ? [] : [s.tenant]);
    }
    expect(misbehaverCounts.flat()).toEqual(Array(30).fill(0));
    expect(seen).toHaveLength((24 + 9 + 3) * ROUNDS);
    // The SETs really were on the server connections other clients used.
    expect(seen.filter((s) => s.tenant !== TENANT_A && s.inherited === TENANT_A).length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.tenant === null && s.inherited === TENANT_A).length).toBeGreaterThan(0);

    // The svc_api transactions ran on at most 3 backends, those PgBouncer holds, and tenants really shared them.
    const apiPids = new Set(seen.filter((s) => s.role === api).map((s) => s.pid));
    const servers = await defaults.show("SERVERS");
    const apiServers = servers.filter((s) => s.database === POOLED && s.user === api);
    expect(apiPids.size).toBeLessThanOrEqual(POOL_SIZE);
    expect(new Set(apiServers.map((s) => s.remote_pid))).toEqual(apiPids);
    const tenantsPerPid = [...apiPids].map((pid) => new Set(seen.filter((s) => s.pid === pid && s.tenant !== null).map((s) => s.tenant)).size);
    expect(Math.max(...tenantsPerPid)).toBe(3);
    expect(new Set(seen.filter((s) => s.role === reporting).map((s) => s.pid)).size).toBeLessThanOrEqual(POOL_SIZE);
    const pools = await defaults.show("POOLS");
    expect(pools.find((p) => p.database === POOLED && p.user === api)).toMatchObject({ pool_mode: "transaction" });

    // Every write landed under its writer's tenant: 8 clients × 10 transactions each.
    const { rows } = await db.admin.query(
        "SELECT tenant_id::text AS tenant, count(*)::int AS n, count(*) FILTER (WHERE name NOT LIKE '% for ' || tenant_id::text)::int AS foreign FROM app.clinics WHERE name LIKE 'pooled %' GROUP BY 1 ORDER BY 1",
    );
    expect(rows).toEqual(TENANTS.map((tenant) => ({ tenant, n: 8 * ROUNDS, foreign: 0 })));
}, 60_000);

describe("a session-level SET app.tenant_id left on a server connection persists for the next client and grants nothing", () => {
    test("hpg.set_tenant leaves nothing behind at COMMIT", async () => {
        const a = await defaults.connect(api, password(api), ONE);
        expect(await withTenant(a, TENANT_A, () => patientCount(a))).toBe(2);
        const next = await defaults.connect(api, password(api), ONE);
        expect(await backendPid(next)).toBe(await backendPid(a));
        expect(await tenantSetting(next)).toBe("");
        expect(await patientCount(next)).toBe(0);
    });

    test.each([
        ["SET app.tenant_id = '<A>'", (c: Client) => c.query(`SET app.tenant_id = ${c.escapeLiteral(TENANT_A)}`)],
        ["SELECT set_config('app.tenant_id', '<A>', false)", (c: Client) => c.query("SELECT set_config('app.tenant_id', $1, false)", [TENANT_A])],
    ])("%s", async (_, setSessionTenant) => {
        const setter = await defaults.connect(api, password(api), ONE);
        await setSessionTenant(setter);
        const next = await defaults.connect(api, password(api), ONE);
        // The same backend, and the setting is still on it.
        expect(await backendPid(next)).toBe(await backendPid(setter));
        expect(await tenantSetting(next)).toBe(TENANT_A);
        // It grants the next client nothing, alone or in a transaction, nor the client that set it.
        expect(await patientCount(next)).toBe(0);
        await next.query("BEGIN");
        expect(await patientCount(next)).toBe(0);
        await next.query("COMMIT");
        expect(await patientCount(setter)).toBe(0);
        // A client with its own tenant reads only its own rows; after its COMMIT the session value is back, still inert.
        const names = await withTenant(next, TENANT_B, async () => (await next.query("SELECT full_name FROM app.patients ORDER BY id")).rows.map((r) => r.full_name));
        expect(names).toEqual(patients[TENANT_B]);
        expect(await tenantSetting(next)).toBe(TENANT_A);
        expect(await patientCount(next)).toBe(0);
    });
});

/** Tenant A's client leaves a WITH HOLD cursor and a temporary table, both filled in its tenant transaction. */
async function leaveSessionObjects(bouncer: PgBouncer): Promise<Client> {
    const a = await bouncer.connect(api, password(api), ONE);
    await withTenant(a, TENANT_A, async () => {
        await a.query("DECLARE pooled_cursor CURSOR WITH HOLD FOR SELECT tenant_id::text, full_name FROM app.patients ORDER BY id");
        await a.query("CREATE TEMP TABLE pooled_scratch AS SELECT tenant_id::text, full_name FROM app.patients ORDER BY id");
    });
    await a.query(`SET app.tenant_id = ${a.escapeLiteral(TENANT_A)}`);
    return a;
}

const rowsOfA = () => patients[TENANT_A].map((full_name) => ({ tenant_id: TENANT_A, full_name }));

test("under PgBouncer's defaults a WITH HOLD cursor and a temporary table outlive the client's transaction and hand tenant A's rows to the next client", async () => {
    const a = await leaveSessionObjects(defaults);
    const next = await defaults.connect(api, password(api), ONE);
    expect(await backendPid(next)).toBe(await backendPid(a));
    // Row-level security holds for the tables themselves …
    expect(await patientCount(next)).toBe(0);
    // … but the session objects hold rows A read legitimately, and PostgreSQL never checks them again.
    expect((await next.query("SELECT tenant_id, full_name FROM pg_temp.pooled_scratch")).rows).toEqual(rowsOfA());
    const fetched = await withTenant(next, TENANT_B, async () => (await next.query("FETCH ALL FROM pooled_cursor")).rows);
    expect(fetched).toEqual(rowsOfA());
    expect(await tenantSetting(next)).toBe(TENANT_A);
});

test("with server_reset_query_always, DISCARD ALL removes the cursor, the temporary table and the session SET before the next client", async () => {
    const a = await leaveSessionObjects(recommended);
    const next = await recommended.connect(api, password(api), ONE);
    // The same backend, reset, not a new connection.
    expect(await backendPid(next)).toBe(await backendPid(a));
    await expect(next.query("FETCH ALL FROM pooled_cursor")).rejects.toThrow('cursor "pooled_cursor" does not exist');
    await expect(next.query("SELECT * FROM pg_temp.pooled_scratch")).rejects.toThrow('relation "pg_temp.pooled_scratch" does not exist');
    expect(await tenantSetting(next)).toBe("");
    expect(await patientCount(next)).toBe(0);
});

/** A pgaudit entry with the connection fields PostgreSQL's jsonlog writes. */
type AuditEntry = JsonLogEntry & { remote_host?: string; remote_port?: number; application_name?: string };

describe("audit identity through PgBouncer: pgaudit names the login role, PgBouncer's address, and the end client only through application_name_add_host", () => {
    let runs = 0;
    /** A PHI read through `bouncer` as `api`; returns its pgaudit entry, the end client's port and PgBouncer's server-side ports. */
    async function auditedRead(bouncer: PgBouncer, applicationName?: string) {
        const tag = `pooled audit ${++runs}`;
        const c = await bouncer.connect(api, password(api), ONE, applicationName !== undefined ? { application_name: applicationName } : {});
        await withTenant(c, TENANT_A, () => c.query(`SELECT full_name FROM app.patients /* ${tag} */`));
        // The end client's own port, as PgBouncer sees it too.
        const clientPort = (c.connection.stream as net.Socket).localPort!;
        expect((await bouncer.show("CLIENTS")).map((r) => Number(r.port))).toContain(clientPort);
        const serverPorts = (await bouncer.show("SERVERS")).filter((s) => s.user === api && s.database === ONE).map((s) => Number(s.local_port));
        const [entry] = (await waitForLog(db.cluster.handle, (e) => e.message.startsWith("AUDIT: OBJECT,") && e.message.includes(`/* ${tag} */`))) as AuditEntry[];
        await c.end();
        return { entry, clientPort, serverPorts };
    }

    test("PgBouncer's defaults: the role and PgBouncer's port, and application_name as the client set it, or the previous client's", async () => {
        const named = await auditedRead(defaults, "clinic-web");
        expect(named.entry).toMatchObject({ user: api, remote_host: "127.0.0.1", application_name: "clinic-web" });
        expect(named.serverPorts).toContain(named.entry.remote_port);
        expect(named.entry.remote_port).not.toBe(named.clientPort);
        const unnamed = await auditedRead(defaults);
        expect(unnamed.entry).toMatchObject({ user: api, remote_host: "127.0.0.1", application_name: "clinic-web" });
    });

    test("application_name_add_host = 1: application_name carries the end client's address and port", async () => {
        const named = await auditedRead(recommended, "clinic-web");
        expect(named.entry).toMatchObject({ user: api, remote_host: "127.0.0.1", application_name: `clinic-web - 127.0.0.1:${named.clientPort}` });
        expect(named.serverPorts).toContain(named.entry.remote_port);
        expect(named.entry.remote_port).not.toBe(named.clientPort);
        const unnamed = await auditedRead(recommended);
        expect(unnamed.entry.application_name).toBe(`app - 127.0.0.1:${unnamed.clientPort}`);
    });
});

describe("TLS both ways and SCRAM: PgBouncer refuses plaintext clients and wrong passwords, logs in to the server with SCRAM over verified TLS, and refuses a server its CA did not sign", () => {
    test("clients: TLS required, SCRAM checked against the auth file", async () => {
        await expect(new Client({ ...defaults.clientConfig(api, password(api), POOLED), ssl: false }).connect()).rejects.toThrow("SSL required");
        await expect(new Client(defaults.clientConfig(api, `${password(api)}x`, POOLED)).connect()).rejects.toThrow("SASL authentication failed");
        const c = await defaults.connect(api, password(api), ONE);
        const port = (c.connection.stream as net.Socket).localPort;
        expect(String((await defaults.show("CLIENTS")).find((r) => Number(r.port) === port)?.tls)).toMatch(/^TLSv1\.[23]\//);
        await c.end();
    });

    test("server connections: TLS verified against the cluster's CA, and the server authenticated each with SCRAM", async () => {
        const c = await defaults.connect(reporting, password(reporting), ONE);
        await backendPid(c);
        const servers = (await defaults.show("SERVERS")).filter((s) => s.database === ONE);
        expect(servers.map((s) => s.user).sort()).toEqual([api, reporting].sort());
        for (const s of servers) {
            expect(String(s.tls)).toMatch(/^TLSv1\.[23]\//);
        }
        const ports = servers.map((s) => Number(s.local_port));
        const { rows } = await db.admin.query(
            "SELECT a.usename, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.client_port = ANY($1::int[]) ORDER BY 1",
            [ports],
        );
        expect(rows).toEqual([api, reporting].sort().map((usename) => ({ usename, ssl: true })));
        for (const role of [api, reporting]) {
            await waitForLog(
                db.cluster.handle,
                (e) => e.message.startsWith(`connection authenticated: identity="${role}" method=scram-sha-256`) && ports.includes(Number((e as AuditEntry).remote_port)),
            );
        }
        await c.end();
    });

    test("a PgBouncer that trusts another CA never reaches the server; its auth file is 0600 and goes with it", async () => {
        const otherCa = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-other-ca-"));
        const bouncer = await startPgBouncer({ ...bouncerSpec(documentedSettings()), serverCaFile: (await ensureTlsCertificates(otherCa)).caCert });
        try {
            const stat = fs.statSync(bouncer.authFile);
            expect(stat.mode & 0o777).toBe(0o600);
            expect(stat.uid).toBe(runningAsRoot() ? serverOsIds().uid : process.getuid!());
            // PgBouncer answers the client's login only once it has a server connection: this one never gets one.
            const client = new Client(bouncer.clientConfig(api, password(api), POOLED));
            client.on("error", () => undefined);
            const login = client.connect().then(
                () => "connected",
                (e: Error) => e.message,
            );
            const deadline = Date.now() + 10_000;
            while (!/TLS handshake error: .*certificate verify failed/.test(bouncer.log()) && Date.now() < deadline) {
                await new Promise((r) => setTimeout(r, 50));
            }
            expect(bouncer.log()).toMatch(/TLS handshake error: .*certificate verify failed/);
            await bouncer.stop();
            expect(await login).not.toBe("connected");
        } finally {
            await bouncer.stop();
            fs.rmSync(otherCa, { recursive: true, force: true });
        }
        expect(fs.existsSync(bouncer.authFile)).toBe(false);
    });
});
