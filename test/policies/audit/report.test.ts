import { AUDIT_REPORT_FORMAT, buildAuditReport } from "../../../policies/audit/report";
import { auditEvent, HOSTILE_PERSON, HOSTILE_ROLE, HOSTILE_TABLE, sampleInput, SINCE, TENANT_A, UNREADABLE, UNTIL } from "./report-fixture";

describe("buildAuditReport", () => {
    const report = buildAuditReport(sampleInput());

    it("counts PHI access by person × table × operation, each statement once and rows summed", () => {
        expect(report.access.map((r) => [r.person, r.table, r.operation, r.statements, r.rows, r.statementsWithoutRowCount, r.classified])).toEqual([
            ["alice@clinic.example", "public.patients", "SELECT", 2, 5, 0, true],
            ["alice@clinic.example", "public.patients", "UPDATE", 1, 1, 0, true],
            ["bob", "public.appointments", "INSERT", 1, 0, 1, false],
            [HOSTILE_PERSON, HOSTILE_TABLE, "SELECT", 1, 7, 0, true],
        ]);
        expect(report.access[0]).toMatchObject({ roles: ["hpg_app"], tenants: [TENANT_A], sourceAddresses: ["127.0.0.1"], firstTime: "2026-11-26T09:00:00.000Z", lastTime: "2026-11-26T09:05:00.000Z" });
    });

    it("lists access nobody provably acted for by role, never under a person", () => {
        expect(report.unattributed).toEqual([
            {
                roles: [HOSTILE_ROLE],
                tenants: [],
                table: "public.patients",
                operation: "SELECT",
                classified: true,
                statements: 1,
                rows: 500,
                statementsWithoutRowCount: 0,
                sourceAddresses: ["127.0.0.2"],
                firstTime: "2026-11-26T11:00:00.000Z",
                lastTime: "2026-11-26T11:00:00.000Z",
            },
        ]);
        expect(report.access.some((r) => r.roles.includes(HOSTILE_ROLE))).toBe(false);
    });

    it("totals the period: the entry after `until` and the duplicate object-audit record are left out", () => {
        expect(report.totals).toEqual({
            statements: 6,
            classifiedStatements: 5,
            attributedStatements: 5,
            unattributedStatements: 1,
            unattributedClassifiedStatements: 1,
            rows: 513,
            personsWithClassifiedAccess: 2,
            statementsWithoutTable: 1,
            alerts: 3,
        });
        expect(report.period).toEqual({ since: "2026-11-26T00:00:00.000Z", until: "2026-11-27T00:00:00.000Z" });
        expect(report.format).toBe(AUDIT_REPORT_FORMAT);
        expect(report.unreadable).toEqual([UNREADABLE]);
    });

    it("summarises alerts by detection and lists them in time order", () => {
        expect(report.alertCounts).toEqual([
            { detection: "bulk-read", severity: "high", count: 2 },
            { detection: "outside-network", severity: "high", count: 1 },
        ]);
        expect(report.alerts.map((a) => [a.time, a.detection])).toEqual([
            ["2026-11-26T10:00:00.000Z", "bulk-read"],
            ["2026-11-26T11:00:00.000Z", "bulk-read"],
            ["2026-11-26T11:00:00.000Z", "outside-network"],
        ]);
    });

    it("counts a second statement of the same number in another session (no session id: another pid or second) apart", () => {
        const events = [
            auditEvent({ time: "2026-11-26T09:00:00Z", person: "p", table: "public.patients", command: "SELECT", rows: 1, statementId: 1, pid: 10 }),
            auditEvent({ time: "2026-11-26T09:00:00Z", person: "p", table: "public.patients", command: "SELECT", rows: 1, statementId: 1, pid: 11 }),
            auditEvent({ time: "2026-11-26T09:00:01Z", person: "p", table: "public.patients", command: "SELECT", rows: 1, statementId: 1, pid: 10 }),
            auditEvent({ time: "2026-11-26T09:00:01Z", person: "p", table: "public.patients", command: "SELECT", rows: 1, statementId: 1, pid: 10, auditType: "OBJECT" }),
        ];
        const r = buildAuditReport({ events, alerts: [], since: SINCE, until: UNTIL, classifiedTables: [], sources: [] });
        expect(r.access.map((a) => [a.statements, a.rows, a.classified])).toEqual([[3, 3, false]]);
        expect(r.totals.classifiedStatements).toBe(0);
    });

    it("counts a statement whose SESSION record names no table under the table its OBJECT record names, else apart", () => {
        // pgaudit names tables in SESSION records only with pgaudit.log_relation on; object auditing always names them.
        const events = [
            auditEvent({ time: "2026-11-26T09:00:00Z", table: "", command: "INSERT", rows: 3, statementId: 2, sessionId: "s9" }),
            auditEvent({ time: "2026-11-26T09:00:00Z", table: "public.patients", command: "INSERT", rows: 3, statementId: 2, sessionId: "s9", auditType: "OBJECT" }),
            auditEvent({ time: "2026-11-26T09:00:01Z", table: "", command: "UPDATE", rows: 1, statementId: 3, sessionId: "s9" }),
        ];
        const r = buildAuditReport({ events, alerts: [], since: SINCE, until: UNTIL, classifiedTables: ["public.patients"], sources: [] });
        expect(r.unattributed.map((a) => [a.table, a.operation, a.statements, a.rows])).toEqual([["public.patients", "INSERT", 1, 3]]);
        expect([r.totals.statements, r.totals.statementsWithoutTable]).toEqual([1, 1]);
    });

    it("is empty, not missing, for a period without activity", () => {
        const r = buildAuditReport({ events: [], alerts: [], since: SINCE, until: UNTIL, classifiedTables: ["public.patients"], sources: ["a.log"] });
        expect([r.access, r.unattributed, r.alerts, r.alertCounts, r.unreadable, r.totals.statements]).toEqual([[], [], [], [], [], 0]);
    });
});
