import * as fs from "fs";
import { INSTALL_PGAUDIT } from "./pg-binaries";

/** One message the server logged: from pg_ctl's startup log (plain text) or the logging collector's JSON log. */
export interface ServerLogEntry {
    severity: string;
    message: string;
    hint?: string;
}

/** How big each log file was before a start attempt, so only what that attempt wrote is read. */
export type LogMark = Map<string, number>;

export function markLogs(files: string[]): LogMark {
    return new Map(files.map((f) => [f, fs.existsSync(f) ? fs.statSync(f).size : 0]));
}

/** What `files` gained since `mark` (files missing from the mark are read whole), as log entries. */
export function entriesSince(files: string[], mark: LogMark): ServerLogEntry[] {
    return files
        .filter((f) => fs.existsSync(f))
        .flatMap((f) => {
            const text = fs.readFileSync(f).subarray(mark.get(f) ?? 0).toString("utf8");
            return f.endsWith(".json") ? jsonEntries(text) : textEntries(text);
        });
}

function jsonEntries(text: string): ServerLogEntry[] {
    return text
        .split("\n")
        .filter((l) => l.trim().startsWith("{"))
        .flatMap((l) => {
            try {
                const e = JSON.parse(l) as { error_severity?: string; message?: string; hint?: string };
                return e.message === undefined ? [] : [{ severity: e.error_severity ?? "LOG", message: e.message, ...(e.hint ? { hint: e.hint } : {}) }];
            } catch {
                return [];
            }
        });
}

/** `2026-01-01 00:00:00.000 UTC [123] FATAL:  message` lines; a following `HINT:` line is attached to its entry. */
function textEntries(text: string): ServerLogEntry[] {
    const entries: ServerLogEntry[] = [];
    for (const line of text.split("\n")) {
        const m = /\b(DEBUG\d?|LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC|HINT|DETAIL):\s+(.*)$/.exec(line);
        if (!m) {
            continue;
        }
        if (m[1] === "HINT" && entries.length > 0) {
            entries[entries.length - 1].hint = m[2];
        } else if (m[1] !== "DETAIL") {
            entries.push({ severity: m[1], message: m[2] });
        }
    }
    return entries;
}

/** Why a start failed, as one log message, and what to do about it. */
export interface StartFailureReason {
    /** The one server log message that explains the failure. */
    logLine: string;
    fix: string;
}

/** Known causes, most specific first: the server logs several lines per failure and only one of them says why. */
const KNOWN_CAUSES: Array<{ pattern: RegExp; fix: (port: number) => string }> = [
    {
        pattern: /could not bind .*Address already in use/,
        fix: (port) => `another program listens on 127.0.0.1:${port}; choose a free port with --port (or HPG_LOCAL_PORT), or stop that program`,
    },
    { pattern: /lock file .* already exists/, fix: () => "another server runs on this data directory; stop it (hardened-postgres local down) and retry" },
    { pattern: /could not (load library|access file) .*pgaudit/, fix: () => `install pgaudit for PostgreSQL 15: ${INSTALL_PGAUDIT}` },
    { pattern: /(private key file|server certificate|certificate file)/i, fix: () => "run hardened-postgres local up again: it rewrites the server's TLS files" },
    { pattern: /(shared memory|could not map anonymous|out of memory)/i, fix: () => "free some memory, or lower shared_buffers, and retry" },
    { pattern: /No space left on device/, fix: () => "free space on the file system that holds the server directory" },
    { pattern: /(configuration file .* contains errors|invalid value for parameter|unrecognized configuration parameter)/, fix: () => "correct the setting named in the message" },
];

/**
 * The message that explains a failed start among what the attempt logged: a known cause, else the first FATAL or PANIC,
 * else the first ERROR. Undefined when the server logged nothing useful.
 */
export function startFailureReason(entries: ServerLogEntry[], port: number): StartFailureReason | undefined {
    for (const cause of KNOWN_CAUSES) {
        const hit = entries.find((e) => cause.pattern.test(e.message));
        if (hit) {
            return { logLine: hit.message, fix: cause.fix(port) };
        }
    }
    const fatal = entries.find((e) => e.severity === "FATAL" || e.severity === "PANIC") ?? entries.find((e) => e.severity === "ERROR");
    return fatal ? { logLine: fatal.message, fix: fatal.hint ?? "see the server log for the lines around it" } : undefined;
}
