import { LogEntry } from "../../../components/audit-trail/events";
import { splitCsvRecords } from "./csv-records";
import { LogLineProblem, LogReadOptions, reportProblem } from "./log-line-problem";
import { serverTimeToIso, SERVER_TIME_ALLOWED } from "./server-timestamp";

/**
 * csvlog's columns in PostgreSQL 15's order ("Using CSV-Format Log Output"). 12 wrote the first 23; 13 added
 * backend_type, 14 leader_pid and query_id.
 */
export const CSVLOG_COLUMNS = [
    "log_time",
    "user_name",
    "database_name",
    "process_id",
    "connection_from",
    "session_id",
    "session_line_num",
    "command_tag",
    "session_start_time",
    "virtual_transaction_id",
    "transaction_id",
    "error_severity",
    "sql_state_code",
    "message",
    "detail",
    "hint",
    "internal_query",
    "internal_query_pos",
    "context",
    "query",
    "query_pos",
    "location",
    "application_name",
    "backend_type",
    "leader_pid",
    "query_id",
] as const;
type Column = (typeof CSVLOG_COLUMNS)[number];
const MIN_COLUMNS = CSVLOG_COLUMNS.indexOf("application_name") + 1;
const MESSAGE = CSVLOG_COLUMNS.indexOf("message");
const DIGITS = /^[0-9]+$/;

/** `host:port` (the port after the last colon, so IPv6 works), `[local]` or empty. */
function splitConnectionFrom(value: string): { host?: string; port?: number } | undefined {
    if (value === "" || value === "[local]") {
        return {};
    }
    const colon = value.lastIndexOf(":");
    if (colon <= 0 || !DIGITS.test(value.slice(colon + 1))) {
        return undefined;
    }
    return { host: value.slice(0, colon), port: Number(value.slice(colon + 1)) };
}

/** Entries of a csvlog file's text, in order. A record cut inside (or before) its message is marked or refused. */
export function parseCsvlogText(text: string, file: string, options: LogReadOptions = {}): LogEntry[] {
    const entries: LogEntry[] = [];
    for (const record of splitCsvRecords(text)) {
        const source = { file, line: record.line };
        try {
            if (record.malformedAt !== undefined) {
                throw new LogLineProblem(source, CSVLOG_COLUMNS[record.malformedAt] ?? `column ${record.malformedAt + 1}`, record.raw, "a quoted field followed by a comma or the end of the line (csvlog)");
            }
            // The last field of a cut record may itself be cut: only the fields before it are read whole.
            const fields = record.complete ? record.fields : record.fields.slice(0, -1);
            const truncated = !record.complete && record.cutField! <= MESSAGE;
            if (record.complete && (fields.length < MIN_COLUMNS || fields.length > CSVLOG_COLUMNS.length)) {
                throw new LogLineProblem(source, "columns", String(fields.length), `${MIN_COLUMNS} to ${CSVLOG_COLUMNS.length} columns (PostgreSQL 12 to 15 csvlog)`);
            }
            const at = (c: Column): string | undefined => fields[CSVLOG_COLUMNS.indexOf(c)];
            const nonEmpty = (c: Column): string | undefined => (at(c) === "" ? undefined : at(c));
            const logTime = at("log_time") ?? "";
            const time = serverTimeToIso(logTime);
            if (!time) {
                throw new LogLineProblem(source, "log_time", logTime, SERVER_TIME_ALLOWED);
            }
            const pid = at("process_id") ?? "";
            if (!DIGITS.test(pid)) {
                throw new LogLineProblem(source, "process_id", pid, "a process id (digits)");
            }
            const severity = at("error_severity");
            if (severity === undefined || severity === "") {
                throw new LogLineProblem(source, "error_severity", truncated ? "(cut before it)" : "", "a severity such as LOG or ERROR");
            }
            const message = at("message") ?? (truncated && record.cutField === MESSAGE ? record.fields[MESSAGE] : undefined);
            if (message === undefined) {
                throw new LogLineProblem(source, "message", "(cut before it)", "every csvlog entry has a message");
            }
            const connection = splitConnectionFrom(at("connection_from") ?? "");
            if (!connection) {
                throw new LogLineProblem(source, "connection_from", at("connection_from")!, "host:port, [local] or empty");
            }
            const entry: LogEntry = { time, pid: Number(pid), severity, message, source, raw: record.raw };
            const optional: Array<[keyof LogEntry, unknown]> = [
                ["user", nonEmpty("user_name")],
                ["database", nonEmpty("database_name")],
                ["remoteHost", connection.host],
                ["remotePort", connection.port],
                ["sessionId", nonEmpty("session_id")],
                ["sessionLine", nonEmpty("session_line_num") === undefined ? undefined : Number(at("session_line_num"))],
                ["vxid", nonEmpty("virtual_transaction_id")],
                ["txid", nonEmpty("transaction_id")],
                ["applicationName", nonEmpty("application_name")],
                ["detail", nonEmpty("detail")],
                ["context", nonEmpty("context")],
                ["statement", nonEmpty("query")],
            ];
            for (const [key, value] of optional) {
                if (value !== undefined) (entry as unknown as Record<string, unknown>)[key] = value;
            }
            if (truncated) entry.truncated = true;
            entries.push(entry);
        } catch (e) {
            if (!(e instanceof LogLineProblem)) throw e;
            reportProblem(options, e);
        }
    }
    return entries;
}
