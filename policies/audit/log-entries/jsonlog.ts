import { LogEntry } from "../../../components/audit-trail/events";
import { readJsonObjectPrefix } from "./json-object-prefix";
import { LogLineProblem, LogReadOptions, reportProblem } from "./log-line-problem";
import { serverTimeToIso, SERVER_TIME_ALLOWED } from "./server-timestamp";
import { fileLines, SourcedLine } from "./sourced-lines";

/**
 * One line of PostgreSQL's jsonlog (15+): one object per entry, newlines inside values escaped, so an entry is always
 * one line (elog.c, write_jsonlog). Keys read here: timestamp, user, dbname, pid, remote_host, remote_port,
 * session_id, line_num, vxid, txid, error_severity, message, detail, context, statement, application_name.
 */
function entryOf(fields: Record<string, unknown>, line: SourcedLine, truncated: boolean): LogEntry {
    const text = (key: string): string | undefined => {
        const v = fields[key];
        if (v === undefined || v === null) {
            return undefined;
        }
        if (typeof v !== "string") {
            throw new LogLineProblem(line.source, key, JSON.stringify(v), "a JSON string");
        }
        return v;
    };
    const integer = (key: string): number | undefined => {
        const v = fields[key];
        if (v === undefined || v === null) {
            return undefined;
        }
        if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
            throw new LogLineProblem(line.source, key, JSON.stringify(v), "a non-negative integer");
        }
        return v;
    };
    const required = <T>(key: string, value: T | undefined): T => {
        if (value === undefined) {
            throw new LogLineProblem(line.source, key, truncated ? "(cut before it)" : "(absent)", "every jsonlog entry has timestamp, pid, error_severity and message");
        }
        return value;
    };
    const timestamp = required("timestamp", text("timestamp"));
    const time = serverTimeToIso(timestamp);
    if (!time) {
        throw new LogLineProblem(line.source, "timestamp", timestamp, SERVER_TIME_ALLOWED);
    }
    const entry: LogEntry = {
        time,
        pid: required("pid", integer("pid")),
        severity: required("error_severity", text("error_severity")),
        message: required("message", text("message")),
        source: line.source,
        raw: line.text,
    };
    const optional: Array<[keyof LogEntry, unknown]> = [
        ["user", text("user")],
        ["database", text("dbname")],
        // "[local]" is a Unix-socket client: there is no address.
        ["remoteHost", text("remote_host") === "[local]" ? undefined : text("remote_host")],
        ["remotePort", integer("remote_port")],
        ["sessionId", text("session_id")],
        ["sessionLine", integer("line_num")],
        ["vxid", text("vxid")],
        ["txid", fields.txid === undefined || fields.txid === null ? undefined : String(fields.txid)],
        ["applicationName", text("application_name")],
        ["detail", text("detail")],
        ["context", text("context")],
        ["statement", text("statement")],
    ];
    for (const [key, value] of optional) {
        if (value !== undefined) {
            (entry as unknown as Record<string, unknown>)[key] = value;
        }
    }
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
    for (const line of fileLines(text, file)) {
        try {
            entries.push(parseLine(line));
        } catch (e) {
            if (!(e instanceof LogLineProblem)) throw e;
            reportProblem(options, e);
        }
    }
    return entries;
}
