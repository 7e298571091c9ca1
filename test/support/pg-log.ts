import * as fs from "fs";
import { ClusterHandle, serverLogFiles } from "../../infra/local-twin/cluster";

/** One line of PostgreSQL's jsonlog (the fields tests read). */
export interface JsonLogEntry {
    timestamp: string;
    user?: string;
    dbname?: string;
    pid?: number;
    error_severity: string;
    message: string;
    detail?: string;
    statement?: string;
}

/** Every entry of the cluster's JSON logs. */
export function readJsonLog(h: ClusterHandle): JsonLogEntry[] {
    return serverLogFiles(h).flatMap((f) =>
        fs
            .readFileSync(f, "utf8")
            .split("\n")
            .filter((l) => l.trim() !== "")
            .map((l) => JSON.parse(l) as JsonLogEntry),
    );
}

/** The raw text of the cluster's logs, to assert that something is absent. */
export function readRawLog(h: ClusterHandle): string {
    return serverLogFiles(h)
        .map((f) => fs.readFileSync(f, "utf8"))
        .join("");
}

/**
 * Waits until the logging collector has written entries matching `predicate` (it writes asynchronously).
 * Returns every matching entry; throws with the last log lines when none appears in time.
 */
export async function waitForLog(h: ClusterHandle, predicate: (e: JsonLogEntry) => boolean, timeoutMs = 10_000): Promise<JsonLogEntry[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const found = readJsonLog(h).filter(predicate);
        if (found.length > 0) {
            return found;
        }
        if (Date.now() > deadline) {
            const tail = readJsonLog(h)
                .slice(-10)
                .map((e) => `${e.user ?? "-"}: ${e.message}`)
                .join("\n");
            throw new Error(`no matching log entry within ${timeoutMs} ms; last entries:\n${tail}`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
}
