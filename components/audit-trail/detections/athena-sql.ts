import { ARCHIVE_DATA_MESSAGE } from "../archive-table";
import { CLOSE_CONTEXT_PREFIX, SET_ACTOR_CONTEXT_PREFIX } from "../../catalog/controls/hpg-aud-07/actor-context-objects";
import { CONTEXT_CLOSE_PREFIX, CONTEXT_OPEN_PREFIX } from "../events";

/**
 * The SQL every detection's Athena query starts from: the archive's envelopes unnested to one row per log event, the
 * RDS stderr prefix `%t:%r:%u@%d:[%p]:` split with regexp_extract, and pgaudit's CSV fields where the message is an
 * AUDIT record. Presto/Trino (Athena engine 3) syntax; a string literal keeps backslashes, so the regexes are as written.
 */

/** Partitions read: the last day's (edit the date, or the lookback, to query another period). */
export const ATHENA_LOOKBACK_DAYS = 1;

/** `'text'` with quotes doubled. */
export function sqlString(text: string): string {
    return `'${text.replace(/'/g, "''")}'`;
}

/** `('a', 'b')`; an empty list is `(NULL)`, which no value is IN. */
export function sqlStringList(values: readonly string[]): string {
    return values.length === 0 ? "(NULL)" : `(${values.map(sqlString).join(", ")})`;
}

/** The Glue table as the caller names it (`db.table`, each part optionally double-quoted); anything else is refused. */
export function athenaTableName(table: string): string {
    if (!/^("[A-Za-z0-9_-]+"|[A-Za-z0-9_]+)(\.("[A-Za-z0-9_-]+"|[A-Za-z0-9_]+))?$/.test(table)) {
        throw new Error(`[table] is ${JSON.stringify(table)}; it must be a Glue table name, e.g. "audit.postgresql_logs" or "\\"audit-db\\".\\"logs\\""`);
    }
    return table;
}

// %t (with optional milliseconds) and zone, %r (empty, [local], or address(port)), %u@%d, [%p], severity, message.
const PREFIX = "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)? [A-Za-z0-9+-]+):(\\[local\\]|[0-9A-Za-z.:%_-]*\\(\\d+\\)|):([^@]*)@([^:]*):\\[(\\d+)\\]:([A-Z0-9]+):  ";
const AUDIT = "^AUDIT: (SESSION|OBJECT),(\\d+),(\\d+),([A-Z_]+),([^,]*),([^,]*),([^,]*),";

/**
 * `WITH events AS (…), lines AS (…), …, audit AS (…)`: the common table expressions the queries select from. `audit`
 * has one row per AUDIT line with the person the analyzer would attribute it to (policies/audit/attribution.ts, in
 * SQL): the backend's latest context record before it is a genuine open whose next context record is its close.
 */
export function auditLinesSql(table: string, lookbackDays: number = ATHENA_LOOKBACK_DAYS): string {
    if (!Number.isInteger(lookbackDays) || lookbackDays < 1) {
        throw new Error(`[lookbackDays] is ${lookbackDays}; it must be a whole number of days ≥ 1`);
    }
    const prefix = (group: number) => `regexp_extract(line, ${sqlString(`(?s)${PREFIX}`)}, ${group})`;
    const audit = (group: number) => `regexp_extract(message, ${sqlString(AUDIT)}, ${group})`;
    return [
        "WITH events AS (",
        "    SELECT a.loggroup AS log_group, a.logstream AS log_stream, e.id AS event_id,",
        "           from_unixtime(e.timestamp / 1000.0) AS event_time, e.message AS line",
        `    FROM ${athenaTableName(table)} a`,
        "    CROSS JOIN UNNEST(a.logevents) AS t (e)",
        `    WHERE a.messagetype = ${sqlString(ARCHIVE_DATA_MESSAGE)}`,
        `      AND concat(a.year, '/', a.month, '/', a.day) >= date_format(current_date - INTERVAL '${lookbackDays}' DAY, '%Y/%m/%d')`,
        "),",
        "lines AS (",
        "    SELECT log_group, log_stream, event_id, event_time, line,",
        `           ${prefix(2)} AS remote,`,
        `           regexp_extract(${prefix(2)}, '^([^(]*)\\(', 1) AS source_address,`,
        `           ${prefix(3)} AS role,`,
        `           ${prefix(4)} AS database_name,`,
        `           TRY_CAST(${prefix(5)} AS integer) AS pid,`,
        `           ${prefix(6)} AS severity,`,
        `           regexp_replace(line, ${sqlString(`(?s)${PREFIX}`)}, '') AS message`,
        "    FROM events",
        "),",
        // The next line of the same backend: RDS's stderr writes a RAISE's CONTEXT as a line of its own.
        "neighbours AS (",
        "    SELECT *,",
        "           lead(severity) OVER (PARTITION BY log_stream, pid ORDER BY event_time, event_id) AS next_severity,",
        "           lead(message) OVER (PARTITION BY log_stream, pid ORDER BY event_time, event_id) AS next_message",
        "    FROM lines",
        "),",
        // A context record counts only when its CONTEXT names the real function (anyone can RAISE LOG the same text from
        // a DO block, whose CONTEXT says inline_code_block); an ERROR, FATAL, PANIC or connection line ends any context.
        "contexts AS (",
        "    SELECT *,",
        "           CASE",
        `               WHEN severity = 'LOG' AND starts_with(message, ${sqlString(CONTEXT_OPEN_PREFIX)}) AND next_severity = 'CONTEXT' AND starts_with(next_message, ${sqlString(SET_ACTOR_CONTEXT_PREFIX)})`,
        "                   THEN concat('open ', regexp_extract(message, 'id=(\\S+)', 1))",
        `               WHEN severity = 'LOG' AND starts_with(message, ${sqlString(CONTEXT_CLOSE_PREFIX)}) AND next_severity = 'CONTEXT' AND starts_with(next_message, ${sqlString(CLOSE_CONTEXT_PREFIX)})`,
        "                   THEN concat('close ', regexp_extract(message, 'id=(\\S+)', 1))",
        "               WHEN severity IN ('ERROR', 'FATAL', 'PANIC') OR regexp_like(message, '^(connection received|connection authenticated|connection authorized|disconnection):') THEN 'end'",
        "           END AS marker,",
        "           regexp_extract(message, 'actor=(\\S+)', 1) AS open_person,",
        "           regexp_extract(message, 'tenant=(\\S+)', 1) AS open_tenant",
        "    FROM neighbours",
        "),",
        "markers AS (",
        "    SELECT log_stream, pid, marker, open_person, open_tenant,",
        "           lead(marker) OVER (PARTITION BY log_stream, pid ORDER BY event_time, event_id) AS next_marker",
        "    FROM contexts WHERE marker IS NOT NULL",
        "),",
        // A context attributes only when the backend's next context record is its own close (the transaction committed).
        "closed AS (",
        "    SELECT DISTINCT marker AS open_marker, open_person, open_tenant FROM markers",
        "    WHERE starts_with(marker, 'open ') AND next_marker = concat('close ', substr(marker, 6))",
        "),",
        "sequenced AS (",
        "    SELECT c.*,",
        "           last_value(c.marker) IGNORE NULLS",
        "               OVER (PARTITION BY c.log_stream, c.pid ORDER BY c.event_time, c.event_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS context_marker",
        "    FROM contexts c",
        "),",
        "audit AS (",
        "    SELECT s.log_group, s.log_stream, s.event_id, s.event_time, s.line, s.message, s.source_address, s.role, s.database_name, s.pid,",
        `           ${audit(1)} AS audit_type,`,
        `           TRY_CAST(${audit(2)} AS bigint) AS statement_id,`,
        `           ${audit(4)} AS audit_class,`,
        `           ${audit(5)} AS command,`,
        `           ${audit(6)} AS object_type,`,
        `           lower(${audit(7)}) AS object_name,`,
        `           TRY_CAST(regexp_extract(message, ',(\\d+)\\s*$', 1) AS bigint) AS row_count,`,
        "           k.open_person AS person,",
        "           k.open_tenant AS tenant",
        "    FROM sequenced s",
        "    LEFT JOIN closed k ON k.open_marker = s.context_marker",
        `    WHERE starts_with(s.message, 'AUDIT: ')`,
        ")",
    ].join("\n");
}

/**
 * The PHI-access report over the archive (the SIEM dashboard's table): statements on classified tables by person ×
 * role × table × operation with their rows, over the last `lookbackDays` days, attributed exactly as the detections'
 * queries (and the analyzer) attribute them; `(unattributed)` where no committed context covers a statement.
 */
export function phiAccessReportSql(table: string, classifiedTables: readonly string[], lookbackDays = 30): string {
    return [
        auditLinesSql(table, lookbackDays),
        "SELECT coalesce(person, '(unattributed)') AS person, role, object_name AS table_name, command AS operation,",
        "       count(DISTINCT concat(log_stream, ':', CAST(pid AS varchar), ':', CAST(statement_id AS varchar))) AS statements,",
        "       sum(row_count) AS row_count, min(event_time) AS first_seen, max(event_time) AS last_seen",
        "FROM audit",
        `WHERE audit_class IN ('READ', 'WRITE') AND object_name IN ${sqlStringList(classifiedTables.map((t) => t.toLowerCase()))}`,
        "GROUP BY 1, 2, 3, 4",
        "ORDER BY statements DESC, 1, 2, 3, 4",
    ].join("\n");
}
