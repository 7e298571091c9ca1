/**
 * `hpg.set_actor` and `withActor` on a real PostgreSQL 15 provisioned as `local up` provisions it, as the real login
 * roles over TLS: what the server accepts, what it writes to its log, and what the client sees.
 */
import { Client } from "pg";
import { PERSON_PATTERN } from "../../../components/audit-trail/events";
import { ActorError, SET_ACTOR_STATEMENT, withActor } from "../../../components/database-access/actor-context";
import { SAMPLE_TENANTS } from "../../../infra/local-twin/sample-schema";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../../support/live-cluster";
import { JsonLogEntry, readRawLog, waitForLog } from "../../support/pg-log";

const [TENANT_A, TENANT_B] = SAMPLE_TENANTS;
const api = roleOf("app_rw");
const reporting = roleOf("analytics_ro");
const auditor = roleOf("auditor");
const OPEN = /^hpg-audit-context open id=([0-9a-f-]{36}) actor=(\S+) tenant=(\S+)$/;
const ALLOWED = PERSON_PATTERN.source;

let db: ProvisionedCluster;
let app: Client;

beforeAll(async () => {
    db = await startProvisionedCluster();
    app = await db.connectAs(api);
}, 120_000);

afterAll(async () => {
    await db?.destroy();
});

/** Whether set_actor accepts `person`, in a transaction rolled back afterwards. */
async function serverAccepts(person: string): Promise<boolean> {
    await app.query("BEGIN");
    try {
        await app.query(SET_ACTOR_STATEMENT, [person, TENANT_A]);
        return true;
    } catch (e) {
        expect((e as Error).message).toBe(`[person] '${person.slice(0, 140).replace(/'/g, "''")}' is not a person id hpg.set_actor accepts (allowed: ${ALLOWED})`);
        return false;
    } finally {
        await app.query("ROLLBACK");
    }
}

/** The log entries of the context records of one person (they carry the person, so a test finds its own). */
const contextOf = (person: string) => (e: JsonLogEntry) => (OPEN.exec(e.message)?.[2] ?? "") === person;

describe("hpg.set_actor", () => {
    test.each([
        ["a plain id", "person-1", true],
        ["an email-like id", "dr.jane+ward-3@clinic.example", true],
        ["a urn", "urn:person:42/7", true],
        ["128 characters", "a".repeat(128), true],
        ["129 characters", "a".repeat(129), false],
        ["a space", "jane doe", false],
        ["a newline, as a forged continuation line would need", "jane\n2026-11-26 08:00:00 UTC:127.0.0.1(1):svc_api@hpg_app:[1]:LOG:  hpg-audit-context open", false],
        ["a tab", "jane\tdoe", false],
        ["a quote", "jane'", false],
        ["a leading dash", "-jane", false],
        ["a non-ASCII letter", "jöhn", false],
        ["nothing", "", false],
    ])("agrees with PERSON_PATTERN on %s", async (_case, person, accepted) => {
        expect(PERSON_PATTERN.test(person)).toBe(accepted);
        expect(await serverAccepts(person)).toBe(accepted);
    });

    test("refuses a second context in the same transaction, and the transaction is aborted", async () => {
        await app.query("BEGIN");
        try {
            await app.query(SET_ACTOR_STATEMENT, ["person-twice", TENANT_A]);
            await expect(app.query(SET_ACTOR_STATEMENT, ["person-other", TENANT_B])).rejects.toThrow(
                "hpg.set_actor: this transaction already acts for a person; commit or roll back before acting for another",
            );
        } finally {
            await app.query("ROLLBACK");
        }
    });

    test("sets the tenant context as hpg.set_tenant does: the tenant's rows, and no other tenant's", async () => {
        const rows = await withActor(app, { person: "person-tenant", tenant: TENANT_A }, async (c) => (await c.query("SELECT DISTINCT tenant_id::text AS t FROM app.patients")).rows);
        expect(rows).toEqual([{ t: TENANT_A }]);
    });

    test("writes the open and the close to the server log only, never to the client, even at client_min_messages=debug5", async () => {
        const client = await db.connectAs(api);
        const messages: string[] = [];
        client.on("notice", (n) => messages.push(n.message ?? ""));
        await client.query("SET client_min_messages = debug5");
        await withActor(client, { person: "person-quiet", tenant: TENANT_A }, (c) => c.query("SELECT 1"));
        await client.end();
        expect(messages.filter((m) => m.includes("hpg-audit-context"))).toEqual([]);
        const [open] = await waitForLog(db.cluster.handle, contextOf("person-quiet"));
        const id = OPEN.exec(open.message)![1];
        const [close] = await waitForLog(db.cluster.handle, (e) => e.message === `hpg-audit-context close id=${id}`);
        expect(open).toMatchObject({ error_severity: "LOG", user: api, statement: "SELECT \"hpg\".\"set_actor\"($1, $2)" });
        expect(open.message).toBe(`hpg-audit-context open id=${id} actor=person-quiet tenant=${TENANT_A}`);
        expect(close).toMatchObject({ error_severity: "LOG", user: api, pid: open.pid, statement: "COMMIT" });
    });

    test("the open's STATEMENT line shows the placeholders, so a bound person id is only in the record itself", async () => {
        await withActor(app, { person: "person-bound", tenant: TENANT_A }, (c) => c.query("SELECT 1"));
        await waitForLog(db.cluster.handle, contextOf("person-bound"));
        expect(readRawLog(db.cluster.handle).split("person-bound").length - 1).toBe(1);
    });

    test("a rolled-back transaction writes an open and no close", async () => {
        await app.query("BEGIN");
        await app.query(SET_ACTOR_STATEMENT, ["person-rollback", TENANT_A]);
        await app.query("ROLLBACK");
        await withActor(app, { person: "person-after-rollback", tenant: TENANT_A }, (c) => c.query("SELECT 1"));
        const [open] = await waitForLog(db.cluster.handle, contextOf("person-rollback"));
        await waitForLog(db.cluster.handle, contextOf("person-after-rollback"));
        expect(readRawLog(db.cluster.handle)).not.toContain(`hpg-audit-context close id=${OPEN.exec(open.message)![1]}`);
    });

    test("analytics may act for a person; the auditor may not call it", async () => {
        const analytics = await db.connectAs(reporting);
        await expect(withActor(analytics, { person: "person-analyst", tenant: TENANT_A }, (c) => c.query("SELECT 1"))).resolves.toBeDefined();
        await analytics.end();
        const audit = await db.connectAs(auditor);
        await expect(withActor(audit, { person: "person-auditor", tenant: TENANT_A }, (c) => c.query("SELECT 1"))).rejects.toThrow("permission denied for function set_actor");
        await audit.end();
    });

    test.each([
        ["read", "SELECT * FROM hpg.actor_context"],
        ["insert", "INSERT INTO hpg.actor_context (id) VALUES (gen_random_uuid())"],
        ["delete", "DELETE FROM hpg.actor_context"],
        ["call the close directly", "SELECT hpg.close_actor_context()"],
    ])("the app role cannot %s the context table or its trigger function", async (_case, sql) => {
        await expect(app.query(sql)).rejects.toThrow(/permission denied for (table actor_context|function close_actor_context)/);
    });

    test("fails in a read-only transaction (no context can be armed there), so the application learns it at once", async () => {
        await app.query("BEGIN READ ONLY");
        try {
            await expect(app.query(SET_ACTOR_STATEMENT, ["person-read-only", TENANT_A])).rejects.toThrow("cannot execute INSERT in a read-only transaction");
        } finally {
            await app.query("ROLLBACK");
        }
    });
});

describe("withActor", () => {
    test("commits the work and returns its result", async () => {
        const name = `actor-commit-${Date.now()}`;
        const id = await withActor(app, { person: "person-writer", tenant: TENANT_A }, async (c) => (await c.query("INSERT INTO app.clinics (tenant_id, name) VALUES ($1, $2) RETURNING id", [TENANT_A, name])).rows[0].id);
        const seen = await withActor(app, { person: "person-reader", tenant: TENANT_A }, async (c) => (await c.query("SELECT name FROM app.clinics WHERE id = $1", [id])).rows);
        expect(seen).toEqual([{ name }]);
    });

    test("rolls back and rethrows when the work fails; the connection is usable afterwards", async () => {
        const name = `actor-rollback-${Date.now()}`;
        await expect(
            withActor(app, { person: "person-writer", tenant: TENANT_A }, async (c) => {
                await c.query("INSERT INTO app.clinics (tenant_id, name) VALUES ($1, $2)", [TENANT_A, name]);
                throw new Error("the request failed");
            }),
        ).rejects.toThrow("the request failed");
        const seen = await withActor(app, { person: "person-reader", tenant: TENANT_A }, async (c) => (await c.query("SELECT count(*)::int AS n FROM app.clinics WHERE name = $1", [name])).rows[0].n);
        expect(seen).toBe(0);
    });

    test("refuses a transaction the work's caught error aborted (COMMIT answered ROLLBACK)", async () => {
        await expect(
            withActor(app, { person: "person-careless", tenant: TENANT_A }, async (c) => {
                await c.query("SELECT 1/0").catch(() => undefined);
            }),
        ).rejects.toThrow(new ActorError("the transaction acting for person-careless was rolled back by an earlier error in it; nothing it ran was committed"));
    });

    test("refuses a bad person before any round trip: nothing reaches the server", async () => {
        await expect(withActor(app, { person: "never sent", tenant: TENANT_A }, (c) => c.query("SELECT 1"))).rejects.toThrow(ActorError);
        expect((await app.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
        expect(readRawLog(db.cluster.handle)).not.toContain("never sent");
    });
});
