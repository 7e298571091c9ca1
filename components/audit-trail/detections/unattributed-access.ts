import type { AuditEvent } from "../events";
import { describeActor, eventAlertFields, eventEvidence, sessionKey } from "./alert-evidence";
import { auditLinesSql, sqlStringList } from "./athena-sql";
import { classifiedAccesses } from "./classified-access";
import type { Alert, DetectionDefinition, DetectionInput, DetectionSettings } from "./detection";

/**
 * Classified reads and writes that no person's context covers: the application touched PHI outside `hpg.set_actor`
 * (or in a transaction that rolled back, whose context never closed). One alert per backend session and role.
 */
export const unattributedAccess: DetectionDefinition = {
    id: "unattributed-access",
    title: "Classified access with no acting person",
    description: "A classified table was read or written with no person's context open and committed: the audit trail can't say who saw the data.",
    severity: "medium",
    frameworks: {
        HIPAA: ["164.312(b)", "164.312(a)(2)(i)"],
        "SOC 2": ["CC6.1", "CC7.2"],
        "PCI DSS 4.0": ["10.2.1.1", "10.2.2"],
        "NIST 800-53 r5": ["AU-3", "AU-12"],
    },
    evaluate(input: DetectionInput, settings: DetectionSettings): Alert[] {
        const sessions = new Map<string, { events: AuditEvent[]; tables: Set<string> }>();
        for (const { event, table } of classifiedAccesses(input.events, settings, ["READ", "WRITE"])) {
            if (event.actor) {
                continue;
            }
            const key = `${sessionKey(event.entry)}|${event.entry.user ?? ""}`;
            const session = sessions.get(key) ?? { events: [], tables: new Set<string>() };
            session.events.push(event);
            session.tables.add(table);
            sessions.set(key, session);
        }
        return [...sessions.values()].map(({ events, tables }) => ({
            detection: "unattributed-access",
            severity: "medium",
            summary: `${describeActor(events[0])} accessed ${[...tables].join(", ")} in ${events.length} statement(s) outside any person's context`,
            ...eventAlertFields(events[0]),
            table: tables.size === 1 ? [...tables][0] : undefined,
            evidence: eventEvidence(events, input.entries),
        }));
    },
    cloudwatch: () => ({
        kind: "not-expressible",
        reason:
            "Whether a record lies inside a person's context depends on the open and close records before and after it on the same backend; a metric filter judges one event at a time and can't see that order. Runs as the Athena query over the archive (window functions over each backend's lines) and in the analyzer (`audit alerts`).",
    }),
    athena: (settings: DetectionSettings, table: string) =>
        [
            auditLinesSql(table),
            "SELECT event_time, role, object_name AS table_name, command AS operation, source_address, line",
            "FROM audit",
            `WHERE audit_class IN ('READ', 'WRITE') AND object_name IN ${sqlStringList(settings.classifiedTables.map((t) => t.toLowerCase()))} AND person IS NULL`,
            "ORDER BY event_time",
        ].join("\n"),
};
