import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { Client, ClientConfig } from "pg";
import { Actor, AuditEvent, DETECTIONS, LogEntry, validateDetectionSettings } from "../../../components/audit-trail";
import { SET_ACTOR_STATEMENT, withActor } from "../../../components/database-access/actor-context";
import { bootstrapPassword, clientConfig, destroyCluster, initCluster, serverLogFiles, startCluster } from "../../../infra/local-twin/cluster";
import { freePort } from "../../../infra/local-twin/free-port";
import { analyze } from "../../../policies/audit/analyze";
import { RDS_LOG_LINE_PREFIX, readLogFiles } from "../../../policies/audit/log-entries";
import { filterPatternMatches } from "../../../components/audit-trail/detections/filter-pattern-match";
import { ProvisionedDatabase, provisionSampleDatabase, withTenant } from "../../support/pg-access";
import { ThrowawayCluster, startThrowawayCluster } from "../../support/pg-cluster";

/**
 * The detections over a real server's log: the sample access model applied, the app acting for people through
 * hpg.set_actor, a second loopback client address (127.0.0.2, admitted by a test-only pg_hba line; the client binds
 * its socket to it), refused logins, a role change and DDL outside migrations. The server writes RDS's stderr
 * (`%t:%r:%u@%d:[%p]:`), read back with the one parser. The server's own timestamps are what is judged: the test picks
 * business hours around them, it never fakes the server's clock.
 */

const TENANT_A = "7d4a8f2e-1111-4c3b-9a55-0c8e2b7d0001";
const P: Actor = { person: "dr.alice@clinic.example", tenant: TENANT_A };
const Q: Actor = { person: "nurse.bob@clinic.example", tenant: TENANT_A };
const DONE = "h3 detections workload done";

/** A throwaway cluster whose clients can also connect from another loopback address. */
type AdmittingCluster = ThrowawayCluster & { connectFrom(localAddress: string, user: string, password: string, database: string): Promise<Client> };

let cluster: AdmittingCluster;
let db: ProvisionedDatabase;
let entries: LogEntry[];
let since: Date;
let until: Date;

/** A TCP socket whose own end is bound to `localAddress`, so the server sees the client at that address. */
function socketFrom(localAddress: string): () => net.Socket {
    return () => {
        const socket = new net.Socket();
        const connect = socket.connect.bind(socket) as (options: net.TcpSocketConnectOpts) => net.Socket;
        (socket as unknown as { connect: (port: number, host: string) => net.Socket }).connect = (port: number, host: string) => connect({ port, host, localAddress });
        return socket;
    };
}

/** startThrowawayCluster, with pg_hba lines admitting extra loopback addresses (infra/local-twin's test-only option). */
async function startClusterAdmitting(extraHbaLines: string[], settings: Record<string, string>): Promise<AdmittingCluster> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-test-"));
    const handle = await initCluster({ dataDir, port: await freePort(), settings, throwaway: true, extraHbaLines });
    await startCluster(handle).catch(async (e) => {
        await destroyCluster(handle).catch(() => undefined);
        throw e;
    });
    const clients: Client[] = [];
    const connect = async (user: string, password: string, database?: string, extra: Partial<ClientConfig> = {}) => {
        const client = new Client({ ...clientConfig(handle, user, password, database), ...extra });
        clients.push(client);
        client.on("error", () => undefined);
        await client.connect();
        return client;
    };
    return {
        handle,
        connect,
        connectAsBootstrap: (database?: string) => connect(handle.bootstrapUser, bootstrapPassword(handle), database),
        connectFrom: (localAddress: string, user: string, password: string, database: string) => connect(user, password, database, { stream: socketFrom(localAddress) }),
        destroy: async () => {
            await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
            await destroyCluster(handle);
        },
    };
}

function stderrFiles(): string[] {
    const dir = path.join(cluster.handle.pgdata, "log");
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".log"))
        .sort()
        .map((f) => path.join(dir, f));
}

async function waitForLog(needle: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!stderrFiles().some((f) => fs.readFileSync(f, "utf8").includes(needle))) {
        if (Date.now() > deadline) {
            throw new Error(`the server log has no ${JSON.stringify(needle)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
}

async function refusedLogin(config: ClientConfig): Promise<void> {
    const client = new Client(config);
    client.on("error", () => undefined);
    await expect(client.connect()).rejects.toThrow();
    await client.end().catch(() => undefined);
}

beforeAll(async () => {
    cluster = await startClusterAdmitting(["hostssl all all 127.0.0.2/32 scram-sha-256"], {
        log_destination: "stderr",
        log_line_prefix: RDS_LOG_LINE_PREFIX,
        "pgaudit.log_relation": "on",
    });
    db = await provisionSampleDatabase(cluster);
    // The period starts after provisioning (the superuser's access-model DDL is not what these tests judge), at the
    // next whole second: RDS's %t has no fraction.
    const nextSecond = Math.ceil((Date.now() + 1) / 1000) * 1000;
    await new Promise((r) => setTimeout(r, nextSecond - Date.now()));
    since = new Date(nextSecond);
    const migrator = await db.connectAs("svc_migrate");
    await migrator.query("ALTER TABLE app.patients ALTER COLUMN diagnosis SET STATISTICS 100");
    await migrator.end();
    const api = await db.connectAs("svc_api");
    await withActor(api, P, (c) => c.query("INSERT INTO app.patients (tenant_id, full_name) SELECT $1, 'patient ' || g FROM generate_series(1, 1200) g", [TENANT_A]));
    // The bulk read: every patient of the tenant in one statement, acting for P.
    await withActor(api, P, (c) => c.query("SELECT * FROM app.patients"));
    await withActor(api, Q, (c) => c.query("SELECT full_name FROM app.patients WHERE id = 1"));
    await api.end();
    // PHI read outside any person's context: the tenant only, and an actor whose transaction rolled back.
    const careless = await db.connectAs("svc_api");
    await withTenant(careless, TENANT_A, () => careless.query("SELECT full_name FROM app.patients WHERE id = 3"));
    await careless.query("BEGIN");
    await careless.query(SET_ACTOR_STATEMENT, [P.person, P.tenant]);
    await careless.query("SELECT full_name FROM app.patients WHERE id = 4");
    await careless.query("ROLLBACK");
    await careless.end();
    // The same role, from the other loopback address.
    const outside = await cluster.connectFrom("127.0.0.2", "svc_api", db.passwords.svc_api, db.database);
    await withActor(outside, Q, (c) => c.query("SELECT full_name FROM app.patients WHERE id = 2"));
    await outside.end();
    // A role change and DDL on a classified table, by the superuser (not a migrator).
    await db.admin.query("CREATE ROLE h3_probe NOLOGIN");
    await db.admin.query("GRANT SELECT ON app.clinics TO h3_probe");
    await db.admin.query("ALTER TABLE app.patients ALTER COLUMN diagnosis SET STATISTICS 200");
    // Refused logins: five wrong passwords from 127.0.0.1, one from an address pg_hba.conf doesn't admit.
    const base = clientConfig(cluster.handle, "svc_api", "wrong-password", db.database);
    for (let i = 0; i < 5; i++) {
        await refusedLogin(base);
    }
    await refusedLogin({ ...base, stream: socketFrom("127.0.0.3") });
    await db.admin.query(`DO $$ BEGIN RAISE LOG '${DONE}'; END $$`);
    await db.admin.end();
    await waitForLog(DONE);
    until = new Date(Date.now() + 60_000);
    entries = readLogFiles(stderrFiles());
}, 180_000);

afterAll(async () => {
    await cluster?.destroy();
});

/** Business hours that leave out the server's own time of `entry`, in `timeZone`: the half of the day it isn't in. */
function hoursExcluding(entry: LogEntry, timeZone: string) {
    const hour = Number(new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", hour: "2-digit" }).format(new Date(entry.time)));
    return hour < 12 ? { timeZone, days: [1, 2, 3, 4, 5, 6, 7], start: "12:00", end: "24:00", holidays: [] } : { timeZone, days: [1, 2, 3, 4, 5, 6, 7], start: "00:00", end: "12:00", holidays: [] };
}

function bulkReadEvent(events: AuditEvent[]): AuditEvent {
    return events.find((e) => e.record.class === "READ" && e.record.command === "SELECT" && e.record.rows === 1200)!;
}

test("a bulk read of a PHI table raises bulk-read, naming the person, role, table, operation, time and address, with its proof", () => {
    const { events, alerts } = analyze(entries, validateDetectionSettings({}), { since, until });
    const read = bulkReadEvent(events);
    expect(read.actor).toEqual(P);
    const bulk = alerts.filter((a) => a.detection === "bulk-read");
    expect(bulk).toHaveLength(1);
    expect(bulk[0]).toMatchObject({ person: P.person, tenant: TENANT_A, role: "svc_api", table: "app.patients", operation: "SELECT", time: read.entry.time, sourceAddress: "127.0.0.1" });
    expect(bulk[0].evidence).toContain(read.entry.raw);
    expect(bulk[0].evidence.some((line) => line.includes(`hpg-audit-context open `) && line.includes(`actor=${P.person}`))).toBe(true);
});

test("an access at a configured after-hours time raises after-hours; the same access inside the configured hours doesn't", () => {
    const read = bulkReadEvent(analyze(entries, validateDetectionSettings({}), { since, until }).events);
    const outside = analyze(entries, validateDetectionSettings({ businessHours: hoursExcluding(read.entry, "Asia/Tokyo") }), { since, until }).alerts;
    expect(outside.filter((a) => a.detection === "after-hours" && a.person === P.person && a.evidence.includes(read.entry.raw))).toHaveLength(1);
    const allDay = analyze(entries, validateDetectionSettings({ businessHours: { timeZone: "Asia/Tokyo", days: [1, 2, 3, 4, 5, 6, 7], start: "00:00", end: "24:00", holidays: [] } }), { since, until }).alerts;
    expect(allDay.filter((a) => a.detection === "after-hours")).toEqual([]);
});

test("the server's local date on the holiday list is after hours", () => {
    const read = bulkReadEvent(analyze(entries, validateDetectionSettings({}), { since, until }).events);
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(new Date(read.entry.time));
    const { alerts } = analyze(entries, validateDetectionSettings({ businessHours: { timeZone: "America/New_York", days: [1, 2, 3, 4, 5, 6, 7], start: "00:00", end: "24:00", holidays: [date] } }), { since, until });
    expect(alerts.find((a) => a.detection === "after-hours" && a.person === P.person)?.summary).toMatch(`${date} is a holiday (America/New_York)`);
});

test("a connection from 127.0.0.2 raises outside-network when only 127.0.0.1/32 is allowed; connections from 127.0.0.1 raise none", () => {
    const { alerts } = analyze(entries, validateDetectionSettings({ allowedCidrs: ["127.0.0.1/32"] }), { since, until });
    const outside = alerts.filter((a) => a.detection === "outside-network");
    // 127.0.0.3 was refused by pg_hba.conf, but it still reached the server from outside the range.
    expect(outside.map((a) => a.sourceAddress).sort()).toEqual(["127.0.0.2", "127.0.0.3"]);
    const from2 = outside.find((a) => a.sourceAddress === "127.0.0.2")!;
    expect(from2).toMatchObject({ role: "svc_api", person: Q.person, table: "app.patients", operation: "SELECT" });
    expect(from2.evidence.some((line) => line.includes(":127.0.0.2(") && line.includes("connection authorized"))).toBe(true);
    expect(outside.some((a) => a.sourceAddress === "127.0.0.1")).toBe(false);
});

test("with the safe defaults (loopback allowed), no connection here is outside the network", () => {
    const { alerts } = analyze(entries, validateDetectionSettings({ allowedCidrs: ["127.0.0.0/8"] }), { since, until });
    expect(alerts.filter((a) => a.detection === "outside-network")).toEqual([]);
});

test("the superuser's role change and DDL on a classified table are raised; the migrator's migration DDL is not", () => {
    const { events, alerts } = analyze(entries, validateDetectionSettings({}), { since, until });
    expect(events.some((e) => e.record.class === "DDL" && e.entry.user === "svc_migrate" && e.record.statement.includes("SET STATISTICS 100"))).toBe(true);
    expect(alerts.filter((a) => a.detection === "privilege-change").map((a) => [a.role, a.operation])).toEqual(
        expect.arrayContaining([
            [cluster.handle.bootstrapUser, "CREATE ROLE"],
            [cluster.handle.bootstrapUser, "GRANT"],
        ]),
    );
    const ddl = alerts.filter((a) => a.detection === "classified-ddl");
    expect(ddl.map((a) => [a.role, a.table, a.operation])).toEqual([[cluster.handle.bootstrapUser, "app.patients", "ALTER TABLE"]]);
});

test("five refused logins from 127.0.0.1 within the window raise failed-auth-burst with each FATAL line and its DETAIL as proof", () => {
    const { alerts } = analyze(entries, validateDetectionSettings({}), { since, until });
    const burst = alerts.filter((a) => a.detection === "failed-auth-burst");
    expect(burst.map((a) => [a.sourceAddress, a.role, a.operation])).toEqual([["127.0.0.1", "svc_api", "authentication"]]);
    const fatal = burst[0].evidence.filter((line) => line.includes(':FATAL:  password authentication failed for user "svc_api"'));
    const detail = burst[0].evidence.filter((line) => line.includes(":DETAIL:  "));
    expect([fatal.length, detail.length, burst[0].evidence.length]).toEqual([5, 5, 10]);
});

test("PHI read with only a tenant, or in a rolled-back actor transaction, is unattributed-access; reads in committed contexts are not", () => {
    const { alerts } = analyze(entries, validateDetectionSettings({}), { since, until });
    const unattributed = alerts.filter((a) => a.detection === "unattributed-access" && a.role === "svc_api");
    expect(unattributed.map((a) => [a.person, a.table, a.operation, a.sourceAddress])).toEqual([[undefined, "app.patients", "SELECT", "127.0.0.1"]]);
    const proof = unattributed[0].evidence.join("\n");
    expect(proof).toContain("WHERE id = 3");
    expect(proof).toContain("WHERE id = 4");
    expect(proof).not.toMatch(/WHERE id = [12]\b/);
});

describe("each CloudWatch metric filter, evaluated over the real server's stderr entries", () => {
    const settings = () => validateDetectionSettings({ allowedCidrs: ["127.0.0.1/32"] });
    const matched = (id: string) => {
        const form = DETECTIONS.find((d) => d.id === id)!.cloudwatch(settings());
        if (form.kind !== "metric-filter") {
            throw new Error(`${id} has no metric filter`);
        }
        return entries.filter((e) => filterPatternMatches(form.filterPattern, e.raw)).map((e) => e.raw);
    };
    // Every entry the server wrote, provisioning included: the filters judge each line, not a period.
    const events = () => analyze(entries, settings(), { since: new Date(0), until }).events;

    test("outside-network matches exactly the connection authorized from 127.0.0.2, not those from 127.0.0.1", () => {
        const expected = entries.filter((e) => e.message.startsWith("connection authorized") && e.remoteHost === "127.0.0.2").map((e) => e.raw);
        expect(expected).toHaveLength(1);
        expect(matched("outside-network")).toEqual(expected);
        expect(entries.some((e) => e.message.startsWith("connection authorized") && e.remoteHost === "127.0.0.1")).toBe(true);
    });

    test("privilege-change matches exactly the ROLE records", () => {
        const expected = events().filter((e) => e.record.class === "ROLE").map((e) => e.entry.raw);
        expect(expected.length).toBeGreaterThanOrEqual(2);
        expect(matched("privilege-change")).toEqual(expected);
    });

    test("classified-ddl matches exactly the DDL records of roles that aren't migrators (its stated broader scope)", () => {
        const ddl = events().filter((e) => e.record.class === "DDL");
        expect(ddl.some((e) => e.entry.user === "svc_migrate")).toBe(true);
        expect(matched("classified-ddl")).toEqual([...new Set(ddl.filter((e) => e.entry.user !== "svc_migrate").map((e) => e.entry.raw))]);
        expect(matched("classified-ddl").some((raw) => raw.includes("ALTER TABLE app.patients"))).toBe(true);
    });

    test("failed-auth-burst matches exactly the refused logins (wrong password, no pg_hba.conf entry)", () => {
        const expected = entries.filter((e) => e.severity === "FATAL" && /^(password authentication failed|no pg_hba\.conf entry)/.test(e.message)).map((e) => e.raw);
        expect(expected).toHaveLength(6);
        expect(matched("failed-auth-burst")).toEqual(expected);
    });
});

describe("a jsonlog server numbers each session's lines (line_num): a removed line is a gap", () => {
    let jsonCluster: ThrowawayCluster;
    let jsonEntries: LogEntry[];
    let period: { since: Date; until: Date };

    beforeAll(async () => {
        period = { since: new Date(Date.now() - 60_000), until: new Date(Date.now() + 10 * 60_000) };
        jsonCluster = await startThrowawayCluster({ "pgaudit.log_relation": "on" });
        const admin = await jsonCluster.connectAsBootstrap();
        await admin.query("CREATE TABLE h3_t (id int)");
        await admin.query("INSERT INTO h3_t SELECT generate_series(1, 3)");
        await admin.query("UPDATE h3_t SET id = id + 1");
        await admin.query("DELETE FROM h3_t WHERE id = 2");
        await admin.query(`DO $$ BEGIN RAISE LOG '${DONE}'; END $$`);
        await admin.end();
        const deadline = Date.now() + 15_000;
        while (!serverLogFiles(jsonCluster.handle).some((f) => fs.readFileSync(f, "utf8").includes(DONE)) && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 100));
        }
        jsonEntries = readLogFiles(serverLogFiles(jsonCluster.handle));
    }, 120_000);

    afterAll(async () => {
        await jsonCluster?.destroy();
    });

    test("the server's own log has no gap in any session's numbering", () => {
        expect(jsonEntries.filter((e) => e.sessionLine !== undefined).length).toBeGreaterThan(5);
        const { alerts } = analyze(jsonEntries, validateDetectionSettings({ auditGap: { maxSilenceMinutes: 60 } }), period);
        expect(alerts.filter((a) => a.detection === "audit-gap")).toEqual([]);
    });

    test("removing one audit record from the middle of a session raises audit-gap, naming the session and the missing line", () => {
        const victim = jsonEntries.find((e) => e.message.startsWith("AUDIT: SESSION") && e.message.includes(",UPDATE,"))!;
        const after = jsonEntries.slice(jsonEntries.indexOf(victim) + 1).find((e) => e.sessionId === victim.sessionId)!;
        const { alerts } = analyze(
            jsonEntries.filter((e) => e !== victim),
            validateDetectionSettings({ auditGap: { maxSilenceMinutes: 60 } }),
            period,
        );
        expect(alerts.filter((a) => a.detection === "audit-gap").map((a) => a.summary)).toEqual([
            `Session ${victim.sessionId} is missing 1 line(s) between its lines ${victim.sessionLine! - 1} and ${victim.sessionLine! + 1}`,
        ]);
        expect(after.sessionLine).toBe(victim.sessionLine! + 1);
    });
});
