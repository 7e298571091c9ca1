import type { AuditEvent } from "../events";
import type { DetectionSettings } from "./detection";

/** Whether pgaudit's object name is a classified table (or one of its columns, `schema.table.column`). */
export function isClassifiedObject(objectName: string, settings: Pick<DetectionSettings, "classifiedTables">): string | undefined {
    const name = unquote(objectName).toLowerCase();
    return settings.classifiedTables.find((t) => {
        const table = unquote(t).toLowerCase();
        return name === table || name.startsWith(`${table}.`);
    });
}

/**
 * Reads and writes of classified tables, one per statement and table: pgaudit writes a SESSION and an OBJECT record
 * for the same statement when both audit it, and both carry the same row count, so counting each would double it.
 */
export function classifiedAccesses(events: readonly AuditEvent[], settings: Pick<DetectionSettings, "classifiedTables">, classes: readonly string[]): Array<{ event: AuditEvent; table: string }> {
    const seen = new Set<string>();
    const out: Array<{ event: AuditEvent; table: string }> = [];
    for (const event of events) {
        if (!classes.includes(event.record.class)) {
            continue;
        }
        const table = isClassifiedObject(event.record.objectName, settings);
        if (!table) {
            continue;
        }
        const key = `${statementKey(event)}|${table}`;
        if (!seen.has(key)) {
            seen.add(key);
            out.push({ event, table });
        }
    }
    return out;
}

/** The first event of each statement (pgaudit writes one record per object a statement touches). */
export function oneEventPerStatement(events: readonly AuditEvent[]): AuditEvent[] {
    const seen = new Set<string>();
    return events.filter((e) => {
        const key = statementKey(e);
        if (seen.has(key)) {
            return false;
        }
        seen.add(key);
        return true;
    });
}

/** One statement of one backend: pgaudit numbers statements per session. */
export function statementKey(event: AuditEvent): string {
    const e = event.entry;
    return `${e.sessionId ?? `${e.pid}:${e.remotePort ?? ""}`}|${event.record.statementId}`;
}

function unquote(name: string): string {
    return name.replace(/"/g, "");
}
