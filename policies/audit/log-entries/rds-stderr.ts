import { LogEntry } from "../../../components/audit-trail/events";
import { LogLineProblem, LogReadOptions, reportProblem } from "./log-line-problem";
import { serverTimeToIso, SERVER_TIME_ALLOWED } from "./server-timestamp";
import { fileLines, SourcedLine } from "./sourced-lines";

/** RDS's fixed `log_line_prefix` (RDS for PostgreSQL: "Parameters for logging"); RDS does not let it be changed. */
export const RDS_LOG_LINE_PREFIX = "%t:%r:%u@%d:[%p]:";

/**
 * One line of `%t:%r:%u@%d:[%p]:<SEVERITY>:  <message>`. `%r` is `host(port)`, `[local]` or empty (background
 * processes); the host is an address or a name (log_hostname) and never holds `(`, `)` or `@`. `%u@%d` is split at its
 * last `@`, because user names (IAM, e-mail addresses) hold `@` far more often than database names do.
 */
const RDS_LINE =
    /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? (?:[A-Za-z]+|[+-]\d\d(?::?\d\d)?)):(?:\[local\]|([0-9A-Za-z.:%_-]+)\((\d+)\))?:(.*?):\[(\d+)\]:([A-Z][A-Z0-9]*):  ([\s\S]*)$/;

const LINE_ALLOWED = `a line starting with RDS's log_line_prefix ${RDS_LOG_LINE_PREFIX} and '<SEVERITY>:  ', or a continuation starting with a tab`;

/** `[unknown]` is what %u/%d print before authentication (elog.c). */
function known(value: string): string | undefined {
    return value === "" || value === "[unknown]" ? undefined : value;
}

/** A prefixed line split into the entry it starts, or undefined when the line doesn't carry RDS's prefix. */
function startEntry(line: SourcedLine): LogEntry | undefined {
    const m = RDS_LINE.exec(line.text);
    if (!m) {
        return undefined;
    }
    const time = serverTimeToIso(m[1]);
    if (!time) {
        throw new LogLineProblem(line.source, "time", m[1], SERVER_TIME_ALLOWED);
    }
    const userAndDatabase = m[4];
    const at = userAndDatabase.lastIndexOf("@");
    const entry: LogEntry = {
        time,
        pid: Number(m[5]),
        severity: m[6],
        message: m[7],
        source: line.source,
        raw: line.stored ?? line.text,
    };
    const user = known(at < 0 ? userAndDatabase : userAndDatabase.slice(0, at));
    const database = at < 0 ? undefined : known(userAndDatabase.slice(at + 1));
    if (user !== undefined) entry.user = user;
    if (database !== undefined) entry.database = database;
    if (m[2] !== undefined) {
        entry.remoteHost = m[2];
        entry.remotePort = Number(m[3]);
    }
    if (line.cut) entry.truncated = true;
    return entry;
}

/**
 * Entries from lines of RDS's stderr log. PostgreSQL writes each newline inside a message as newline + TAB
 * (elog.c, append_with_tabs), so a line starting with a TAB continues the entry before it, minus exactly that TAB.
 * DETAIL, CONTEXT, STATEMENT and HINT arrive as entries of their own, with the same prefix and pid.
 */
export function parseStderrLines(lines: SourcedLine[], options: LogReadOptions = {}): LogEntry[] {
    // Entries in order, with null where a refused line broke the sequence.
    const sequence: Array<LogEntry | null> = [];
    let current: LogEntry | undefined;
    for (const line of lines) {
        if (line.text.startsWith("\t")) {
            if (!current) {
                reportProblem(options, new LogLineProblem(line.source, "continuation", line.text, "a continuation line only after a prefixed line (the file or stream starts mid-entry)"));
                continue;
            }
            current.message += "\n" + line.text.slice(1);
            current.raw += "\n" + (line.stored ?? line.text);
            if (line.cut) current.truncated = true;
            continue;
        }
        let started: LogEntry | undefined;
        try {
            started = startEntry(line);
            if (!started) {
                throw new LogLineProblem(line.source, "line", line.text, LINE_ALLOWED);
            }
        } catch (e) {
            if (!(e instanceof LogLineProblem)) throw e;
            reportProblem(options, e);
            // A line that isn't ours ends the entry: a continuation after it can't be tied to the earlier entry.
            current = undefined;
            sequence.push(null);
            continue;
        }
        current = started;
        sequence.push(current);
    }
    attachFollowingLines(sequence);
    return sequence.filter((e): e is LogEntry => e !== null);
}

/**
 * Copies each DETAIL, CONTEXT and STATEMENT entry onto the message it belongs to, so stderr entries read like jsonlog's
 * (they stay entries of their own too). PostgreSQL writes a message and those lines in one write (elog.c,
 * send_message_to_server_log), so they follow it directly, with the same pid.
 */
function attachFollowingLines(sequence: Array<LogEntry | null>): void {
    let head: LogEntry | undefined;
    for (const entry of sequence) {
        if (entry === null) {
            head = undefined;
        } else if (!ATTACHED_FIELDS.has(entry.severity)) {
            head = entry;
        } else if (head && head.pid === entry.pid) {
            const field = ATTACHED_FIELDS.get(entry.severity);
            if (field) head[field] ??= entry.message;
        } else {
            head = undefined;
        }
    }
}

/** The lines that belong to the message before them, and the LogEntry field jsonlog keeps each in (none for HINT, QUERY, LOCATION). */
const ATTACHED_FIELDS = new Map<string, "detail" | "context" | "statement" | undefined>([
    ["DETAIL", "detail"],
    ["HINT", undefined],
    ["QUERY", undefined],
    ["CONTEXT", "context"],
    ["LOCATION", undefined],
    ["STATEMENT", "statement"],
]);

/** Entries of a stderr log file's text. */
export function parseStderrText(text: string, file: string, options: LogReadOptions = {}): LogEntry[] {
    return parseStderrLines(fileLines(text, file), options);
}

/** True when a line carries RDS's prefix (used to recognise the format). */
export function isRdsStderrLine(line: string): boolean {
    return RDS_LINE.test(line);
}
