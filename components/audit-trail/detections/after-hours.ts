import { describeActor, eventAlertFields, eventEvidence } from "./alert-evidence";
import { auditLinesSql, sqlString, sqlStringList } from "./athena-sql";
import { localTime, outsideBusinessHours } from "./business-calendar";
import { classifiedAccesses } from "./classified-access";
import type { AuditEvent } from "../events";
import type { Alert, DetectionDefinition, DetectionInput, DetectionSettings } from "./detection";
import { minutesOf } from "./settings";

/**
 * Classified reads and writes outside business hours: the server's own timestamp of each record (`%t`, or jsonlog's
 * timestamp, in UTC) is read on the business's wall clock (`businessHours.timeZone`, DST by the tz database), and judged
 * against its working days, hours and holidays. One alert per person (or role) per local date.
 */
export const afterHours: DetectionDefinition = {
    id: "after-hours",
    title: "Classified access outside business hours",
    description: "A person (or a role with no person) read or changed classified data outside the configured working days and hours, or on a holiday: access nobody on shift would expect.",
    severity: "medium",
    frameworks: {
        HIPAA: ["164.308(a)(1)(ii)(D)", "164.312(b)"],
        "SOC 2": ["CC7.2"],
        "PCI DSS 4.0": ["10.4.1"],
        "NIST 800-53 r5": ["AU-6", "AC-2(12)"],
    },
    evaluate(input: DetectionInput, settings: DetectionSettings): Alert[] {
        const groups = new Map<string, { reason: string; events: AuditEvent[]; tables: Set<string> }>();
        for (const { event, table } of classifiedAccesses(input.events, settings, ["READ", "WRITE"])) {
            const reason = outsideBusinessHours(new Date(event.entry.time), settings.businessHours);
            if (!reason) {
                continue;
            }
            const day = localTime(new Date(event.entry.time), settings.businessHours.timeZone).date;
            const key = `${event.actor ? `person:${event.actor.person}` : `role:${event.entry.user ?? ""}`}|${day}`;
            const group = groups.get(key) ?? { reason, events: [], tables: new Set<string>() };
            group.events.push(event);
            group.tables.add(table);
            groups.set(key, group);
        }
        return [...groups.values()].map(({ reason, events, tables }) => ({
            detection: "after-hours",
            severity: "medium",
            summary: `${describeActor(events[0])} accessed ${[...tables].join(", ")} ${events.length === 1 ? "once" : `${events.length} times`} outside business hours: ${reason}`,
            ...eventAlertFields(events[0]),
            table: tables.size === 1 ? [...tables][0] : undefined,
            evidence: eventEvidence(events, input.entries),
        }));
    },
    cloudwatch: () => ({
        kind: "not-expressible",
        reason:
            "A filter pattern matches terms in one event: it can't convert the UTC timestamp to the business's time zone (with daylight saving), tell the weekday, or read a holiday calendar. Runs as the Athena query over the archive and in the analyzer (`audit alerts`).",
    }),
    athena(settings: DetectionSettings, table: string): string {
        const h = settings.businessHours;
        const local = `(event_time AT TIME ZONE ${sqlString(h.timeZone)})`;
        const minute = `(hour(${local}) * 60 + minute(${local}))`;
        return [
            auditLinesSql(table),
            `SELECT event_time, ${local} AS local_time, person, tenant, role, object_name AS table_name, command AS operation, source_address, line`,
            "FROM audit",
            `WHERE audit_class IN ('READ', 'WRITE') AND object_name IN ${sqlStringList(settings.classifiedTables.map((t) => t.toLowerCase()))}`,
            `  AND (day_of_week(${local}) NOT IN (${h.days.join(", ")})`,
            `       OR date_format(${local}, '%Y-%m-%d') IN ${sqlStringList(h.holidays)}`,
            `       OR ${minute} < ${minutesOf(h.start)} OR ${minute} >= ${minutesOf(h.end)})`,
            "ORDER BY event_time",
        ].join("\n");
    },
};
