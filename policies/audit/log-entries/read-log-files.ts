import * as fs from "fs";
import * as zlib from "zlib";
import { LogEntry } from "../../../components/audit-trail/events";
import { detectLogFormat } from "./detect-log-format";
import { LogReadOptions } from "./log-line-problem";
import { parseLogText } from "./parse-log-text";

/** gzip's magic bytes (RFC 1952): content decides, not the name, since Firehose objects often have no `.gz`. */
function isGzip(bytes: Buffer): boolean {
    return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A log file's text; gzip'd files are inflated, all members (Firehose concatenates CloudWatch's gzip'd payloads). */
export function readLogText(file: string): string {
    const bytes = fs.readFileSync(file);
    return (isGzip(bytes) ? zlib.gunzipSync(bytes) : bytes).toString("utf8");
}

/** Every entry of the files, each in its own format (detected), files in the order given, entries in stored order. */
export function readLogFiles(files: string[], options: LogReadOptions = {}): LogEntry[] {
    const entries: LogEntry[] = [];
    for (const file of files) {
        const text = readLogText(file);
        for (const entry of parseLogText(text, detectLogFormat(text, file), file, options)) {
            entries.push(entry);
        }
    }
    return entries;
}
