import { LogEntry } from "../../../components/audit-trail/events";
import { LogLineProblem, LogReadOptions, reportProblem } from "./log-line-problem";
import { parseStderrLines } from "./rds-stderr";
import { fileLines, SourcedLine } from "./sourced-lines";

/**
 * CloudWatch Logs' limit on one event (PutLogEvents: "Each log event can be no larger than 256 KB", counted as the
 * UTF-8 message plus 26 bytes). An event at the limit may have been cut by the sender.
 */
export const CLOUDWATCH_MAX_EVENT_BYTES = 262_144 - 26;

/** One CloudWatch event as the parser needs it: the stream it belongs to and its message (an RDS stderr entry or line). */
export interface CloudWatchEvent {
    logStream: string;
    message: string;
    /** The stored text of the event's lines when it differs from the message (an S3 export line keeps its timestamp). */
    storedLines?: string[];
    /** Where the event is: the file's line (S3 export) or the event's 1-based ordinal in the file (JSON forms). */
    line: number;
}

/** `aws logs filter-log-events` / `get-log-events` output. */
interface EventsOutput {
    events: Array<{ timestamp?: number; message?: unknown; logStreamName?: string }>;
}

/** A subscription filter's payload (what Firehose writes to S3, each payload gzip'd by CloudWatch Logs). */
interface SubscriptionPayload {
    messageType?: string;
    logGroup?: string;
    logStream?: string;
    logEvents?: Array<{ id?: string; timestamp?: number; message?: unknown }>;
}

/** An S3 export line: `<ISO 8601 time> <message>` (CloudWatch Logs "Exporting log data to Amazon S3"). */
const EXPORT_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z /;

/**
 * The JSON values in a text of concatenated JSON objects with no separator (Firehose concatenates the records it
 * delivers) or with whitespace between them. Strings are skipped whole so braces inside messages don't count.
 */
export function splitConcatenatedJson(text: string): Array<{ json: string; offset: number }> {
    const values: Array<{ json: string; offset: number }> = [];
    let depth = 0;
    let start = -1;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x22 /* " */) {
            for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) {
                if (text.charCodeAt(i) === 0x5c /* \ */) i++;
            }
        } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
            if (depth === 0) start = i;
            depth++;
        } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
            depth--;
            if (depth === 0) {
                values.push({ json: text.slice(start, i + 1), offset: start });
                start = -1;
            }
        }
    }
    if (depth !== 0 && start >= 0) {
        values.push({ json: text.slice(start), offset: start });
    }
    return values;
}

function lineAt(text: string, offset: number): number {
    let line = 1;
    for (let k = text.indexOf("\n"); k >= 0 && k < offset; k = text.indexOf("\n", k + 1)) line++;
    return line;
}

/** The events of a CloudWatch JSON text (subscription payloads, possibly concatenated, or CLI output), in file order. */
function jsonEvents(text: string, file: string, options: LogReadOptions): CloudWatchEvent[] {
    const events: CloudWatchEvent[] = [];
    let ordinal = 0;
    for (const { json, offset } of splitConcatenatedJson(text)) {
        const source = { file, line: lineAt(text, offset) };
        let value: unknown;
        try {
            value = JSON.parse(json);
        } catch {
            reportProblem(options, new LogLineProblem(source, "object", json, "a complete JSON object (a subscription payload or `aws logs` output); this one is cut or invalid"));
            continue;
        }
        const payload = value as SubscriptionPayload & EventsOutput;
        if (payload.messageType === "CONTROL_MESSAGE") {
            // CloudWatch Logs sends these to check the destination is reachable; they carry no log events.
            continue;
        }
        if (payload.messageType === "DATA_MESSAGE" && Array.isArray(payload.logEvents)) {
            for (const e of payload.logEvents) {
                ordinal++;
                if (typeof e.message !== "string") {
                    reportProblem(options, new LogLineProblem({ file, line: ordinal }, "logEvents[].message", JSON.stringify(e.message), "a string"));
                    continue;
                }
                events.push({ logStream: `${payload.logGroup ?? ""}/${payload.logStream ?? ""}`, message: e.message, line: ordinal });
            }
            continue;
        }
        if (Array.isArray(payload.events)) {
            for (const e of payload.events) {
                ordinal++;
                if (typeof e.message !== "string") {
                    reportProblem(options, new LogLineProblem({ file, line: ordinal }, "events[].message", JSON.stringify(e.message), "a string"));
                    continue;
                }
                events.push({ logStream: e.logStreamName ?? "", message: e.message, line: ordinal });
            }
            continue;
        }
        reportProblem(options, new LogLineProblem(source, "messageType", String(payload.messageType), "DATA_MESSAGE or CONTROL_MESSAGE (subscription payload), or an object with `events` (aws logs output)"));
    }
    return events;
}

/**
 * Events of an S3 export text. Each event starts with its ISO time; a line without one is the next line of the
 * event before it (a message that held newlines), kept with its stored text.
 */
function exportEvents(text: string, file: string, options: LogReadOptions): CloudWatchEvent[] {
    const events: CloudWatchEvent[] = [];
    for (const line of fileLines(text, file)) {
        const time = EXPORT_LINE.exec(line.text);
        if (time) {
            events.push({ logStream: file, message: line.text.slice(time[0].length), storedLines: [line.text], line: line.source.line });
            continue;
        }
        const previous = events[events.length - 1];
        if (!previous) {
            reportProblem(options, new LogLineProblem(line.source, "line", line.text, "'<ISO 8601 time> <message>' (a CloudWatch Logs export to S3)"));
            continue;
        }
        previous.message += "\n" + line.text;
        previous.storedLines!.push(line.text);
    }
    return events;
}

/**
 * Entries of a CloudWatch text: subscription payloads (one or many concatenated, as Firehose writes them), `aws logs`
 * JSON output, or an S3 export. Each event holds RDS stderr text. RDS sends one event per entry, its continuation
 * lines inside the message (exports show `<time> <prefix>…statement: SELECT a, b\n\tFROM …`, darold/pgbadger#521);
 * a sender that splits lines into events is read the same way: the lines of one stream are read in order, so a
 * continuation line (TAB) arriving as its own event joins the entry before it in the same stream. `source` is the file (with `#<group>/<stream>` for JSON forms) and the event's
 * line (export) or 1-based ordinal in the file (JSON forms).
 */
export function parseCloudWatchText(text: string, file: string, options: LogReadOptions = {}): LogEntry[] {
    const isJson = /^\s*[{[]/.test(text);
    const events = isJson ? jsonEvents(text, file, options) : exportEvents(text, file, options);
    const streams = new Map<string, SourcedLine[]>();
    for (const event of events) {
        const lines = streams.get(event.logStream) ?? [];
        streams.set(event.logStream, lines);
        const sourceFile = isJson ? `${file}#${event.logStream}` : file;
        const cut = Buffer.byteLength(event.message, "utf8") >= CLOUDWATCH_MAX_EVENT_BYTES;
        const messageLines = event.message.split("\n");
        messageLines.forEach((text, i) => {
            lines.push({
                text,
                source: { file: sourceFile, line: event.line + (isJson ? 0 : i) },
                stored: event.storedLines?.[i],
                cut: cut && i === messageLines.length - 1 ? true : undefined,
            });
        });
    }
    const entries: Array<{ entry: LogEntry; order: number }> = [];
    for (const lines of streams.values()) {
        for (const entry of parseStderrLines(lines, options)) {
            entries.push({ entry, order: entry.source.line });
        }
    }
    // Back to file order; the sort is stable, so entries from one event keep their order.
    return entries.sort((a, b) => a.order - b.order).map((e) => e.entry);
}
