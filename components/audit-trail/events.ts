/**
 * The audit trail's shared vocabulary: what one server log entry holds once parsed (from jsonlog, csvlog, RDS's stderr
 * or CloudWatch's copy of it), the pgaudit record inside it, the acting person's context records, and an attributed
 * audit event. The SQL that writes context records (components/database-access), the parser and analyzer
 * (policies/audit), the AWS alarms and queries (components/hardened-postgres) and the local archive all read these.
 */

/** The stored forms of a PostgreSQL server log the parser reads. */
export type LogFormat = "jsonlog" | "csvlog" | "stderr" | "cloudwatch";

/** Where an entry was read: the file (or CloudWatch stream) and the 1-based line its first line is on. */
export interface LogSource {
    file: string;
    line: number;
}

/** One server log entry, whatever format held it. Absent fields were not in the format (RDS's prefix has no vxid). */
export interface LogEntry {
    /** ISO 8601 in UTC, e.g. `2026-11-26T08:24:18.123Z`; whole seconds when the format has no more (RDS's `%t`). */
    time: string;
    /** Backend process id (`%p`); every format the parser reads has it. */
    pid: number;
    /** Session user (`%u`); absent before authentication. */
    user?: string;
    /** Database (`%d`). */
    database?: string;
    /** Client address without the port (`%r`/`%h`); absent for local or background processes. */
    remoteHost?: string;
    remotePort?: number;
    /** LOG, ERROR, FATAL, … ; for RDS stderr also the extra lines PostgreSQL writes as DETAIL, CONTEXT, STATEMENT. */
    severity: string;
    /** The message with its continuation lines restored (newlines kept, stderr's leading tabs removed). */
    message: string;
    /** Only in jsonlog/csvlog: session id (`%c`), virtual and real transaction ids, session line number, application. */
    sessionId?: string;
    vxid?: string;
    txid?: string;
    sessionLine?: number;
    applicationName?: string;
    /** DETAIL/CONTEXT/STATEMENT: jsonlog and csvlog keep them in the entry; for stderr the parser copies the lines that follow an entry onto it (they stay entries too). */
    detail?: string;
    context?: string;
    statement?: string;
    source: LogSource;
    /** The exact stored text of the entry (all its lines), kept as the proof an alert carries. */
    raw: string;
    /** True when the stored entry may be cut inside its message (a file copied mid-write, CloudWatch's event size limit). */
    truncated?: boolean;
}

/** pgaudit's audit types: SESSION (pgaudit.log classes) or OBJECT (grants to pgaudit.role). */
export type AuditType = "SESSION" | "OBJECT";

/**
 * One pgaudit record: `AUDIT: <type>,<statement id>,<substatement id>,<class>,<command>,<object type>,<object name>,
 * <statement>,<parameter>[,<rows>]` (pgaudit README, "Format"). Rows are there with `pgaudit.log_rows = on`.
 */
export interface PgauditRecord {
    auditType: AuditType;
    statementId: number;
    substatementId: number;
    /** READ, WRITE, FUNCTION, ROLE, DDL, MISC, MISC_SET. */
    class: string;
    /** e.g. SELECT, UPDATE, GRANT, ALTER ROLE, CREATE TABLE. */
    command: string;
    objectType: string;
    /** Schema-qualified, e.g. `public.patients`; empty for SESSION records of statements without one. */
    objectName: string;
    statement: string;
    /** `<not logged>` unless pgaudit.log_parameter is on (HPG-AUD-03 keeps it off). */
    parameter: string;
    /** Rows read or written, when pgaudit.log_rows is on. */
    rows?: number;
    /** True when the record was cut (by the server's or CloudWatch's size limit) before its last field. */
    truncated?: boolean;
}

/** Who acted: the person the application authenticated, and the tenant, for one transaction. */
export interface Actor {
    person: string;
    tenant: string;
}

/** Records a context opens and closes; the SQL writes exactly these messages, the parser reads exactly these. */
export const CONTEXT_OPEN_PREFIX = "hpg-audit-context open ";
export const CONTEXT_CLOSE_PREFIX = "hpg-audit-context close ";

/** A person identifier the context function accepts: printable, no spaces or quotes, so a record can't be forged. */
export const PERSON_PATTERN = /^[A-Za-z0-9][A-Za-z0-9@._:+\-/]{0,127}$/;

/** One audited statement, with who was acting when it ran (undefined: not provably inside any person's context). */
export interface AuditEvent {
    entry: LogEntry;
    record: PgauditRecord;
    actor?: Actor;
}
