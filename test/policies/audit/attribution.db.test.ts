/**
 * Attribution of what a real PostgreSQL 15 wrote, read back by the audit trail's own parser from jsonlog, csvlog and
 * stderr with RDS's fixed prefix (`%t:%r:%u@%d:[%p]:`, no vxid, CONTEXT as lines of their own): the same events
 * must be attributed the same way in each. The app role connects over TLS and acts through withActor.
 */
import { Client } from "pg";
import { AuditEvent } from "../../../components/audit-trail/events";
import { withActor } from "../../../components/database-access/actor-context";
import { SAMPLE_TENANTS } from "../../../infra/local-twin/sample-schema";
import { attribute } from "../../../policies/audit/attribution";
import { roleOf } from "../../support/live-cluster";
import { holdsCloseOf, RdsFormatCluster, startRdsFormatCluster, StoredForm, waitForEntries } from "../../support/rds-format-cluster";

const [TENANT_A, TENANT_B] = SAMPLE_TENANTS;
const api = roleOf("app_rw");
const FORMS: StoredForm[] = ["jsonlog", "csvlog", "stderr"];
const P = { person: "person-p", tenant: TENANT_A };
const Q = { person: "person-q", tenant: TENANT_B };

let db: RdsFormatCluster;
let app: Client;
let patientsOfA: number;

/** The events whose statement carries `/* tag *\/`. */
const tagged = (events: AuditEvent[], tag: string) => events.filter((e) => e.record.statement.includes(`/* ${tag} */`));

beforeAll(async () => {
    db = await startRdsFormatCluster();
    app = await db.connectAs(api);
    patientsOfA = await withActor(app, P, async (c) => (await c.query("SELECT count(*)::int AS n FROM app.patients")).rows[0].n);

    // A PHI read and a write acting for P in tenant A.
    await withActor(app, P, (c) => c.query("SELECT full_name, diagnosis FROM app.patients /* phi read */"));
    await withActor(app, P, (c) => c.query("UPDATE app.patients SET diagnosis = diagnosis /* phi write */"));
    // A multi-line statement, one of whose lines mimics an RDS log line opening Q's context.
    await withActor(app, P, (c) => c.query(`SELECT diagnosis\nFROM app.patients\n/* multi-line */ -- 2026-11-26 08:00:00 UTC:127.0.0.1(1):svc_api@hpg_app:[1]:LOG:  hpg-audit-context open id=11111111-1111-4111-8111-111111111111 actor=person-q tenant=${TENANT_B}`));
    // Rolled back while acting for Q, then a transaction with a tenant and no person on the same connection.
    await app.query("BEGIN");
    await app.query("SELECT hpg.set_actor($1, $2)", [Q.person, Q.tenant]);
    await app.query("SELECT diagnosis FROM app.patients /* rolled back */");
    await app.query("ROLLBACK");
    await app.query("BEGIN");
    await app.query("SELECT hpg.set_tenant($1)", [TENANT_B]);
    await app.query("SELECT diagnosis FROM app.patients /* no context */");
    await app.query("COMMIT");
    // Forgeries by the app role itself: RAISE LOG of the context texts from a DO block around a read, and a statement quoting them.
    await app.query("BEGIN");
    await app.query("SELECT hpg.set_tenant($1)", [TENANT_B]);
    await app.query(`DO $$ BEGIN RAISE LOG 'hpg-audit-context open id=22222222-2222-4222-8222-222222222222 actor=person-q tenant=${TENANT_B}'; END $$`);
    await app.query("SELECT diagnosis FROM app.patients /* forged by a DO block */");
    await app.query("DO $$ BEGIN RAISE LOG 'hpg-audit-context close id=22222222-2222-4222-8222-222222222222'; END $$");
    await app.query("COMMIT");
    await withActor(app, P, (c) => c.query("SELECT 'hpg-audit-context close id=00000000-0000-4000-8000-000000000000' AS x, diagnosis FROM app.patients /* quoting a close */"));
    // Temporary functions the app role may create, one named like the real one: their CONTEXT says pg_temp_N.…, never hpg.set_actor.
    for (const name of ["set_actor", '"hpg.set_actor"']) {
        await app.query(
            `CREATE FUNCTION pg_temp.${name}(person text, tenant uuid) RETURNS void LANGUAGE plpgsql AS $$ BEGIN RAISE LOG 'hpg-audit-context open id=33333333-3333-4333-8333-333333333333 actor=%% tenant=%%', person, tenant; END $$`.replace(/%%/g, "%"),
        );
        await app.query("BEGIN");
        await app.query("SELECT hpg.set_tenant($1)", [TENANT_B]);
        await app.query(`SELECT pg_temp.${name}($1, $2)`, [Q.person, Q.tenant]);
        await app.query(`SELECT diagnosis FROM app.patients /* forged by pg_temp.${name.replace(/"/g, "")} */`);
        await app.query("DO $$ BEGIN RAISE LOG 'hpg-audit-context close id=33333333-3333-4333-8333-333333333333'; END $$");
        await app.query("COMMIT");
    }
    // A last context, so the tests can wait until everything above is in both files.
    await withActor(app, { person: "person-last", tenant: TENANT_A }, (c) => c.query("SELECT 1"));
}, 180_000);

afterAll(async () => {
    await db?.destroy();
});

/** Both forms' events, once each file holds the last context's close. */
async function eventsOf(form: StoredForm): Promise<AuditEvent[]> {
    return attribute(await waitForEntries(db, form, holdsCloseOf("person-last")));
}

describe.each(FORMS)("what the server wrote as %s", (form) => {
    let events: AuditEvent[];
    beforeAll(async () => {
        events = await eventsOf(form);
    });

    test("a PHI read by the app role acting for P in tenant A is attributed to P, with its row count", () => {
        const read = tagged(events, "phi read");
        expect(read.map((e) => ({ type: e.record.auditType, command: e.record.command, object: e.record.objectName, rows: e.record.rows, user: e.entry.user, actor: e.actor }))).toEqual([
            { type: "OBJECT", command: "SELECT", object: "app.patients", rows: patientsOfA, user: api, actor: P },
        ]);
    });

    test("a write acting for P is attributed to P, session and object records alike, with the rows written", () => {
        const write = tagged(events, "phi write");
        expect(write.map((e) => [e.record.auditType, e.record.rows, e.actor?.person])).toEqual([
            ["SESSION", patientsOfA, "person-p"],
            ["OBJECT", patientsOfA, "person-p"],
        ]);
    });

    test("a multi-line statement survives whole, and a line of it that mimics an open opens nothing", () => {
        const [read] = tagged(events, "multi-line");
        expect(read.record.statement).toContain("SELECT diagnosis\nFROM app.patients\n");
        expect(read.actor).toEqual(P);
        expect(events.filter((e) => e.actor?.person === "person-q")).toEqual([]);
    });

    test("a rolled-back transaction, and the context-less one after it on the same connection, are attributed to nobody", () => {
        const rolledBack = tagged(events, "rolled back");
        const noContext = tagged(events, "no context");
        expect(rolledBack.map((e) => e.actor)).toEqual([undefined]);
        expect(noContext.map((e) => e.actor)).toEqual([undefined]);
        expect(noContext[0].entry.pid).toBe(rolledBack[0].entry.pid);
    });

    test("context texts RAISEd from a DO block or a temporary function attribute nothing, and a statement quoting a close does not end the real context", () => {
        // The forged opens are in the log, so what follows is not vacuous: two from temporary functions, one from a DO block.
        const forgedOpens = db.entries(form).filter((e) => e.severity === "LOG" && /^hpg-audit-context open id=(2|3){8}-/.test(e.message));
        expect(forgedOpens.map((e) => e.message.slice(0, 38))).toEqual(["hpg-audit-context open id=22222222-222", "hpg-audit-context open id=33333333-333", "hpg-audit-context open id=33333333-333"]);
        expect(tagged(events, "forged by a DO block").map((e) => e.actor)).toEqual([undefined]);
        expect(tagged(events, "forged by pg_temp.set_actor").map((e) => e.actor)).toEqual([undefined]);
        expect(tagged(events, "forged by pg_temp.hpg.set_actor").map((e) => e.actor)).toEqual([undefined]);
        expect(tagged(events, "quoting a close").map((e) => e.actor)).toEqual([P]);
    });
});

test("every form attributes every record the same way", async () => {
    const summary = (events: AuditEvent[]) => events.map((e) => [e.record.statementId, e.record.substatementId, e.record.auditType, e.record.statement, e.record.rows, e.actor?.person]);
    const jsonlog = summary(await eventsOf("jsonlog"));
    expect(summary(await eventsOf("csvlog"))).toEqual(jsonlog);
    expect(summary(await eventsOf("stderr"))).toEqual(jsonlog);
});
