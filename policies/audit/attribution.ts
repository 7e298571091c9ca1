import { Actor, AuditEvent, CONTEXT_CLOSE_PREFIX, CONTEXT_OPEN_PREFIX, LogEntry, PERSON_PATTERN } from "../../components/audit-trail/events";
import { CLOSE_CONTEXT_PREFIX, SET_ACTOR_CONTEXT_PREFIX } from "../../components/catalog/controls/hpg-aud-07/actor-context-objects";
import { readPgauditRecord } from "./pgaudit-record";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const OPEN_FIELDS = new RegExp(`^id=(${UUID}) actor=(\\S+) tenant=(\\S+)$`);
const CLOSE_FIELDS = new RegExp(`^id=(${UUID})$`);
/** Severities after which the backend's transaction is over or aborted: its context can no longer close normally. */
const ENDING_SEVERITIES = new Set(["ERROR", "FATAL", "PANIC"]);
/** log_connections/log_disconnections messages: a session starts or ends on this pid, so no context carries over. */
const SESSION_BOUNDARIES = ["connection received:", "connection authenticated:", "connection authorized:", "disconnection:"];

/** A context record `hpg.set_actor` or its close trigger wrote, as read from one entry. */
export type ContextRecord = { kind: "open"; id: string; actor: Actor } | { kind: "close"; id: string };

/**
 * The context record in an entry's message: only a LOG entry whose message starts with the prefix, with exactly the
 * fields the SQL writes (a pgaudit record quoting the text starts with `AUDIT: `, so it never qualifies).
 */
export function readContextRecord(entry: Pick<LogEntry, "severity" | "message" | "truncated">): ContextRecord | undefined {
    if (entry.severity !== "LOG" || entry.truncated) {
        return undefined;
    }
    if (entry.message.startsWith(CONTEXT_OPEN_PREFIX)) {
        const m = OPEN_FIELDS.exec(entry.message.slice(CONTEXT_OPEN_PREFIX.length));
        return m && PERSON_PATTERN.test(m[2]) ? { kind: "open", id: m[1], actor: { person: m[2], tenant: m[3] } } : undefined;
    }
    if (entry.message.startsWith(CONTEXT_CLOSE_PREFIX)) {
        const m = CLOSE_FIELDS.exec(entry.message.slice(CONTEXT_CLOSE_PREFIX.length));
        return m ? { kind: "close", id: m[1] } : undefined;
    }
    return undefined;
}

/**
 * Whether a context record came from the real function: its CONTEXT line names `hpg.set_actor` (open) or
 * `hpg.close_actor_context` (close). Anyone may `RAISE LOG` the same text from a DO block, whose CONTEXT says
 * `inline_code_block`; only the helper schema's owner can create functions the CONTEXT names `hpg.…`.
 */
function fromRealFunction(record: ContextRecord, context: string): boolean {
    return context.startsWith(record.kind === "open" ? SET_ACTOR_CONTEXT_PREFIX : CLOSE_CONTEXT_PREFIX);
}

/** One backend's open context, and the events recorded inside it so far (attributed only when its close arrives). */
interface OpenContext {
    id: string;
    actor: Actor;
    vxid?: string;
    sessionId?: string;
    events: AuditEvent[];
}

/** A context record whose CONTEXT is in the backend's next entry (RDS's stderr writes it as its own line). */
interface Unconfirmed {
    record: ContextRecord;
    entry: LogEntry;
}

interface Backend {
    open?: OpenContext;
    unconfirmed?: Unconfirmed;
}

/** Whether `entry` belongs to a different transaction or session than the open context (where both formats say). */
function leftContext(open: OpenContext, entry: LogEntry): boolean {
    return (open.vxid !== undefined && entry.vxid !== undefined && entry.vxid !== open.vxid) || (open.sessionId !== undefined && entry.sessionId !== undefined && entry.sessionId !== open.sessionId);
}

/**
 * Every pgaudit record of `entries` (in the order given: one file, or several merged in order) as an audit event,
 * with the acting person where it is provable. A record is attributed only when it lies, on the same backend pid (and
 * in the same virtual transaction and session, where the format records them), between the open of a context and the
 * close with the same id. A new open, an ERROR, FATAL or PANIC, a connection or disconnection message, or a change of
 * transaction ends the interval without a close: its records stay unattributed, never given to the next person on a
 * pooled connection. A rolled-back transaction writes no close, so nothing it ran is attributed.
 */
export function attribute(entries: LogEntry[]): AuditEvent[] {
    const events: AuditEvent[] = [];
    const backends = new Map<number, Backend>();
    const backendOf = (pid: number): Backend => {
        let b = backends.get(pid);
        if (!b) {
            b = {};
            backends.set(pid, b);
        }
        return b;
    };
    const apply = (b: Backend, record: ContextRecord, entry: LogEntry) => {
        if (record.kind === "open") {
            b.open = { id: record.id, actor: record.actor, vxid: entry.vxid, sessionId: entry.sessionId, events: [] };
            return;
        }
        const open = b.open;
        b.open = undefined;
        if (open && open.id === record.id && !leftContext(open, entry)) {
            for (const event of open.events) {
                event.actor = open.actor;
            }
        }
    };
    for (const entry of entries) {
        const b = backendOf(entry.pid);
        if (b.unconfirmed) {
            const { record, entry: recordEntry } = b.unconfirmed;
            b.unconfirmed = undefined;
            if (entry.severity === "CONTEXT" && fromRealFunction(record, entry.message)) {
                apply(b, record, recordEntry);
                continue;
            }
        }
        if (b.open && leftContext(b.open, entry)) {
            b.open = undefined;
        }
        const contextRecord = readContextRecord(entry);
        if (contextRecord) {
            if (entry.context === undefined) {
                b.unconfirmed = { record: contextRecord, entry };
            } else if (fromRealFunction(contextRecord, entry.context)) {
                apply(b, contextRecord, entry);
            }
            continue;
        }
        if (ENDING_SEVERITIES.has(entry.severity) || (entry.severity === "LOG" && SESSION_BOUNDARIES.some((p) => entry.message.startsWith(p)))) {
            b.open = undefined;
            continue;
        }
        // The entry carries its CONTEXT and STATEMENT: pgaudit writes neither, so a `RAISE LOG 'AUDIT: …'` is refused here.
        const { record } = readPgauditRecord(entry.message, entry);
        if (record) {
            const event: AuditEvent = { entry, record };
            events.push(event);
            b.open?.events.push(event);
        }
    }
    return events;
}
