import { auditGap, silencePeriods } from "../../../../components/audit-trail/detections/audit-gap";
import { validateDetectionSettings } from "../../../../components/audit-trail";
import { inputOf, stderrEntry } from "./fixtures";

const settings = validateDetectionSettings({ auditGap: { maxSilenceMinutes: 30 } });
const line = (time: string, extra: Partial<Parameters<typeof stderrEntry>[0]> = {}) => stderrEntry({ time, message: "checkpoint complete", ...extra });
const period = (entries: ReturnType<typeof line>[], since = "2026-11-02T10:00:00Z", until = "2026-11-02T11:00:00Z") => inputOf([], entries, since, until);

test("entries no further apart than the limit, from since to until, raise nothing", () => {
    expect(auditGap.evaluate(period([line("2026-11-02T10:20:00Z"), line("2026-11-02T10:50:00Z")]), settings)).toEqual([]);
});

test("silence longer than the limit between two entries raises an alert with both entries as proof", () => {
    const a = line("2026-11-02T10:10:00Z");
    const b = line("2026-11-02T10:40:01Z");
    expect(auditGap.evaluate(period([a, b]), settings)).toEqual([
        {
            detection: "audit-gap",
            severity: "critical",
            summary: "No log entry for 30 minutes, from 2026-11-02T10:10:00.000Z to 2026-11-02T10:40:01.000Z (more than 30)",
            operation: "silence",
            time: "2026-11-02T10:10:00.000Z",
            evidence: [a.raw, b.raw],
        },
    ]);
});

test("exactly the limit is not a gap", () => {
    expect(auditGap.evaluate(period([line("2026-11-02T10:10:00Z"), line("2026-11-02T10:40:00Z")]), settings)).toEqual([]);
});

test("silence at the start or end of the period counts", () => {
    const alerts = auditGap.evaluate(period([line("2026-11-02T10:31:00Z")], "2026-11-02T10:00:00Z", "2026-11-02T11:05:00Z"), settings);
    expect(alerts.map((a) => a.summary)).toEqual([
        "No log entry for 31 minutes, from 2026-11-02T10:00:00.000Z (start of period) to 2026-11-02T10:31:00.000Z (more than 30)",
        "No log entry for 34 minutes, from 2026-11-02T10:31:00.000Z to 2026-11-02T11:05:00.000Z (end of period) (more than 30)",
    ]);
});

test("an empty period longer than the limit is one gap", () => {
    expect(auditGap.evaluate(period([]), settings)).toHaveLength(1);
});

test("a jump in a session's line numbers (jsonlog/csvlog) is lost lines, named with the session and numbers", () => {
    const s = { sessionId: "6560f0a1.1f4", remoteHost: "10.0.1.5", user: "svc_api" };
    const entries = [line("2026-11-02T10:20:00Z", { ...s, sessionLine: 1 }), line("2026-11-02T10:20:01Z", { ...s, sessionLine: 2 }), line("2026-11-02T10:20:02Z", { ...s, sessionLine: 5 }), line("2026-11-02T10:45:00Z")];
    const alerts = auditGap.evaluate(period(entries), settings);
    expect(alerts).toEqual([
        {
            detection: "audit-gap",
            severity: "critical",
            summary: "Session 6560f0a1.1f4 is missing 2 line(s) between its lines 2 and 5",
            role: "svc_api",
            operation: "lost lines",
            time: "2026-11-02T10:20:01Z",
            sourceAddress: "10.0.1.5",
            evidence: [entries[1].raw, entries[2].raw],
        },
    ]);
});

test("consecutive line numbers in two interleaved sessions are no gap", () => {
    const a = (n: number, t: string) => line(t, { sessionId: "a.1", sessionLine: n });
    const b = (n: number, t: string) => line(t, { sessionId: "b.2", sessionLine: n });
    const entries = [a(1, "2026-11-02T10:20:00Z"), b(1, "2026-11-02T10:20:01Z"), a(2, "2026-11-02T10:20:02Z"), b(2, "2026-11-02T10:45:00Z")];
    expect(auditGap.evaluate(period(entries), settings)).toEqual([]);
});

test("a line number repeated or going back is named as reordered", () => {
    const entries = [line("2026-11-02T10:20:00Z", { sessionId: "a.1", sessionLine: 3 }), line("2026-11-02T10:45:00Z", { sessionId: "a.1", sessionLine: 2 })];
    expect(auditGap.evaluate(period(entries), settings).map((a) => a.summary)).toEqual(["Session a.1's line 2 follows its line 3: lines were reordered or repeated"]);
});

test("CloudWatch: a silence alarm over exactly the limit, in periods of at most an hour", () => {
    expect(auditGap.cloudwatch(settings)).toEqual({ kind: "log-group-silence", periodSeconds: 1800, evaluationPeriods: 1 });
    expect(silencePeriods(90)).toEqual({ periodSeconds: 2700, evaluationPeriods: 2 });
    expect(silencePeriods(61)).toEqual({ periodSeconds: 60, evaluationPeriods: 61 });
    expect(silencePeriods(240)).toEqual({ periodSeconds: 3600, evaluationPeriods: 4 });
});
