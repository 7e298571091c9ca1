import type { Actor, AuditEvent, LogEntry, PgauditRecord } from "../../../../components/audit-trail/events";

/** Entries as RDS's stderr writes them (`%t:%r:%u@%d:[%p]:`), so raw text and fields agree. */
export function stderrEntry(fields: { time: string; pid?: number; user?: string; database?: string; remoteHost?: string; remotePort?: number; severity?: string; message: string; sessionId?: string; sessionLine?: number }): LogEntry {
    const pid = fields.pid ?? 4242;
    const remote = fields.remoteHost === undefined ? "" : `${fields.remoteHost}(${fields.remotePort ?? 50000})`;
    const severity = fields.severity ?? "LOG";
    const t = fields.time.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");
    return {
        time: fields.time,
        pid,
        user: fields.user,
        database: fields.database,
        remoteHost: fields.remoteHost,
        remotePort: fields.remoteHost === undefined ? undefined : (fields.remotePort ?? 50000),
        severity,
        message: fields.message,
        sessionId: fields.sessionId,
        sessionLine: fields.sessionLine,
        source: { file: "postgresql.log", line: 1 },
        raw: `${t}:${remote}:${fields.user ?? ""}@${fields.database ?? ""}:[${pid}]:${severity}:  ${fields.message}`,
    };
}

export interface EventFields {
    time: string;
    user?: string;
    pid?: number;
    remoteHost?: string;
    remotePort?: number;
    class: string;
    command: string;
    objectName?: string;
    objectType?: string;
    statement?: string;
    statementId?: number;
    rows?: number;
    actor?: Actor;
    auditType?: "SESSION" | "OBJECT";
    sessionId?: string;
}

/** An audit event with its pgaudit record and the stderr entry that carries it. */
export function auditEvent(f: EventFields): AuditEvent {
    const record: PgauditRecord = {
        auditType: f.auditType ?? "SESSION",
        statementId: f.statementId ?? 1,
        substatementId: 1,
        class: f.class,
        command: f.command,
        objectType: f.objectType ?? (f.objectName ? "TABLE" : ""),
        objectName: f.objectName ?? "",
        statement: f.statement ?? `${f.command.toLowerCase()} ...`,
        parameter: "<not logged>",
        rows: f.rows,
    };
    const csv = [record.auditType, record.statementId, 1, record.class, record.command, record.objectType, record.objectName, JSON.stringify(record.statement).replace(/\\"/g, '""'), record.parameter, ...(f.rows === undefined ? [] : [f.rows])].join(",");
    const entry = stderrEntry({ time: f.time, pid: f.pid, user: f.user ?? "svc_api", database: "app", remoteHost: f.remoteHost ?? "10.0.1.5", remotePort: f.remotePort, message: `AUDIT: ${csv}`, sessionId: f.sessionId });
    return { entry, record, actor: f.actor };
}

/** The context open record `hpg.set_actor` writes, on the same backend as the events it covers. */
export function contextOpen(time: string, actor: Actor, pid = 4242, id = "0b7c3f52-8a8e-4c55-9d7e-2b9f3c1a0001"): LogEntry {
    return stderrEntry({ time, pid, user: "svc_api", database: "app", remoteHost: "10.0.1.5", message: `hpg-audit-context open id=${id} actor=${actor.person} tenant=${actor.tenant}` });
}

export const PERSON_P: Actor = { person: "dr.alice@clinic.example", tenant: "7d4a8f2e-1111-4c3b-9a55-0c8e2b7d0001" };
export const PERSON_Q: Actor = { person: "nurse.bob@clinic.example", tenant: "7d4a8f2e-1111-4c3b-9a55-0c8e2b7d0001" };

/** The input a detection reads, from events (and extra entries), in log order by time. */
export function inputOf(events: AuditEvent[], extra: LogEntry[] = [], since = "2026-11-02T00:00:00Z", until = "2026-11-03T00:00:00Z") {
    const entries = [...extra, ...events.map((e) => e.entry)].sort((a, b) => a.time.localeCompare(b.time));
    return { entries, events, since: new Date(since), until: new Date(until) };
}
