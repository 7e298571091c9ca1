import { LogEntry } from "../../../components/audit-trail/events";
import { readJsonObjectPrefix } from "./json-object-prefix";
import { LogLineProblem, LogReadOptions, reportProblem } from "./log-line-problem";
import { serverTimeToIso, SERVER_TIME_ALLOWED } from "./server-timestamp";
import { SourcedLine } from "./sourced-lines";

/** A string field, absent when missing or null; a value of another type is a problem. */
function textField(fields: Record<string, unknown>, key: string, line: SourcedLine): string | undefined {
    const v = fields[key];
    if (v === undefined || v === null) {
        return undefined;
    }
    if (typeof v !== "string") {
        throw new LogLineProblem(line.source, key, JSON.stringify(v), "a JSON string");
    }
    return v;
}

/** A non-negative integer field, absent when missing or null. */
function integerField(fields: Record<string, unknown>, key: string, line: SourcedLine): number | undefined {
    const v = fields[key];
    if (v === undefined || v === null) {
        return undefined;
    }
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
        throw new LogLineProblem(line.source, key, JSON.stringify(v), "a non-negative integer");
    }
    return v;
}

function required<T>(key: string, value: T | undefined, line: SourcedLine, truncated: boolean): T {
    if (value === undefined) {
        throw new LogLineProblem(line.source, key, truncated ? "(cut before it)" : "(absent)", "every jsonlog entry has timestamp, pid, error_severity and message");
    }
    return value;
}

/**
 * One line of PostgreSQL's jsonlog (15+): one object per entry, newlines inside values escaped, so an entry is always
 * one line (elog.c, write_jsonlog). Keys read here: timestamp, user, dbname, pid, remote_host, remote_port,
 * session_id, line_num, vxid, txid, error_severity, message, detail, context, statement, application_name.
 */
function entryOf(fields: Record<string, unknown>, line: SourcedLine, truncated: boolean): LogEntry {
    const timestamp = required("timestamp", textField(fields, "timestamp", line), line, truncated);
    const time = serverTimeToIso(timestamp);
    if (!time) {
        throw new LogLineProblem(line.source, "timestamp", timestamp, SERVER_TIME_ALLOWED);
    }
    const entry: LogEntry = {
        time,
        pid: required("pid", integerField(fields, "pid", line), line, truncated),
        severity: required("error_severity", textField(fields, "error_severity", line), line, truncated),
        message: required("message", textField(fields, "message", line), line, truncated),
        source: line.source,
        raw: line.text,
    };
    // Assigned one by one, only when present: absent fields stay absent, as in the format.
    const user = textField(fields, "user", line);
    if (user !== undefined) entry.user = user;
    const database = textField(fields, "dbname", line);
    if (database !== undefined) entry.database = database;
    const remoteHost = textField(fields, "remote_host", line);
    // "[local]" is a Unix-socket client: there is no address.
    if (remoteHost !== undefined && remoteHost !== "[local]") entry.remoteHost = remoteHost;
    const remotePort = integerField(fields, "remote_port", line);
    if (remotePort !== undefined) entry.remotePort = remotePort;
    const sessionId = textField(fields, "session_id", line);
    if (sessionId !== undefined) entry.sessionId = sessionId;
    const sessionLine = integerField(fields, "line_num", line);
    if (sessionLine !== undefined) entry.sessionLine = sessionLine;
    const vxid = textField(fields, "vxid", line);
    if (vxid !== undefined) entry.vxid = vxid;
    if (fields.txid !== undefined && fields.txid !== null) entry.txid = String(fields.txid);
    const applicationName = textField(fields, "application_name", line);
    if (applicationName !== undefined) entry.applicationName = applicationName;
    const detail = textField(fields, "detail", line);
    if (detail !== undefined) entry.detail = detail;
    const context = textField(fields, "context", line);
    if (context !== undefined) entry.context = context;
    const statement = textField(fields, "statement", line);
    if (statement !== undefined) entry.statement = statement;
    if (truncated) {
        entry.truncated = true;
    }
    return entry;
}

function parseLine(line: SourcedLine): LogEntry {
    let fields: Record<string, unknown> | undefined;
    try {
        const parsed: unknown = JSON.parse(line.text);
        if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
            fields = parsed as Record<string, unknown>;
        }
    } catch {
        // A last line cut mid-write is read as far as it goes; anywhere else invalid JSON is a problem.
        if (line.cut) {
            const prefix = readJsonObjectPrefix(line.text);
            if (prefix) {
                // Only a cut inside (or before) the message makes the entry truncated; fields after it are simply absent.
                return entryOf(prefix.fields, line, prefix.cutInside === "message" || !("message" in prefix.fields));
            }
        }
    }
    if (!fields) {
        throw new LogLineProblem(line.source, "line", line.text, "one JSON object per line (PostgreSQL jsonlog)");
    }
    return entryOf(fields, line, false);
}

/** Entries of a jsonlog file's text, in order. */
export function parseJsonlogText(text: string, file: string, options: LogReadOptions = {}): LogEntry[] {
    const entries: LogEntry[] = [];
    // Lines as fileLines gives them, without building the list first: this is the pipeline's hot loop.
    let lineNumber = 0;
    for (let start = 0; start < text.length; ) {
        const newline = text.indexOf("\n", start);
        const end = newline < 0 ? text.length : newline;
        lineNumber++;
        const line: SourcedLine = { text: text.slice(start, end), source: { file, line: lineNumber } };
        // PostgreSQL ends every entry with a newline: a last line without one was being written when the file was read.
        if (newline < 0) line.cut = true;
        start = end + 1;
        try {
            entries.push(parseLine(line));
        } catch (e) {
            if (!(e instanceof LogLineProblem)) throw e;
            reportProblem(options, e);
        }
    }
    return entries;
}
