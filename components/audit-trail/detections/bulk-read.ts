import type { AuditEvent } from "../events";
import { describeActor, eventAlertFields, eventEvidence } from "./alert-evidence";
import { auditLinesSql, sqlStringList } from "./athena-sql";
import { classifiedAccesses, statementKey } from "./classified-access";
import type { Alert, DetectionDefinition, DetectionInput, DetectionSettings } from "./detection";

/**
 * Bulk reads of classified tables: one statement that reads more rows than `bulkRead.rowsPerStatement`, or one person
 * (the role, when nobody provably acted) reading more than `bulkRead.rowsPerPersonPerWindow` rows within
 * `bulkRead.windowMinutes`. Rows come from pgaudit.log_rows; a record without them (log_rows off) can't be judged.
 */
export const bulkRead: DetectionDefinition = {
    id: "bulk-read",
    title: "Bulk read of a classified table",
    description: "A statement, or one person within a window, read more rows of a classified (PHI) table than care needs: the shape of an export or exfiltration.",
    severity: "high",
    frameworks: {
        HIPAA: ["164.308(a)(1)(ii)(D)", "164.312(b)"],
        "SOC 2": ["CC7.2"],
        "PCI DSS 4.0": ["10.2.1.1", "10.4.1"],
        "NIST 800-53 r5": ["AU-6", "SI-4", "AC-2(12)"],
    },
    evaluate(input: DetectionInput, settings: DetectionSettings): Alert[] {
        const reads = classifiedAccesses(input.events, settings, ["READ"]).filter((r) => r.event.record.rows !== undefined);
        return [...perStatement(reads, input, settings), ...perPersonWindow(reads, input, settings)];
    },
    cloudwatch: () => ({
        kind: "not-expressible",
        reason:
            "The row count is the last CSV field of the AUDIT record: filter patterns over unstructured events match terms, with no numeric comparison, and a metric filter can't sum rows per person (the person is in the context record on another line). Runs as the Athena query over the archive and in the analyzer (`audit alerts`).",
    }),
    athena(settings: DetectionSettings, table: string): string {
        const { rowsPerStatement, rowsPerPersonPerWindow, windowMinutes } = settings.bulkRead;
        return [
            auditLinesSql(table) + ",",
            "reads AS (",
            "    SELECT DISTINCT log_stream, pid, statement_id, event_time, role, person, tenant, source_address, object_name, row_count, line",
            "    FROM audit",
            `    WHERE audit_class = 'READ' AND object_name IN ${sqlStringList(settings.classifiedTables.map((t) => t.toLowerCase()))} AND row_count IS NOT NULL`,
            "),",
            "statements AS (",
            "    SELECT log_stream, pid, statement_id, min(event_time) AS event_time, arbitrary(role) AS role, arbitrary(person) AS person, max(row_count) AS row_count",
            "    FROM reads GROUP BY log_stream, pid, statement_id",
            ")",
            `SELECT 'rows per statement' AS rule, r.event_time, r.person, r.tenant, r.role, r.object_name AS table_name, 'SELECT' AS operation, r.source_address, r.row_count, r.line`,
            "FROM reads r",
            `WHERE r.row_count > ${rowsPerStatement}`,
            "UNION ALL",
            `SELECT 'rows per person per ${windowMinutes} minutes' AS rule, s.event_time, s.person, NULL, s.role, NULL, 'SELECT', NULL, sum(w.row_count), NULL`,
            "FROM statements s",
            "JOIN statements w ON coalesce(w.person, w.role) = coalesce(s.person, s.role)",
            `     AND w.event_time > s.event_time - INTERVAL '${windowMinutes}' MINUTE AND w.event_time <= s.event_time`,
            "GROUP BY s.log_stream, s.pid, s.statement_id, s.event_time, s.person, s.role",
            `HAVING sum(w.row_count) > ${rowsPerPersonPerWindow}`,
            "ORDER BY 2",
        ].join("\n");
    },
};

type Read = { event: AuditEvent; table: string };

function perStatement(reads: Read[], input: DetectionInput, settings: DetectionSettings): Alert[] {
    const limit = settings.bulkRead.rowsPerStatement;
    return reads
        .filter((r) => (r.event.record.rows ?? 0) > limit)
        .map((r) => ({
            detection: "bulk-read",
            severity: "high",
            summary: `${describeActor(r.event)} read ${r.event.record.rows} rows of ${r.table} in one statement (more than ${limit})`,
            ...eventAlertFields(r.event),
            table: r.table,
            evidence: eventEvidence([r.event], input.entries),
        }));
}

/** Sliding window per person: once the rows within `windowMinutes` pass the limit, one alert, then the count restarts. */
function perPersonWindow(reads: Read[], input: DetectionInput, settings: DetectionSettings): Alert[] {
    const { rowsPerPersonPerWindow: limit, windowMinutes } = settings.bulkRead;
    const windowMs = windowMinutes * 60_000;
    const byActor = new Map<string, Read[]>();
    const counted = new Set<string>();
    for (const r of reads) {
        // A statement that reads two classified tables reports the same rows twice; count it once.
        const key = statementKey(r.event);
        if (counted.has(key)) {
            continue;
        }
        counted.add(key);
        const actor = r.event.actor ? `person:${r.event.actor.person}` : `role:${r.event.entry.user ?? ""}`;
        const list = byActor.get(actor);
        if (list) {
            list.push(r);
        } else {
            byActor.set(actor, [r]);
        }
    }
    const alerts: Alert[] = [];
    for (const list of byActor.values()) {
        list.sort((a, b) => Date.parse(a.event.entry.time) - Date.parse(b.event.entry.time));
        let start = 0;
        let rows = 0;
        for (let end = 0; end < list.length; end++) {
            const endMs = Date.parse(list[end].event.entry.time);
            rows += list[end].event.record.rows ?? 0;
            while (endMs - Date.parse(list[start].event.entry.time) >= windowMs) {
                rows -= list[start].event.record.rows ?? 0;
                start++;
            }
            if (rows > limit) {
                const window = list.slice(start, end + 1);
                const first = window[0].event;
                const tables = [...new Set(window.map((r) => r.table))];
                alerts.push({
                    detection: "bulk-read",
                    severity: "high",
                    summary: `${describeActor(first)} read ${rows} rows of ${tables.join(", ")} within ${windowMinutes} minutes (more than ${limit})`,
                    ...eventAlertFields(first),
                    table: tables.length === 1 ? tables[0] : undefined,
                    operation: "SELECT",
                    evidence: eventEvidence(window.map((r) => r.event), input.entries),
                });
                start = end + 1;
                rows = 0;
            }
        }
    }
    return alerts;
}
