import { LogEntry } from "../../../components/audit-trail/events";
import { attribute, readContextRecord } from "../../../policies/audit/attribution";

/**
 * Every boundary of the attribution rule, on entries shaped as the parser returns them: jsonlog-like (CONTEXT, vxid and
 * session in the entry) and RDS stderr-like (no vxid; CONTEXT as the backend's next entry).
 */
const P = { person: "person-p", tenant: "a0000000-0000-4000-8000-00000000000a" };
const Q = { person: "person-q", tenant: "b0000000-0000-4000-8000-00000000000b" };
const ID1 = "11111111-1111-4111-8111-111111111111";
const ID2 = "22222222-2222-4222-8222-222222222222";
const SET_ACTOR = "PL/pgSQL function hpg.set_actor(text,uuid) line 17 at RAISE";
const CLOSE = "PL/pgSQL function hpg.close_actor_context() line 4 at RAISE";
const DO_BLOCK = "PL/pgSQL function inline_code_block line 1 at RAISE";

let line = 0;
function entry(pid: number, severity: string, message: string, extra: Partial<LogEntry> = {}): LogEntry {
    line += 1;
    return { time: "2026-11-26T08:00:00.000Z", pid, user: "svc_api", database: "hpg_app", severity, message, source: { file: "postgresql.json", line }, raw: message, ...extra };
}
const open = (pid: number, id: string, actor: { person: string; tenant: string }, extra: Partial<LogEntry> = {}) =>
    entry(pid, "LOG", `hpg-audit-context open id=${id} actor=${actor.person} tenant=${actor.tenant}`, { context: SET_ACTOR, ...extra });
const close = (pid: number, id: string, extra: Partial<LogEntry> = {}) => entry(pid, "LOG", `hpg-audit-context close id=${id}`, { context: CLOSE, ...extra });
/** A pgaudit record whose statement names `tag`, so a test can tell events apart. */
const audit = (pid: number, tag: string, rows = 1, extra: Partial<LogEntry> = {}) =>
    entry(pid, "LOG", `AUDIT: OBJECT,1,1,READ,SELECT,TABLE,app.patients,SELECT * FROM app.patients /* ${tag} */,<not logged>,${rows}`, extra);
/** RDS stderr: the record, then its CONTEXT as the backend's next entry. */
const stderrOpen = (pid: number, id: string, actor: { person: string; tenant: string }, context = SET_ACTOR) => [
    entry(pid, "LOG", `hpg-audit-context open id=${id} actor=${actor.person} tenant=${actor.tenant}`),
    entry(pid, "CONTEXT", context),
    entry(pid, "STATEMENT", "SELECT hpg.set_actor($1,$2)"),
];
const stderrClose = (pid: number, id: string, context = CLOSE) => [entry(pid, "LOG", `hpg-audit-context close id=${id}`), entry(pid, "CONTEXT", context), entry(pid, "STATEMENT", "COMMIT")];

/** Who each event was attributed to, by the tag in its statement. */
function attributed(entries: LogEntry[]): Record<string, string | undefined> {
    return Object.fromEntries(attribute(entries).map((e) => [/\/\* (.+) \*\//.exec(e.record.statement)![1], e.actor?.person]));
}

describe("attribute: a committed context", () => {
    it("attributes the records between an open and its close to the person, with the tenant and row count", () => {
        const events = attribute([open(7, ID1, P, { vxid: "4/3" }), audit(7, "read", 12, { vxid: "4/3" }), close(7, ID1, { vxid: "4/3" })]);
        expect(events).toHaveLength(1);
        expect(events[0].actor).toEqual(P);
        expect(events[0].record).toMatchObject({ command: "SELECT", objectName: "app.patients", rows: 12 });
    });

    it("does the same in RDS's stderr, where the CONTEXT line is the backend's next entry", () => {
        expect(attributed([...stderrOpen(7, ID1, P), audit(7, "read"), ...stderrClose(7, ID1)])).toEqual({ read: P.person });
    });

    it("attributes two persons' transactions on one pid (a pooled server connection) each to its own person", () => {
        expect(attributed([open(7, ID1, P), audit(7, "p1"), close(7, ID1), open(7, ID2, Q), audit(7, "q1"), audit(7, "q2"), close(7, ID2)])).toEqual({ p1: "person-p", q1: "person-q", q2: "person-q" });
    });

    it("keeps interleaved backends apart", () => {
        expect(attributed([open(7, ID1, P), open(8, ID2, Q), audit(8, "q"), audit(7, "p"), close(8, ID2), close(7, ID1)])).toEqual({ p: "person-p", q: "person-q" });
    });

    it("holds for entries merged from several files in order (a rotation between the open and the close)", () => {
        const first = [open(7, ID1, P), audit(7, "before rotation")].map((e) => ({ ...e, source: { file: "postgresql-1.json", line: e.source.line } }));
        const second = [audit(7, "after rotation"), close(7, ID1)].map((e) => ({ ...e, source: { file: "postgresql-2.json", line: e.source.line } }));
        expect(attributed([...first, ...second])).toEqual({ "before rotation": "person-p", "after rotation": "person-p" });
    });
});

describe("attribute: nothing is attributed without the close of the same context", () => {
    it("a rolled-back transaction (no close) followed by a context-less one on the same pid: neither is attributed", () => {
        expect(attributed([open(7, ID1, P, { vxid: "4/3" }), audit(7, "rolled back", 1, { vxid: "4/3" }), audit(7, "next client", 1, { vxid: "4/4" })])).toEqual({
            "rolled back": undefined,
            "next client": undefined,
        });
    });

    it("the same in stderr, which has no vxid: the next open ends the rolled-back interval", () => {
        expect(attributed([...stderrOpen(7, ID1, P), audit(7, "rolled back"), ...stderrOpen(7, ID2, Q), audit(7, "q"), ...stderrClose(7, ID2)])).toEqual({ "rolled back": undefined, q: "person-q" });
    });

    it("a close from another transaction of the same pid (vxid differs) attributes nothing", () => {
        expect(attributed([open(7, ID1, P, { vxid: "4/3" }), audit(7, "r", 1, { vxid: "4/3" }), close(7, ID1, { vxid: "4/9" })])).toEqual({ r: undefined });
    });

    it("a close with another id attributes nothing", () => {
        expect(attributed([open(7, ID1, P), audit(7, "r"), close(7, ID2)])).toEqual({ r: undefined });
    });

    it("a missing close (the log ends) attributes nothing", () => {
        expect(attributed([open(7, ID1, P), audit(7, "r")])).toEqual({ r: undefined });
    });

    it.each([
        ["an ERROR", entry(7, "ERROR", "division by zero")],
        ["a FATAL", entry(7, "FATAL", "terminating connection due to administrator command")],
        ["a disconnection", entry(7, "LOG", "disconnection: session time: 0:00:01.000 user=svc_api database=hpg_app host=127.0.0.1 port=5000")],
        ["a new connection on a reused pid", entry(7, "LOG", "connection authorized: user=svc_api database=hpg_app")],
    ])("%s on the pid ends the interval: records before and after it stay unattributed", (_case, boundary) => {
        expect(attributed([open(7, ID1, P), audit(7, "before"), boundary, audit(7, "after"), close(7, ID1)])).toEqual({ before: undefined, after: undefined });
    });

    it("a new session on a reused pid (session id differs) ends the interval", () => {
        expect(attributed([open(7, ID1, P, { sessionId: "a.1" }), audit(7, "old", 1, { sessionId: "a.1" }), audit(7, "new", 1, { sessionId: "b.1" }), close(7, ID1, { sessionId: "b.1" })])).toEqual({
            old: undefined,
            new: undefined,
        });
    });
});

describe("attribute: forged context records are ignored", () => {
    it("an app selecting the open text: its pgaudit record is an AUDIT record, not an open", () => {
        const forged = audit(7, "forged");
        forged.message = `AUDIT: SESSION,1,1,READ,SELECT,,,"SELECT 'hpg-audit-context open id=${ID1} actor=${P.person} tenant=${P.tenant}' /* forged */",<not logged>,1`;
        expect(readContextRecord(forged)).toBeUndefined();
        expect(attributed([forged, audit(7, "after"), close(7, ID1)])).toEqual({ forged: undefined, after: undefined });
    });

    it("a RAISE LOG from a DO block (CONTEXT: inline_code_block) opens and closes nothing, in jsonlog and in stderr", () => {
        expect(attributed([open(7, ID1, P, { context: DO_BLOCK }), audit(7, "json"), close(7, ID1, { context: DO_BLOCK })])).toEqual({ json: undefined });
        expect(attributed([...stderrOpen(7, ID1, P, DO_BLOCK), audit(7, "stderr"), ...stderrClose(7, ID1, DO_BLOCK)])).toEqual({ stderr: undefined });
    });

    it("a forged open inside a real context neither ends it nor renames its person", () => {
        expect(attributed([open(7, ID1, P), audit(7, "before"), open(7, ID2, Q, { context: DO_BLOCK }), audit(7, "after"), close(7, ID1)])).toEqual({ before: "person-p", after: "person-p" });
    });

    it("a pgaudit record forged with RAISE LOG 'AUDIT: …' (it carries a CONTEXT and a STATEMENT) is no event, so it can't be attributed or counted", () => {
        const forged = audit(7, "forged", 5000, { context: DO_BLOCK, statement: "DO $$ BEGIN RAISE LOG 'AUDIT: …'; END $$" });
        expect(attributed([open(7, ID1, P), audit(7, "real"), forged, close(7, ID1)])).toEqual({ real: P.person });
        expect(attributed([open(7, ID1, P), audit(7, "real", 1, { statement: "SELECT 1" }), close(7, ID1)])).toEqual({});
    });

    it("an open without any CONTEXT (the backend's next entry is not one) is ignored", () => {
        expect(attributed([entry(7, "LOG", `hpg-audit-context open id=${ID1} actor=${P.person} tenant=${P.tenant}`), audit(7, "r"), ...stderrClose(7, ID1)])).toEqual({ r: undefined });
    });

    it.each([
        ["severity NOTICE", { severity: "NOTICE" }],
        ["severity WARNING", { severity: "WARNING" }],
        ["a truncated entry", { truncated: true }],
    ])("only whole LOG entries count: %s is not an open", (_case, change) => {
        expect(readContextRecord({ ...open(7, ID1, P), ...change })).toBeUndefined();
    });

    it.each([
        ["a second actor field", `id=${ID1} actor=person-p actor=person-q tenant=${P.tenant}`],
        ["a person the pattern refuses", `id=${ID1} actor=-person tenant=${P.tenant}`],
        ["an id that is not a uuid", `id=1 actor=person-p tenant=${P.tenant}`],
        ["text after the tenant", `id=${ID1} actor=person-p tenant=${P.tenant} extra`],
    ])("an open with %s is not an open", (_case, fields) => {
        expect(readContextRecord(entry(7, "LOG", `hpg-audit-context open ${fields}`, { context: SET_ACTOR }))).toBeUndefined();
    });

    it("reads exactly the fields the SQL writes", () => {
        expect(readContextRecord(open(7, ID1, P))).toEqual({ kind: "open", id: ID1, actor: P });
        expect(readContextRecord(close(7, ID1))).toEqual({ kind: "close", id: ID1 });
    });
});
