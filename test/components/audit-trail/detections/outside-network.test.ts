import { outsideNetwork } from "../../../../components/audit-trail/detections/outside-network";
import { defaultDetectionSettings, validateDetectionSettings } from "../../../../components/audit-trail";
import { PERSON_P, auditEvent, contextOpen, inputOf, stderrEntry } from "./fixtures";

const connection = (remoteHost: string, pid = 5000, user = "svc_api") => [
    stderrEntry({ time: "2026-11-02T10:00:00Z", pid, remoteHost, severity: "LOG", message: `connection received: host=${remoteHost} port=50000` }),
    stderrEntry({ time: "2026-11-02T10:00:00Z", pid, remoteHost, user, database: "app", message: `connection authorized: user=${user} database=app SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)` }),
];

test("a connection from an allowed private range or loopback raises nothing", () => {
    const entries = [...connection("10.0.1.5"), ...connection("172.31.0.9", 5001), ...connection("127.0.0.1", 5002), ...connection("::1", 5003), ...connection("fd00:1::7", 5004)];
    expect(outsideNetwork.evaluate(inputOf([], entries), defaultDetectionSettings())).toEqual([]);
});

test("a connection from a public address raises one alert with the connection lines as proof", () => {
    const entries = connection("203.0.113.9");
    expect(outsideNetwork.evaluate(inputOf([], entries), defaultDetectionSettings())).toEqual([
        {
            detection: "outside-network",
            severity: "high",
            summary: "svc_api connected from 203.0.113.9, outside the allowed ranges",
            person: undefined,
            tenant: undefined,
            role: "svc_api",
            table: undefined,
            operation: "connection",
            time: "2026-11-02T10:00:00Z",
            sourceAddress: "203.0.113.9",
            evidence: entries.map((e) => e.raw),
        },
    ]);
});

test("an IPv6 client outside the allowed ranges is caught; one inside an allowed IPv6 range is not", () => {
    const settings = validateDetectionSettings({ allowedCidrs: ["2001:db8::/32"] });
    expect(outsideNetwork.evaluate(inputOf([], connection("2001:db8:5::1")), settings)).toEqual([]);
    expect(outsideNetwork.evaluate(inputOf([], connection("2001:db9::1")), settings).map((a) => a.sourceAddress)).toEqual(["2001:db9::1"]);
});

test("127.0.0.2 is outside 127.0.0.1/32", () => {
    const settings = validateDetectionSettings({ allowedCidrs: ["127.0.0.1/32"] });
    expect(outsideNetwork.evaluate(inputOf([], connection("127.0.0.2")), settings)).toHaveLength(1);
});

test("access from outside names the person and table from the session's audited statements, with the context line", () => {
    const entries = connection("198.51.100.4", 4242);
    const open = contextOpen("2026-11-02T10:00:01Z", PERSON_P);
    const openOutside = { ...open, remoteHost: "198.51.100.4", raw: open.raw.replace("10.0.1.5", "198.51.100.4") };
    const event = auditEvent({ time: "2026-11-02T10:00:02Z", class: "READ", command: "SELECT", objectName: "app.patients", rows: 1, actor: PERSON_P, remoteHost: "198.51.100.4" });
    const [alert] = outsideNetwork.evaluate(inputOf([event], [...entries, openOutside]), defaultDetectionSettings());
    expect([alert.person, alert.tenant, alert.table, alert.operation]).toEqual([PERSON_P.person, PERSON_P.tenant, "app.patients", "SELECT"]);
    expect(alert.evidence).toEqual([...entries.map((e) => e.raw), openOutside.raw, event.entry.raw]);
});

test("one alert per session, however many lines it logs", () => {
    const entries = [...connection("203.0.113.9", 1), ...connection("203.0.113.9", 2)];
    expect(outsideNetwork.evaluate(inputOf([], entries), defaultDetectionSettings())).toHaveLength(2);
});

test("background processes and local sockets have no address and are not judged", () => {
    const entries = [stderrEntry({ time: "2026-11-02T10:00:00Z", message: "checkpoint starting: time" })];
    expect(outsideNetwork.evaluate(inputOf([], entries), validateDetectionSettings({ allowedCidrs: ["10.0.0.0/8"] }))).toEqual([]);
});

test("CloudWatch: connection lines, excluding each allowed range by its address prefix after RDS's `UTC:`", () => {
    const form = outsideNetwork.cloudwatch(validateDetectionSettings({ allowedCidrs: ["10.0.0.0/8", "127.0.0.1/32", "::1/128"] }));
    expect(form).toEqual({
        kind: "metric-filter",
        samples: ["2026-01-05 03:00:00 UTC:203.0.113.9(50412):svc_api@hpg_app:[4242]:LOG:  connection authorized: user=svc_api database=hpg_app SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)"],
        filterPattern: '"connection authorized" -"UTC:10." -"UTC:127.0.0.1(" -"UTC:::1("',
        metricName: "AuditConnectionOutsideNetwork",
        statistic: "Sum",
        threshold: 1,
        periodSeconds: 300,
        evaluationPeriods: 1,
        scope: "Connections (log_connections) only, not every audited line.",
    });
});

test("CloudWatch: an allowed range no prefix list names is not expressible, and the reason names it", () => {
    const form = outsideNetwork.cloudwatch(validateDetectionSettings({ allowedCidrs: ["0.0.0.0/0"] }));
    expect(form.kind === "not-expressible" && form.reason).toMatch(/^The allowed range 0\.0\.0\.0\/0 can't be written/);
});
