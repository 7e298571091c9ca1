import { validateDetectionSettings } from "../../../components/audit-trail";
import { AnalysisPeriodError, analyze } from "../../../policies/audit/analyze";
import { parseLogText } from "../../../policies/audit/log-entries";

const ID = "0b7c3f52-8a8e-4c55-9d7e-2b9f3c1a0001";
const TENANT = "7d4a8f2e-1111-4c3b-9a55-0c8e2b7d0001";
const p = (time: string, severity: string, message: string) => `2026-11-02 ${time} UTC:10.0.1.5(50000):svc_api@app:[4242]:${severity}:  ${message}`;

/** One transaction of the app acting for dr.alice, as RDS's stderr holds it: open, a 1500-row read, close. */
const STDERR = [
    p("23:29:59", "LOG", "connection authorized: user=svc_api database=app SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)"),
    p("23:30:00", "LOG", `hpg-audit-context open id=${ID} actor=dr.alice tenant=${TENANT}`),
    p("23:30:00", "CONTEXT", "PL/pgSQL function hpg.set_actor(text,uuid) line 14 at RAISE"),
    p("23:30:00", "STATEMENT", "SELECT hpg.set_actor($1, $2)"),
    p("23:30:01", "LOG", "AUDIT: OBJECT,2,1,READ,SELECT,TABLE,app.patients,select * from app.patients,<not logged>,1500"),
    p("23:30:01", "LOG", `hpg-audit-context close id=${ID}`),
    p("23:30:01", "CONTEXT", "PL/pgSQL function hpg.close_actor_context() line 3 at RAISE"),
    p("23:31:00", "LOG", "AUDIT: OBJECT,3,1,READ,SELECT,TABLE,app.patients,select * from app.patients where id = 1,<not logged>,1"),
    "",
].join("\n");

const settings = validateDetectionSettings({ businessHours: { timeZone: "America/New_York", start: "08:00", end: "18:00" }, auditGap: { maxSilenceMinutes: 1440 } });
const period = { since: new Date("2026-11-02T12:00:00Z"), until: new Date("2026-11-03T00:00:00Z") };

test("the real parser's entries are attributed, then judged: a bulk read after hours by dr.alice, and a read with no person", () => {
    const entries = parseLogText(STDERR, "stderr", "postgresql.log");
    const { events, alerts } = analyze(entries, settings, period);
    expect(events.map((e) => [e.record.statementId, e.actor?.person])).toEqual([
        [2, "dr.alice"],
        [3, undefined],
    ]);
    expect(alerts.map((a) => [a.detection, a.person, a.role, a.table, a.operation, a.time, a.sourceAddress])).toEqual([
        ["bulk-read", "dr.alice", "svc_api", "app.patients", "SELECT", "2026-11-02T23:30:01.000Z", "10.0.1.5"],
        ["after-hours", "dr.alice", "svc_api", "app.patients", "SELECT", "2026-11-02T23:30:01.000Z", "10.0.1.5"],
        ["after-hours", undefined, "svc_api", "app.patients", "SELECT", "2026-11-02T23:31:00.000Z", "10.0.1.5"],
        ["unattributed-access", undefined, "svc_api", "app.patients", "SELECT", "2026-11-02T23:31:00.000Z", "10.0.1.5"],
    ]);
    // The proof of an attributed alert: the context open line that names the person, and the record itself.
    expect(alerts[0].evidence).toEqual([STDERR.split("\n")[1], STDERR.split("\n")[4]]);
});

test("only entries inside the period are judged, but a context opened before it still names the person", () => {
    const entries = parseLogText(STDERR, "stderr", "postgresql.log");
    const { events, alerts } = analyze(entries, settings, { since: new Date("2026-11-02T23:30:01Z"), until: new Date("2026-11-02T23:30:30Z") });
    expect(events.map((e) => e.actor?.person)).toEqual(["dr.alice"]);
    expect(alerts.map((a) => a.detection)).toEqual(["bulk-read", "after-hours"]);
});

test("a forged context (RAISE LOG from a DO block, whose CONTEXT isn't hpg.set_actor) names nobody", () => {
    const forged = STDERR.replace("PL/pgSQL function hpg.set_actor(text,uuid) line 14 at RAISE", "PL/pgSQL function inline_code_block line 1 at RAISE");
    const { events } = analyze(parseLogText(forged, "stderr", "postgresql.log"), settings, period);
    expect(events.map((e) => e.actor)).toEqual([undefined, undefined]);
});

test("alerts come in time order", () => {
    const { alerts } = analyze(parseLogText(STDERR, "stderr", "postgresql.log"), validateDetectionSettings({ auditGap: { maxSilenceMinutes: 60 } }), period);
    const times = alerts.map((a) => Date.parse(a.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(alerts[0].detection).toBe("audit-gap");
});

test("a period whose end is before its start, or an invalid date, is refused naming the field", () => {
    expect(() => analyze([], settings, { since: period.until, until: period.since })).toThrow(
        new AnalysisPeriodError("[until] is 2026-11-02T12:00:00.000Z; it must not be before [since] 2026-11-03T00:00:00.000Z"),
    );
    expect(() => analyze([], settings, { since: new Date("nope"), until: period.until })).toThrow(new AnalysisPeriodError("[since] is Invalid Date; it must be a valid date"));
});
