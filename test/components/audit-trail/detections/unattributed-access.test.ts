import { unattributedAccess } from "../../../../components/audit-trail/detections/unattributed-access";
import { defaultDetectionSettings } from "../../../../components/audit-trail";
import { PERSON_P, auditEvent, inputOf } from "./fixtures";

const access = (extra: Partial<Parameters<typeof auditEvent>[0]> = {}) => auditEvent({ time: "2026-11-02T10:00:00Z", class: "READ", command: "SELECT", objectName: "app.patients", rows: 3, ...extra });

test("a classified read inside a person's context raises nothing", () => {
    expect(unattributedAccess.evaluate(inputOf([access({ actor: PERSON_P })]), defaultDetectionSettings())).toEqual([]);
});

test("a classified read with no person raises an alert naming the role, table, operation and address", () => {
    const event = access();
    expect(unattributedAccess.evaluate(inputOf([event]), defaultDetectionSettings())).toEqual([
        {
            detection: "unattributed-access",
            severity: "medium",
            summary: "role svc_api with no person accessed app.patients in 1 statement(s) outside any person's context",
            person: undefined,
            tenant: undefined,
            role: "svc_api",
            table: "app.patients",
            operation: "SELECT",
            time: "2026-11-02T10:00:00Z",
            sourceAddress: "10.0.1.5",
            evidence: [event.entry.raw],
        },
    ]);
});

test("a classified write with no person counts too", () => {
    expect(unattributedAccess.evaluate(inputOf([access({ class: "WRITE", command: "UPDATE" })]), defaultDetectionSettings())).toHaveLength(1);
});

test("an unclassified table, or a class that isn't a read or write, is not judged", () => {
    expect(unattributedAccess.evaluate(inputOf([access({ objectName: "app.clinics" }), access({ class: "DDL", command: "ALTER TABLE", statementId: 2 })]), defaultDetectionSettings())).toEqual([]);
});

test("one alert per backend session, with every statement as proof", () => {
    const events = [access({ statementId: 1 }), access({ statementId: 2, objectName: "app.appointments" }), access({ statementId: 1, pid: 9, remotePort: 50001 })];
    const alerts = unattributedAccess.evaluate(inputOf(events), defaultDetectionSettings());
    expect(alerts.map((a) => [a.summary, a.evidence.length])).toEqual([
        ["role svc_api with no person accessed app.patients, app.appointments in 2 statement(s) outside any person's context", 2],
        ["role svc_api with no person accessed app.patients in 1 statement(s) outside any person's context", 1],
    ]);
});
