import { bulkRead } from "../../../../components/audit-trail/detections/bulk-read";
import { defaultDetectionSettings, validateDetectionSettings } from "../../../../components/audit-trail";
import { PERSON_P, PERSON_Q, auditEvent, contextOpen, inputOf } from "./fixtures";

const settings = validateDetectionSettings({ bulkRead: { rowsPerStatement: 100, rowsPerPersonPerWindow: 250, windowMinutes: 10 } });
const read = (time: string, rows: number | undefined, extra: Partial<Parameters<typeof auditEvent>[0]> = {}) =>
    auditEvent({ time, class: "READ", command: "SELECT", objectName: "app.patients", rows, actor: PERSON_P, statementId: Math.floor(Date.parse(time) / 1000) % 100000, ...extra });

test("a statement reading more rows than the threshold raises one alert naming person, tenant, role, table, time and address, with the context open line as proof", () => {
    const open = contextOpen("2026-11-02T10:00:00Z", PERSON_P);
    const event = read("2026-11-02T10:00:01Z", 101);
    const alerts = bulkRead.evaluate(inputOf([event], [open]), settings);
    expect(alerts).toEqual([
        {
            detection: "bulk-read",
            severity: "high",
            summary: "dr.alice@clinic.example (role svc_api) read 101 rows of app.patients in one statement (more than 100)",
            person: PERSON_P.person,
            tenant: PERSON_P.tenant,
            role: "svc_api",
            table: "app.patients",
            operation: "SELECT",
            time: "2026-11-02T10:00:01Z",
            sourceAddress: "10.0.1.5",
            evidence: [open.raw, event.entry.raw],
        },
    ]);
});

test("exactly the threshold is not bulk", () => {
    expect(bulkRead.evaluate(inputOf([read("2026-11-02T10:00:01Z", 100)]), settings)).toEqual([]);
});

test("an unclassified table is not judged", () => {
    expect(bulkRead.evaluate(inputOf([read("2026-11-02T10:00:01Z", 5000, { objectName: "app.clinics" })]), settings)).toEqual([]);
});

test("a write of many rows is not a read", () => {
    expect(bulkRead.evaluate(inputOf([read("2026-11-02T10:00:01Z", 5000, { class: "WRITE", command: "UPDATE" })]), settings)).toEqual([]);
});

test("a record without a row count (log_rows off) can't be judged", () => {
    expect(bulkRead.evaluate(inputOf([read("2026-11-02T10:00:01Z", undefined)]), settings)).toEqual([]);
});

test("the SESSION and OBJECT records of one statement count once", () => {
    const session = read("2026-11-02T10:00:01Z", 90, { statementId: 7 });
    const object = read("2026-11-02T10:00:01Z", 90, { statementId: 7, auditType: "OBJECT" });
    const later = read("2026-11-02T10:01:00Z", 90, { statementId: 8 });
    expect(bulkRead.evaluate(inputOf([session, object, later]), settings)).toEqual([]);
});

test("one person's reads summed within the window pass the threshold: one alert, with every statement as proof", () => {
    const events = [read("2026-11-02T10:00:00Z", 90), read("2026-11-02T10:04:00Z", 90), read("2026-11-02T10:09:59Z", 90)];
    const alerts = bulkRead.evaluate(inputOf(events), settings);
    expect(alerts.map((a) => [a.summary, a.person, a.time, a.evidence.length])).toEqual([
        ["dr.alice@clinic.example (role svc_api) read 270 rows of app.patients within 10 minutes (more than 250)", PERSON_P.person, "2026-11-02T10:00:00Z", 3],
    ]);
});

test("the same reads spread over more than the window are not bulk", () => {
    const events = [read("2026-11-02T10:00:00Z", 90), read("2026-11-02T10:05:00Z", 90), read("2026-11-02T10:10:00Z", 90)];
    expect(bulkRead.evaluate(inputOf(events), settings)).toEqual([]);
});

test("two people's reads are not summed together", () => {
    const events = [read("2026-11-02T10:00:00Z", 90), read("2026-11-02T10:01:00Z", 90, { actor: PERSON_Q }), read("2026-11-02T10:02:00Z", 90, { actor: PERSON_Q, statementId: 3 })];
    expect(bulkRead.evaluate(inputOf(events), settings)).toEqual([]);
});

test("reads with no person are summed per role, and the alert names the role only", () => {
    const events = [read("2026-11-02T10:00:00Z", 90, { actor: undefined }), read("2026-11-02T10:01:00Z", 90, { actor: undefined }), read("2026-11-02T10:02:00Z", 90, { actor: undefined })];
    const [alert] = bulkRead.evaluate(inputOf(events), settings);
    expect(alert.person).toBeUndefined();
    expect(alert.role).toBe("svc_api");
    expect(alert.summary).toBe("role svc_api with no person read 270 rows of app.patients within 10 minutes (more than 250)");
});

test("the safe default lets a page of a list through and catches an export", () => {
    expect(bulkRead.evaluate(inputOf([read("2026-11-02T10:00:00Z", 200)]), defaultDetectionSettings())).toEqual([]);
    expect(bulkRead.evaluate(inputOf([read("2026-11-02T10:00:00Z", 1001)]), defaultDetectionSettings())).toHaveLength(1);
});
