import { AuditEvent, CONTEXT_OPEN_PREFIX, LogEntry } from "../events";
import type { Alert } from "./detection";

/** The fields of an alert an audit event fills: who (person, tenant, role), what (table, operation), when, from where. */
export function eventAlertFields(event: AuditEvent): Pick<Alert, "person" | "tenant" | "role" | "table" | "operation" | "time" | "sourceAddress"> {
    return {
        person: event.actor?.person,
        tenant: event.actor?.tenant,
        role: event.entry.user,
        table: event.record.objectName || undefined,
        operation: event.record.command,
        time: event.entry.time,
        sourceAddress: event.entry.remoteHost,
    };
}

/**
 * The raw entries proving alerts about `events`, in log order: each event's entry and, for one attributed to a person,
 * the context open record that names them (the latest open for that person on the same backend before it).
 */
export function eventEvidence(events: readonly AuditEvent[], entries: readonly LogEntry[]): string[] {
    const position = logPositions(entries);
    const proof = new Set<LogEntry>();
    for (const event of events) {
        proof.add(event.entry);
        const open = event.actor ? contextOpenFor(event, entries, position) : undefined;
        if (open) {
            proof.add(open);
        }
    }
    return inLogOrder([...proof], position).map((e) => e.raw);
}

const positions = new WeakMap<readonly LogEntry[], Map<LogEntry, number>>();

/** Each entry's place in `entries`, built once per list: every alert of a period asks, and a period has many lines. */
export function logPositions(entries: readonly LogEntry[]): Map<LogEntry, number> {
    let position = positions.get(entries);
    // A list that grew since (a caller appending lines) is indexed again.
    if (!position || position.size !== entries.length) {
        position = new Map();
        entries.forEach((e, i) => position!.set(e, i));
        positions.set(entries, position);
    }
    return position;
}

/** Entries in the order they were logged (their place in `entries`; unknown ones by time after). */
export function inLogOrder(list: readonly LogEntry[], position: Map<LogEntry, number>): LogEntry[] {
    const rank = (e: LogEntry) => position.get(e) ?? Number.MAX_SAFE_INTEGER;
    return [...list].sort((a, b) => rank(a) - rank(b) || a.time.localeCompare(b.time));
}

function contextOpenFor(event: AuditEvent, entries: readonly LogEntry[], position: Map<LogEntry, number>): LogEntry | undefined {
    const start = position.get(event.entry) ?? -1;
    for (let i = start - 1; i >= 0; i--) {
        const e = entries[i];
        if (e.pid !== event.entry.pid || (e.sessionId && event.entry.sessionId && e.sessionId !== event.entry.sessionId)) {
            continue;
        }
        if (e.message.startsWith(CONTEXT_OPEN_PREFIX)) {
            const opened = parseContextOpen(e.message);
            if (opened && opened.person === event.actor?.person && opened.tenant === event.actor?.tenant) {
                return e;
            }
        }
    }
    return undefined;
}

/** `hpg-audit-context open id=<uuid> actor=<person> tenant=<uuid>` read back. */
export function parseContextOpen(message: string): { id: string; person: string; tenant: string } | undefined {
    const m = /^hpg-audit-context open id=(\S+) actor=(\S+) tenant=(\S+)/.exec(message);
    return m ? { id: m[1], person: m[2], tenant: m[3] } : undefined;
}

/** One backend session: jsonlog/csvlog's session id, or the pid and client port a stderr prefix gives. */
export function sessionKey(entry: LogEntry): string {
    return entry.sessionId ?? `${entry.pid}:${entry.remoteHost ?? ""}:${entry.remotePort ?? ""}`;
}

/** `person (role r)`, or `role r with no person`, for alert summaries. */
export function describeActor(event: AuditEvent): string {
    return event.actor ? `${event.actor.person} (role ${event.entry.user ?? "unknown"})` : `role ${event.entry.user ?? "unknown"} with no person`;
}

/** A statement on one line, cut to 120 characters, for alert summaries (the evidence keeps it whole). */
export function statementExcerpt(statement: string): string {
    const flat = statement.replace(/\s+/g, " ").trim();
    return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
