import { afterHours } from "../../../../components/audit-trail/detections/after-hours";
import { validateDetectionSettings } from "../../../../components/audit-trail";
import { PERSON_P, PERSON_Q, auditEvent, contextOpen, inputOf } from "./fixtures";

const settings = validateDetectionSettings({ businessHours: { timeZone: "America/New_York", days: [1, 2, 3, 4, 5], start: "08:00", end: "18:00", holidays: ["2026-11-26"] } });
const access = (time: string, extra: Partial<Parameters<typeof auditEvent>[0]> = {}) => auditEvent({ time, class: "READ", command: "SELECT", objectName: "app.patients", rows: 1, actor: PERSON_P, ...extra });

test("a classified read inside business hours (in the business's zone) raises nothing", () => {
    expect(afterHours.evaluate(inputOf([access("2026-11-02T15:00:00Z")]), settings)).toEqual([]);
});

test("a classified read after hours raises an alert naming person, table, operation, the server's time and address, with the context line", () => {
    const open = contextOpen("2026-11-02T23:30:00Z", PERSON_P);
    const event = access("2026-11-02T23:30:01Z");
    expect(afterHours.evaluate(inputOf([event], [open]), settings)).toEqual([
        {
            detection: "after-hours",
            severity: "medium",
            summary: "dr.alice@clinic.example (role svc_api) accessed app.patients once outside business hours: 2026-11-02 18:30 is outside 08:00-18:00 (America/New_York)",
            person: PERSON_P.person,
            tenant: PERSON_P.tenant,
            role: "svc_api",
            table: "app.patients",
            operation: "SELECT",
            time: "2026-11-02T23:30:01Z",
            sourceAddress: "10.0.1.5",
            evidence: [open.raw, event.entry.raw],
        },
    ]);
});

test("DST edge: 12:30 UTC is 08:30 in New York before the clocks go back and 07:30 after", () => {
    expect(afterHours.evaluate(inputOf([access("2026-10-30T12:30:00Z")]), settings)).toEqual([]);
    expect(afterHours.evaluate(inputOf([access("2026-11-02T12:30:00Z")]), settings)).toHaveLength(1);
});

test("a holiday on a working day is outside business hours", () => {
    const [alert] = afterHours.evaluate(inputOf([access("2026-11-26T15:00:00Z")]), settings);
    expect(alert.summary).toMatch(/2026-11-26 is a holiday/);
});

test("a weekend is outside business hours", () => {
    const [alert] = afterHours.evaluate(inputOf([access("2026-11-07T15:00:00Z")]), settings);
    expect(alert.summary).toMatch(/2026-11-07 is not a working day/);
});

test("writes count too; unclassified tables don't", () => {
    expect(afterHours.evaluate(inputOf([access("2026-11-07T15:00:00Z", { class: "WRITE", command: "UPDATE" })]), settings)).toHaveLength(1);
    expect(afterHours.evaluate(inputOf([access("2026-11-07T15:00:00Z", { objectName: "app.clinics" })]), settings)).toEqual([]);
});

test("one alert per person per local day, with every access as proof", () => {
    const events = [access("2026-11-07T15:00:00Z", { statementId: 1 }), access("2026-11-07T16:00:00Z", { statementId: 2 }), access("2026-11-07T16:00:00Z", { actor: PERSON_Q, statementId: 3 })];
    const alerts = afterHours.evaluate(inputOf(events), settings);
    expect(alerts.map((a) => [a.person, a.evidence.length])).toEqual([
        [PERSON_P.person, 2],
        [PERSON_Q.person, 1],
    ]);
});
