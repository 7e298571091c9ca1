/**
 * Nothing is attributed to the wrong person across pooled transactions: many clients, each acting for its own person
 * and tenant, share a few server connections of a real PgBouncer in transaction pooling mode (the settings of
 * docs/connection-pooling.md, TLS both ways, SCRAM pass-through) in front of a real PostgreSQL 15 that writes jsonlog,
 * csvlog and stderr with RDS's prefix at once. Each statement carries a tag naming its client, transaction and
 * outcome, so the test knows the truth and compares every attribution the audit trail makes from each form against it.
 */
import * as fs from "fs";
import * as path from "path";
import { Actor, AuditEvent } from "../../components/audit-trail/events";
import { SET_ACTOR_STATEMENT, withActor } from "../../components/database-access/actor-context";
import { SAMPLE_TENANTS } from "../../infra/local-twin/sample-schema";
import { attribute } from "../../policies/audit/attribution";
import { buildAuditReport } from "../../policies/audit/report";
import { roleOf } from "../support/live-cluster";
import { iniSection, PgBouncer, startPgBouncer } from "../support/pgbouncer";
import { holdsCloseOf, RdsFormatCluster, startRdsFormatCluster, StoredForm, waitForEntries } from "../support/rds-format-cluster";

const DOC = path.join(__dirname, "../../docs/connection-pooling.md");
const [TENANT_A, TENANT_B] = SAMPLE_TENANTS;
const api = roleOf("app_rw");
const POOLED = "hpg_app";
/** One server connection: the next client's transaction certainly runs on the rolled-back one's backend. */
const ONE = "hpg_app_one";
const POOL_SIZE = 3;
const CLIENTS = 24;
const ROUNDS = 4;
const FORMS: StoredForm[] = ["jsonlog", "csvlog", "stderr"];

/** What a tagged statement's transaction was: committed for an actor, rolled back, or run without a person. */
type Truth = { outcome: "committed"; actor: Actor } | { outcome: "rolled back" } | { outcome: "no person" };

let db: RdsFormatCluster;
let bouncer: PgBouncer;
const truth = new Map<string, Truth>();
const patientsOf: Record<string, number> = {};

function documentedSettings(): Record<string, string> {
    const block = /```ini\n([\s\S]*?)```/.exec(fs.readFileSync(DOC, "utf8"));
    if (!block) {
        throw new Error(`${DOC} has no ini block`);
    }
    return iniSection(block[1], "pgbouncer");
}

/** The tag a statement carries, and the log text that finds it: `/* c07-r2 *\/`. */
const tagOf = (client: number, round: number) => `c${String(client).padStart(2, "0")}-r${round}`;
const tagIn = (statement: string) => /\/\* (c\d\d-r\d|one-\w+) \*\//.exec(statement)?.[1];

/** One client's rounds: committed reads for its actor, one rolled back, one without a person. */
async function runClient(i: number): Promise<void> {
    const actor: Actor = { person: `person-${String(i).padStart(2, "0")}`, tenant: i % 2 === 0 ? TENANT_A : TENANT_B };
    const client = await bouncer.connect(api, db.password(api), POOLED);
    try {
        for (let round = 0; round < ROUNDS; round++) {
            const tag = tagOf(i, round);
            const read = `SELECT full_name, diagnosis FROM app.patients /* ${tag} */`;
            if (round === 1) {
                truth.set(tag, { outcome: "rolled back" });
                await expect(
                    withActor(client, actor, async (c) => {
                        await c.query(read);
                        throw new Error("the request failed");
                    }),
                ).rejects.toThrow("the request failed");
            } else if (round === 2) {
                truth.set(tag, { outcome: "no person" });
                await client.query("BEGIN");
                await client.query("SELECT hpg.set_tenant($1)", [actor.tenant]);
                await client.query(read);
                await client.query("COMMIT");
            } else {
                truth.set(tag, { outcome: "committed", actor });
                await withActor(client, actor, (c) => c.query(read));
            }
        }
    } finally {
        await client.end();
    }
}

beforeAll(async () => {
    db = await startRdsFormatCluster();
    const counter = await db.connectAs(api);
    for (const tenant of [TENANT_A, TENANT_B]) {
        patientsOf[tenant] = await withActor(counter, { person: "person-counter", tenant }, async (c) => (await c.query("SELECT count(*)::int AS n FROM app.patients")).rows[0].n);
    }
    await counter.end();
    bouncer = await startPgBouncer({
        cluster: db.cluster.handle,
        superuser: db.admin,
        roles: [api],
        databases: { [POOLED]: { dbname: db.database }, [ONE]: { dbname: db.database, poolSize: 1 } },
        settings: { ...documentedSettings(), default_pool_size: String(POOL_SIZE) },
    });
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => runClient(i)));

    // On the one-connection alias: acting for a person and rolling back, then a transaction without a person.
    const x = await bouncer.connect(api, db.password(api), ONE);
    await x.query("BEGIN");
    await x.query(SET_ACTOR_STATEMENT, ["person-rolled-back", TENANT_A]);
    await x.query("SELECT diagnosis FROM app.patients /* one-rolledback */");
    await x.query("ROLLBACK");
    truth.set("one-rolledback", { outcome: "rolled back" });
    const y = await bouncer.connect(api, db.password(api), ONE);
    await y.query("BEGIN");
    await y.query("SELECT hpg.set_tenant($1)", [TENANT_A]);
    await y.query("SELECT diagnosis FROM app.patients /* one-nobody */");
    await y.query("COMMIT");
    truth.set("one-nobody", { outcome: "no person" });
    await x.end();
    await y.end();
    // The last context: once both files hold its close, they hold everything above.
    const last = await db.connectAs(api);
    await withActor(last, { person: "person-last", tenant: TENANT_A }, (c) => c.query("SELECT 1"));
    await last.end();
}, 240_000);

afterAll(async () => {
    await bouncer?.stop();
    await db?.destroy();
});

/** The tagged events of one form, once it holds everything the set-up did. */
async function eventsOf(form: StoredForm): Promise<AuditEvent[]> {
    return attribute(await waitForEntries(db, form, holdsCloseOf("person-last"))).filter((e) => tagIn(e.record.statement) !== undefined);
}

describe.each(FORMS)("every attribution made from the %s the server wrote", (form) => {
    let events: AuditEvent[];
    beforeAll(async () => {
        events = await eventsOf(form);
    });

    test("covers every tagged statement, one object record each", () => {
        expect(events.map((e) => tagIn(e.record.statement)).sort()).toEqual([...truth.keys()].sort());
        expect(events.every((e) => e.record.auditType === "OBJECT" && e.record.objectName === "app.patients")).toBe(true);
    });

    test("the clients really shared few server connections, several persons to a connection", () => {
        const pooled = events.filter((e) => !tagIn(e.record.statement)!.startsWith("one-"));
        const pids = new Set(pooled.map((e) => e.entry.pid));
        expect(pids.size).toBeLessThanOrEqual(POOL_SIZE);
        const personsOnOnePid = Math.max(...[...pids].map((pid) => new Set(pooled.filter((e) => e.entry.pid === pid && e.actor).map((e) => e.actor!.person)).size));
        expect(personsOnOnePid).toBeGreaterThan(1);
    });

    test("each committed statement is attributed to exactly its client's person and tenant, with its tenant's row count", () => {
        const wrong = events
            .filter((e) => truth.get(tagIn(e.record.statement)!)!.outcome === "committed")
            .map((e) => {
                const t = truth.get(tagIn(e.record.statement)!) as Extract<Truth, { outcome: "committed" }>;
                return { tag: tagIn(e.record.statement), expected: t.actor, actual: e.actor, rows: e.record.rows, expectedRows: patientsOf[t.actor.tenant] };
            })
            .filter((x) => x.actual?.person !== x.expected.person || x.actual?.tenant !== x.expected.tenant || x.rows !== x.expectedRows);
        expect(wrong).toEqual([]);
    });

    test("no rolled-back or person-less statement is attributed to anyone", () => {
        const attributedWrongly = events.filter((e) => truth.get(tagIn(e.record.statement)!)!.outcome !== "committed" && e.actor !== undefined);
        expect(attributedWrongly.map((e) => [tagIn(e.record.statement), e.actor?.person])).toEqual([]);
    });

    test("a rolled-back transaction followed by a transaction without a person on the same server connection: neither is attributed", () => {
        const [rolledBack] = events.filter((e) => tagIn(e.record.statement) === "one-rolledback");
        const [nobody] = events.filter((e) => tagIn(e.record.statement) === "one-nobody");
        expect(nobody.entry.pid).toBe(rolledBack.entry.pid);
        expect([rolledBack.actor, nobody.actor]).toEqual([undefined, undefined]);
    });
});

test("the PHI-access report from RDS's stderr names each client's person for exactly its committed reads, and nobody for the rest", async () => {
    const events = attribute(await waitForEntries(db, "stderr", holdsCloseOf("person-last"))).filter((e) => tagIn(e.record.statement) !== undefined);
    const report = buildAuditReport({ events, alerts: [], since: new Date(0), until: new Date(), classifiedTables: ["app.patients"], sources: ["stderr"] });
    const expected = new Map<string, { statements: number; rows: number; tenants: string[] }>();
    for (const t of truth.values()) {
        if (t.outcome === "committed") {
            const row = expected.get(t.actor.person) ?? { statements: 0, rows: 0, tenants: [t.actor.tenant] };
            expected.set(t.actor.person, { ...row, statements: row.statements + 1, rows: row.rows + patientsOf[t.actor.tenant] });
        }
    }
    expect(report.access.map((r) => [r.person, r.table, r.operation, r.statements, r.rows, r.tenants])).toEqual(
        [...expected.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([person, e]) => [person, "app.patients", "SELECT", e.statements, e.rows, e.tenants]),
    );
    const uncommitted = [...truth.values()].filter((t) => t.outcome !== "committed").length;
    expect(report.unattributed.map((r) => [r.table, r.operation, r.statements])).toEqual([["app.patients", "SELECT", uncommitted]]);
});

test("jsonlog, csvlog and stderr attribute every tagged statement alike", async () => {
    const byTag = (events: AuditEvent[]) => Object.fromEntries(events.map((e) => [tagIn(e.record.statement), e.actor?.person ?? null]));
    const jsonlog = byTag(await eventsOf("jsonlog"));
    expect(byTag(await eventsOf("csvlog"))).toEqual(jsonlog);
    expect(byTag(await eventsOf("stderr"))).toEqual(jsonlog);
});

test("the test's own truth has what it needs: committed, rolled-back and person-less transactions", () => {
    const outcomes = [...truth.values()].map((t) => t.outcome);
    expect(outcomes.filter((o) => o === "committed")).toHaveLength(CLIENTS * 2);
    expect(outcomes.filter((o) => o === "rolled back")).toHaveLength(CLIENTS + 1);
    expect(outcomes.filter((o) => o === "no person")).toHaveLength(CLIENTS + 1);
});
