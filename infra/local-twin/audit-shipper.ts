import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { LogEntry } from "../../components/audit-trail/events";
import { parseLogText } from "../../policies/audit/log-entries";
import type { ArchivedEntry } from "../../policies/audit/archive-record";
import { ArchiveWriter, AuditLayout, LogPosition, readShipperState, writeShipperState } from "./audit-archive";
import { AUDIT_OS_USER } from "./audit-os-user";
import { LocalTwinError } from "./local-twin-error";
import { runningAsRoot } from "./os-user";

/**
 * Ships the server's jsonlog entries into the archive: every entry (pgaudit records, context records, connection and
 * authentication lines, errors), in file order, from where the last run stopped. A last line the server has not
 * finished writing waits for the next run. Runs as hpg-audit: root starts it and it drops to that user before it opens
 * a log file or the archive.
 *
 * Two ways to run it: `local up` starts it in the background (`--follow`: a pass every second, and a last pass when
 * `local down` stops it after the server); `shipAuditLog` runs one pass (tests, benchmarks). The window in which an entry can still be
 * changed by the postgres OS user is from the server writing it to the next pass: about a second while the shipper
 * runs; while it doesn't (killed, or the twin used without `local up`), until the next pass.
 *
 * Only the jsonlog files (`*.json`) are shipped: every message the server logs goes there (elog.c, write_jsonlog).
 * The logging collector's `*.log` beside them holds only what child processes write to stderr themselves (a
 * COPY TO PROGRAM's own errors, the "ending log output to stderr" notice), which has no session or line number.
 */

/** What one pass shipped. */
export interface ShipResult {
    shipped: number;
    lastSeq: number;
    lastHash?: string;
    /** Where the next pass goes on. */
    position?: LogPosition;
}

/** The server's jsonlog files in `logDir`, oldest first (log_filename is timestamped, so names sort by time). */
export function jsonLogFiles(logDir: string): string[] {
    return fs
        .readdirSync(logDir)
        .filter((f) => f.endsWith(".json"))
        .sort();
}

/** The later of two positions (file names sort by time; within a file, the larger offset). */
function later(a: LogPosition | undefined, b: LogPosition | undefined): LogPosition | undefined {
    if (!a || !b) {
        return a ?? b;
    }
    return a.file !== b.file ? (a.file > b.file ? a : b) : a.offset >= b.offset ? a : b;
}

/** Byte offset of the start of each line of `bytes` (line 1 at index 0). */
function lineStarts(bytes: Buffer): number[] {
    const starts = [0];
    for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) {
        starts.push(i + 1);
    }
    return starts;
}

/** The complete lines of `file` from `offset` on (up to and including the last newline). */
function completeLinesFrom(file: string, offset: number): Buffer {
    const fd = fs.openSync(file, "r");
    try {
        const size = fs.fstatSync(fd).size;
        if (size <= offset) {
            return Buffer.alloc(0);
        }
        const bytes = Buffer.alloc(size - offset);
        let read = 0;
        while (read < bytes.length) {
            const n = fs.readSync(fd, bytes, read, bytes.length - read, offset + read);
            if (n === 0) {
                break;
            }
            read += n;
        }
        const lastNewline = bytes.subarray(0, read).lastIndexOf(0x0a);
        return bytes.subarray(0, lastNewline + 1);
    } finally {
        fs.closeSync(fd);
    }
}

/** An entry as archived: its bytes in the log file instead of its line. */
function archivedEntry(entry: LogEntry, file: string, chunkOffset: number, starts: number[]): ArchivedEntry {
    const { source, ...rest } = entry;
    return { ...rest, source: { file, offset: chunkOffset + starts[source.line - 1], length: Buffer.byteLength(entry.raw, "utf8") } };
}

/** One pass: ships what the server wrote since the last pass, file by file, fsync'ing each file's batch before moving on. */
export function shipOnce(logDir: string, archiveDir: string): ShipResult {
    const writer = ArchiveWriter.open(archiveDir);
    try {
        const state = readShipperState(archiveDir);
        let position = later(writer.chainPosition, state ? { file: state.file, offset: state.offset } : undefined);
        let shipped = 0;
        for (const file of jsonLogFiles(logDir)) {
            if (position && file < position.file) {
                continue;
            }
            const offset = position && file === position.file ? position.offset : 0;
            const bytes = completeLinesFrom(path.join(logDir, file), offset);
            if (bytes.length === 0) {
                position = { file, offset };
                continue;
            }
            const starts = lineStarts(bytes);
            // A line that is no jsonlog entry can't be chained as one; it is named in the shipper's log, never dropped in silence.
            const onProblem = (p: Error) => process.stderr.write(`audit shipping skipped a line that is not a log entry: ${p.message}\n`);
            const entries = parseLogText(bytes.toString("utf8"), "jsonlog", file, { onProblem }).map((e) => archivedEntry(e, file, offset, starts));
            shipped += writer.append(entries).length;
            position = { file, offset: offset + bytes.length };
            writeShipperState(archiveDir, { ...position, seq: writer.lastSeq, hash: writer.lastHash ?? "" });
        }
        return { shipped, lastSeq: writer.lastSeq, ...(writer.lastHash ? { lastHash: writer.lastHash } : {}), ...(position ? { position } : {}) };
    } finally {
        writer.close();
    }
}

/** The pid file of a background shipper, in the archive (written by the shipper itself, as hpg-audit). */
export const SHIPPER_PID_FILE = "shipper.pid";

/** Becomes hpg-audit (groups first, uid last: once the uid is dropped nothing else can be changed). No-op when not root. */
function dropToAuditUser(): void {
    if (!runningAsRoot()) {
        return;
    }
    const entry = fs
        .readFileSync("/etc/passwd", "utf8")
        .split("\n")
        .map((l) => l.split(":"))
        .find((f) => f[0] === AUDIT_OS_USER);
    if (!entry) {
        throw new Error(`there is no OS user '${AUDIT_OS_USER}' to ship the audit log as (local up creates it)`);
    }
    process.setgroups!([Number(entry[3])]);
    process.setgid!(Number(entry[3]));
    process.setuid!(Number(entry[2]));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `audit-shipper <log dir> <archive dir> [--follow] [--interval-ms <n>]`: the shipper process's entry point. */
async function shipperMain(argv: string[]): Promise<number> {
    const [logDir, archiveDir] = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--interval-ms");
    if (!logDir || !archiveDir) {
        process.stderr.write("usage: audit-shipper <log dir> <archive dir> [--follow] [--interval-ms <n>]\n");
        return 2;
    }
    dropToAuditUser();
    if (!argv.includes("--follow")) {
        process.stdout.write(JSON.stringify(shipOnce(logDir, archiveDir)) + "\n");
        return 0;
    }
    const interval = Number(argv[argv.indexOf("--interval-ms") + 1] ?? 1000) || 1000;
    let stopping = false;
    process.on("SIGTERM", () => (stopping = true));
    process.on("SIGINT", () => (stopping = true));
    const pidFile = path.join(archiveDir, SHIPPER_PID_FILE);
    // A first pass before the pid file: once `local up` returns, the chain exists and holds the log so far.
    shipOnce(logDir, archiveDir);
    fs.writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o640 });
    try {
        for (;;) {
            // The pass after the stop signal ships what the server wrote last (local down stops the server first).
            const last = stopping;
            try {
                const r = shipOnce(logDir, archiveDir);
                if (r.shipped > 0) {
                    process.stdout.write(`${new Date().toISOString()} shipped ${r.shipped} entries, last seq ${r.lastSeq}\n`);
                }
            } catch (e) {
                process.stderr.write(`${new Date().toISOString()} audit shipping failed (retried next pass): ${(e as Error).message}\n`);
            }
            if (last) {
                return 0;
            }
            if (!fs.existsSync(archiveDir)) {
                process.stderr.write(`${new Date().toISOString()} the archive ${archiveDir} is gone; the shipper stops\n`);
                return 1;
            }
            for (let waited = 0; waited < interval && !stopping; waited += 50) {
                await sleep(50);
            }
        }
    } finally {
        fs.rmSync(pidFile, { force: true });
    }
}

/**
 * How to run this file as a program: compiled, with node; from source (tests, ts-node), through ts-node with the
 * project's tsconfig (ts-node looks for one from the working directory, which is `/` for the shipper).
 */
function shipperCommand(args: string[]): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
    if (!__filename.endsWith(".ts")) {
        return { file: process.execPath, args: [__filename, ...args], env: process.env };
    }
    const env = { ...process.env, TS_NODE_PROJECT: path.resolve(__dirname, "../../tsconfig.json") };
    return { file: process.execPath, args: ["-r", require.resolve("ts-node/register/transpile-only"), __filename, ...args], env };
}

/** Runs one shipping pass in a process of its own as hpg-audit, and returns what it shipped. */
export function shipAuditLog(layout: AuditLayout): Promise<ShipResult> {
    const command = shipperCommand([layout.logDir, layout.archiveDir]);
    return new Promise((resolve, reject) => {
        const child = spawn(command.file, command.args, { cwd: "/", env: command.env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("exit", (code) => {
            if (code === 0) {
                resolve(JSON.parse(stdout) as ShipResult);
            } else {
                reject(new Error(`audit shipping failed (exit ${code}): ${stderr.trim().split("\n").slice(-3).join(" ")}`));
            }
        });
    });
}

/** The pid of the background shipper of `layout`, when one runs (its pid file names a live process running this file). */
export function runningShipperPid(layout: AuditLayout): number | undefined {
    let pid: number;
    try {
        pid = Number(fs.readFileSync(path.join(layout.archiveDir, SHIPPER_PID_FILE), "utf8").trim());
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        // Only a process running this shipper for this archive: a stale pid file may name an unrelated, reused pid.
        return cmdline.includes(layout.archiveDir) && cmdline.some((a) => a.includes("audit-shipper")) ? pid : undefined;
    } catch {
        return undefined;
    }
}

/** Whether `pid` is a process that has not exited (a zombie has: it only waits for its parent to reap it). */
function alive(pid: number): boolean {
    try {
        // /proc/<pid>/stat: "pid (comm) state …"; comm may hold spaces and parentheses, the state follows the last ')'.
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
    } catch {
        return false;
    }
}

/** How long starting or stopping the background shipper may take. */
const SHIPPER_WAIT_MS = 30_000;

/**
 * Starts the background shipper of `layout` (no-op when one runs). It outlives this process; its messages go to
 * `layout.shipperLog`. Returns its pid once it has written its pid file (so it runs as hpg-audit and found its dirs).
 */
export async function startAuditShipper(layout: AuditLayout, intervalMs = 1000): Promise<{ pid: number; started: boolean }> {
    const running = runningShipperPid(layout);
    if (running !== undefined) {
        return { pid: running, started: false };
    }
    const log = fs.openSync(layout.shipperLog, "a", 0o640);
    const command = shipperCommand([layout.logDir, layout.archiveDir, "--follow", "--interval-ms", String(intervalMs)]);
    const child = spawn(command.file, command.args, { cwd: "/", env: command.env, detached: true, stdio: ["ignore", log, log] });
    fs.closeSync(log);
    let exited: number | null | undefined;
    child.on("exit", (code) => (exited = code));
    child.unref();
    const deadline = Date.now() + SHIPPER_WAIT_MS;
    while (runningShipperPid(layout) !== child.pid) {
        if (exited !== undefined || Date.now() > deadline) {
            const tail = fs.existsSync(layout.shipperLog) ? fs.readFileSync(layout.shipperLog, "utf8").trim().split("\n").slice(-3).join(" ") : "";
            throw new LocalTwinError(`the audit shipper did not start${exited !== undefined ? ` (exit ${exited})` : ""}: ${tail} (log: ${layout.shipperLog})`);
        }
        await sleep(50);
    }
    return { pid: child.pid!, started: true };
}

/** Stops the background shipper after its last pass (call it after stopping the server). Returns whether one ran. */
export async function stopAuditShipper(layout: AuditLayout): Promise<boolean> {
    const pid = runningShipperPid(layout);
    if (pid === undefined) {
        return false;
    }
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + SHIPPER_WAIT_MS;
    while (alive(pid)) {
        if (Date.now() > deadline) {
            throw new Error(`the audit shipper (pid ${pid}) did not stop within ${SHIPPER_WAIT_MS / 1000}s`);
        }
        await sleep(50);
    }
    return true;
}

if (require.main === module) {
    shipperMain(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e) => {
            process.stderr.write(`audit shipper: ${(e as Error).message}\n`);
            process.exit(1);
        },
    );
}
