import { privilegeChange } from "../../../../components/audit-trail/detections/privilege-change";
import { defaultDetectionSettings } from "../../../../components/audit-trail";
import { auditEvent, inputOf } from "./fixtures";

test.each(["GRANT", "REVOKE", "CREATE ROLE", "ALTER ROLE", "DROP ROLE"])("%s (pgaudit ROLE class) raises an alert naming the role, operation and address", (command) => {
    const event = auditEvent({ time: "2026-11-02T10:00:00Z", user: "hpg_admin", class: "ROLE", command, statement: `${command.toLowerCase()} x` });
    expect(privilegeChange.evaluate(inputOf([event]), defaultDetectionSettings())).toEqual([
        {
            detection: "privilege-change",
            severity: "high",
            summary: `role hpg_admin with no person ran ${command}: ${command.toLowerCase()} x`,
            person: undefined,
            tenant: undefined,
            role: "hpg_admin",
            table: undefined,
            operation: command,
            time: "2026-11-02T10:00:00Z",
            sourceAddress: "10.0.1.5",
            evidence: [event.entry.raw],
        },
    ]);
});

test("other classes are not privilege changes", () => {
    const events = ["DDL", "WRITE", "READ", "MISC"].map((c, i) => auditEvent({ time: "2026-11-02T10:00:00Z", class: c, command: "X", statementId: i }));
    expect(privilegeChange.evaluate(inputOf(events), defaultDetectionSettings())).toEqual([]);
});

test("one statement's records are one alert", () => {
    const events = [1, 2].map(() => auditEvent({ time: "2026-11-02T10:00:00Z", class: "ROLE", command: "GRANT", statementId: 3 }));
    expect(privilegeChange.evaluate(inputOf(events), defaultDetectionSettings())).toHaveLength(1);
});
