import { failedAuthBurst } from "../../../../components/audit-trail/detections/failed-auth-burst";
import { validateDetectionSettings } from "../../../../components/audit-trail";
import { inputOf, stderrEntry } from "./fixtures";

const settings = validateDetectionSettings({ failedAuth: { attempts: 3, windowMinutes: 5 } });
const failure = (time: string, remoteHost = "10.0.9.9", user = "svc_api", message = `password authentication failed for user "${user}"`) =>
    stderrEntry({ time, remoteHost, user, database: "app", severity: "FATAL", message, pid: Date.parse(time) % 100000 });

test("attempts failures from one address within the window raise one alert, with each failure as proof", () => {
    const entries = [failure("2026-11-02T10:00:00Z"), failure("2026-11-02T10:02:00Z"), failure("2026-11-02T10:04:59Z")];
    expect(failedAuthBurst.evaluate(inputOf([], entries), settings)).toEqual([
        {
            detection: "failed-auth-burst",
            severity: "high",
            summary: "3 failed logins from 10.0.9.9 within 5 minutes",
            role: "svc_api",
            operation: "authentication",
            time: "2026-11-02T10:00:00Z",
            sourceAddress: "10.0.9.9",
            evidence: entries.map((e) => e.raw),
        },
    ]);
});

test("one fewer than attempts is not a burst", () => {
    expect(failedAuthBurst.evaluate(inputOf([], [failure("2026-11-02T10:00:00Z"), failure("2026-11-02T10:01:00Z")]), settings)).toEqual([]);
});

test("the same failures spread wider than the window are not a burst", () => {
    const entries = [failure("2026-11-02T10:00:00Z"), failure("2026-11-02T10:03:00Z"), failure("2026-11-02T10:05:00Z")];
    expect(failedAuthBurst.evaluate(inputOf([], entries), settings)).toEqual([]);
});

test("a refused address (no pg_hba.conf entry) counts as a failed login", () => {
    const entries = ["10:00:00", "10:00:01", "10:00:02"].map((t) => failure(`2026-11-02T${t}Z`, "203.0.113.7", "svc_api", 'no pg_hba.conf entry for host "203.0.113.7", user "svc_api", database "app", SSL encryption'));
    expect(failedAuthBurst.evaluate(inputOf([], entries), settings).map((a) => a.sourceAddress)).toEqual(["203.0.113.7"]);
});

test("failures against one user from several addresses are a burst per user", () => {
    const entries = [failure("2026-11-02T10:00:00Z", "10.0.0.1"), failure("2026-11-02T10:00:01Z", "10.0.0.2"), failure("2026-11-02T10:00:02Z", "10.0.0.3")];
    expect(failedAuthBurst.evaluate(inputOf([], entries), settings).map((a) => a.summary)).toEqual(["3 failed logins for user svc_api from 3 addresses within 5 minutes"]);
});

test("a long run is one alert, not one per failure", () => {
    const entries = Array.from({ length: 8 }, (_, i) => failure(`2026-11-02T10:00:0${i}Z`));
    expect(failedAuthBurst.evaluate(inputOf([], entries), settings)).toHaveLength(1);
});

test("other FATALs and a LOG with the same words are not failed logins", () => {
    const entries = [
        stderrEntry({ time: "2026-11-02T10:00:00Z", severity: "FATAL", message: "terminating connection due to administrator command" }),
        stderrEntry({ time: "2026-11-02T10:00:01Z", severity: "LOG", message: "password authentication failed for user x" }),
        stderrEntry({ time: "2026-11-02T10:00:02Z", severity: "FATAL", message: "the database system is starting up" }),
    ];
    expect(failedAuthBurst.evaluate(inputOf([], entries), validateDetectionSettings({ failedAuth: { attempts: 1 } }))).toEqual([]);
});

test("CloudWatch: either failure message, summed over the window, alarming at attempts", () => {
    expect(failedAuthBurst.cloudwatch(settings)).toMatchObject({
        kind: "metric-filter",
        filterPattern: '?"password authentication failed for user" ?"no pg_hba.conf entry for host"',
        statistic: "Sum",
        threshold: 3,
        periodSeconds: 300,
        evaluationPeriods: 1,
    });
});

test("a burst from one address isn't reported again as the user's burst because one more failure came from elsewhere", () => {
    const entries = [failure("2026-11-02T10:00:00Z", "10.0.0.1"), failure("2026-11-02T10:00:01Z", "10.0.0.1"), failure("2026-11-02T10:00:02Z", "10.0.0.1"), failure("2026-11-02T10:00:03Z", "10.0.0.2")];
    expect(failedAuthBurst.evaluate(inputOf([], entries), settings).map((a) => a.summary)).toEqual(["3 failed logins from 10.0.0.1 within 5 minutes"]);
});

test("the DETAIL line the server writes after a refused login (its own entry on stderr) is part of the proof", () => {
    const entries = [failure("2026-11-02T10:00:00Z"), failure("2026-11-02T10:00:01Z"), failure("2026-11-02T10:00:02Z")];
    const detail = stderrEntry({ time: "2026-11-02T10:00:01Z", pid: entries[1].pid, remoteHost: "10.0.9.9", user: "svc_api", severity: "DETAIL", message: "Connection matched pg_hba.conf line 1: \"hostssl all all 10.0.0.0/8 scram-sha-256\"" });
    const [alert] = failedAuthBurst.evaluate({ ...inputOf([], []), entries: [entries[0], entries[1], detail, entries[2]] }, settings);
    expect(alert.evidence).toEqual([entries[0].raw, entries[1].raw, detail.raw, entries[2].raw]);
});
