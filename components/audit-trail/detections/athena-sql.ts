import { ARCHIVE_DATA_MESSAGE } from "../archive-table";
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

/** `WITH events AS (…), lines AS (…), audit AS (…)`: the common table expressions the queries select from. */
export function auditLinesSql(table: string): string {
    const prefix = (group: number) => `regexp_extract(line, ${sqlString(`(?s)${PREFIX}`)}, ${group})`;
    const audit = (group: number) => `regexp_extract(message, ${sqlString(AUDIT)}, ${group})`;
    return [
        "WITH events AS (",
        "    SELECT a.loggroup AS log_group, a.logstream AS log_stream, e.id AS event_id,",
        "           from_unixtime(e.timestamp / 1000.0) AS event_time, e.message AS line",
        `    FROM ${athenaTableName(table)} a`,
        "    CROSS JOIN UNNEST(a.logevents) AS t (e)",
        `    WHERE a.messagetype = ${sqlString(ARCHIVE_DATA_MESSAGE)}`,
        `      AND concat(a.year, '/', a.month, '/', a.day) >= date_format(current_date - INTERVAL '${ATHENA_LOOKBACK_DAYS}' DAY, '%Y/%m/%d')`,
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
        "contexts AS (",
        "    SELECT *,",
        `           CASE WHEN starts_with(message, ${sqlString(CONTEXT_OPEN_PREFIX)}) THEN regexp_extract(message, 'id=(\\S+)', 1) END AS open_id,`,
        `           CASE WHEN starts_with(message, ${sqlString(CONTEXT_OPEN_PREFIX)}) THEN regexp_extract(message, 'actor=(\\S+)', 1) END AS open_person,`,
        `           CASE WHEN starts_with(message, ${sqlString(CONTEXT_OPEN_PREFIX)}) THEN regexp_extract(message, 'tenant=(\\S+)', 1) END AS open_tenant,`,
        `           CASE WHEN starts_with(message, ${sqlString(CONTEXT_CLOSE_PREFIX)}) THEN regexp_extract(message, 'id=(\\S+)', 1) END AS close_id`,
        "    FROM lines",
        "),",
        "closed AS (SELECT DISTINCT close_id FROM contexts WHERE close_id IS NOT NULL),",
        // The latest context record on the backend: an open whose close was logged (the transaction committed) names
        // the person; a close, or an open never closed (rolled back), names nobody (docs: who-did-it mechanism).
        "sequenced AS (",
        "    SELECT c.*,",
        "           last_value(CASE WHEN c.open_id IS NOT NULL THEN c.open_id WHEN c.close_id IS NOT NULL THEN '' END) IGNORE NULLS",
        "               OVER (PARTITION BY c.log_stream, c.pid ORDER BY c.event_time, c.event_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS context_id,",
        "           last_value(c.open_person) IGNORE NULLS",
        "               OVER (PARTITION BY c.log_stream, c.pid ORDER BY c.event_time, c.event_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS context_person,",
        "           last_value(c.open_tenant) IGNORE NULLS",
        "               OVER (PARTITION BY c.log_stream, c.pid ORDER BY c.event_time, c.event_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS context_tenant",
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
        "           CASE WHEN s.context_id <> '' AND k.close_id IS NOT NULL THEN s.context_person END AS person,",
        "           CASE WHEN s.context_id <> '' AND k.close_id IS NOT NULL THEN s.context_tenant END AS tenant",
        "    FROM sequenced s",
        "    LEFT JOIN closed k ON k.close_id = s.context_id",
        `    WHERE starts_with(s.message, 'AUDIT: ')`,
        ")",
    ].join("\n");
}
