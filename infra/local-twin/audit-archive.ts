import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { ArchivedEntry, ArchiveRecord, CHAIN_FILE, nextRecord, recordLine, STATE_FILE } from "../../policies/audit/archive-record";
import { AuditOsIds, ensureAuditOsUser } from "./audit-os-user";
import { runningAsRoot, serverOsIds } from "./os-user";

/**
 * The local twin's append-only, hash-chained audit archive (issue 13, "Locally"). Per cluster, as root:
 *
 *   /var/lib/hardened-postgres-audit/            root:root        0755
 *     <hash of the data directory>/              root:root        0755  (the audit directory; the same hash as the server directory's)
 *       log/                                     postgres:hpg-audit 2750  the server's jsonlog (log_directory); setgid, so
 *                                                                         each file gets group hpg-audit, and log_file_mode 0640
 *                                                                         lets the shipper read it and nobody else
 *       archive/                                 hpg-audit:hpg-audit 0750
 *         chain.jsonl, shipper-state.json, shipper.pid                0640
 *       shipper.log                              root:root        0640  the background shipper's own messages
 *
 * No path to the archive is owned or writable by postgres, so neither it nor any database role (COPY TO, COPY TO
 * PROGRAM and lo_export run as postgres) can change it. Without root there is no second OS user: everything is ours,
 * under `<data dir>/audit`, and `verify` says owner separation isn't available.
 */
export const DEFAULT_AUDIT_ROOT = "/var/lib/hardened-postgres-audit";

/** The audit directory's parts. */
export interface AuditLayout {
    auditDir: string;
    /** The server's log_directory. */
    logDir: string;
    /** The archive the shipper appends to (what `verify --audit-archive` reads). */
    archiveDir: string;
    /** The background shipper's stdout and stderr. */
    shipperLog: string;
}

export function auditLayout(auditDir: string): AuditLayout {
    const root = path.resolve(auditDir);
    return { auditDir: root, logDir: path.join(root, "log"), archiveDir: path.join(root, "archive"), shipperLog: path.join(root, "shipper.log") };
}

/**
 * The audit directory of the cluster whose data directory is `dataDir`: under `auditRoot`, named with the same hash as
 * its server directory (server-dir.ts), when we are root; else `<dataDir>/audit`.
 */
export function defaultAuditDir(dataDir: string, auditRoot: string = DEFAULT_AUDIT_ROOT): string {
    if (!runningAsRoot()) {
        return path.join(path.resolve(dataDir), "audit");
    }
    const hash = crypto.createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
    return path.join(path.resolve(auditRoot), hash);
}

/** The server settings that send its log to the audit layout's log directory, readable by the shipper's group only. */
export function auditLogSettings(layout: AuditLayout): Record<string, string> {
    return { log_directory: layout.logDir, log_file_mode: runningAsRoot() ? "0640" : "0600" };
}

function chownChmod(p: string, uid: number, gid: number, mode: number): void {
    if (runningAsRoot()) {
        fs.chownSync(p, uid, gid);
    }
    fs.chmodSync(p, mode);
}

/**
 * Creates (or puts back) the audit directory, the server's log directory and the archive with the owners and modes
 * above; idempotent. Creates the hpg-audit OS user when root. Returns who owns the archive.
 */
export function prepareAuditDirs(layout: AuditLayout): AuditOsIds & { separated: boolean } {
    const audit = ensureAuditOsUser();
    const server = serverOsIds();
    const rootOwned = runningAsRoot();
    fs.mkdirSync(layout.auditDir, { recursive: true, mode: 0o755 });
    // Parents made by mkdir -p are 0755 root (when root): traversable by postgres and hpg-audit, writable by neither.
    chownChmod(layout.auditDir, rootOwned ? 0 : audit.uid, rootOwned ? 0 : audit.gid, 0o755);
    fs.mkdirSync(layout.logDir, { recursive: true });
    // setgid: files the server creates here get group hpg-audit (mkdir(2), "BSD group semantics"), so 0640 lets the shipper read them.
    chownChmod(layout.logDir, server.uid, audit.gid, rootOwned ? 0o2750 : 0o700);
    fs.mkdirSync(layout.archiveDir, { recursive: true });
    chownChmod(layout.archiveDir, audit.uid, audit.gid, 0o750);
    for (const name of fs.readdirSync(layout.archiveDir)) {
        chownChmod(path.join(layout.archiveDir, name), audit.uid, audit.gid, 0o640);
    }
    return audit;
}

/** Where the shipper goes on in the server's log: a file of the log directory and the byte offset after the last shipped line. */
export interface LogPosition {
    file: string;
    offset: number;
}

/** What the shipper remembers between runs (written after each append; the chain's last record is the ground truth). */
export interface ShipperState extends LogPosition {
    seq: number;
    hash: string;
}

/** Index of the last newline in `buf` before index `before` (exclusive), or -1. */
function newlineBefore(buf: Buffer, before: number): number {
    return before <= 0 ? -1 : buf.lastIndexOf(0x0a, before - 1);
}

/**
 * The chain's last complete record, reading backwards from the end (the file may be large), and the size of the file up
 * to the end of that record's line (smaller than `size` when a crash cut an append short).
 */
function lastRecordOf(fd: number, size: number): { record?: ArchiveRecord; completeSize: number } {
    let tail = Buffer.alloc(0);
    let pos = size;
    for (;;) {
        const lastNewline = newlineBefore(tail, tail.length);
        const lineStart = lastNewline === -1 ? -1 : newlineBefore(tail, lastNewline);
        if (pos === 0 || lineStart !== -1) {
            if (lastNewline === -1) {
                return { completeSize: 0 };
            }
            const record = JSON.parse(tail.subarray(lineStart + 1, lastNewline).toString("utf8")) as ArchiveRecord;
            return { record, completeSize: pos + lastNewline + 1 };
        }
        const step = Math.min(pos, 64 * 1024);
        const chunk = Buffer.alloc(step);
        fs.readSync(fd, chunk, 0, step, pos - step);
        pos -= step;
        tail = Buffer.concat([chunk, tail]);
    }
}

/** An open archive: appends records after its last one, each batch written whole and fsync'd before it returns. */
export class ArchiveWriter {
    private last: Pick<ArchiveRecord, "seq" | "hash"> | undefined;

    private constructor(
        readonly archiveDir: string,
        private readonly fd: number,
        last: ArchiveRecord | undefined,
        /** The source position right after the last archived entry, from the chain itself. */
        readonly chainPosition: LogPosition | undefined,
    ) {
        this.last = last ? { seq: last.seq, hash: last.hash } : undefined;
    }

    /** Opens (creating it 0640 if absent) the chain in `archiveDir`. A partial last line left by a crash is cut off first, and said on stderr. */
    static open(archiveDir: string): ArchiveWriter {
        const file = path.join(archiveDir, CHAIN_FILE);
        const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_APPEND, 0o640);
        const size = fs.fstatSync(fd).size;
        const { record, completeSize } = lastRecordOf(fd, size);
        if (completeSize !== size) {
            process.stderr.write(`audit archive: ${file} ended in a partial record (${size - completeSize} bytes after record ${record?.seq ?? 0}), left by an interrupted append; cut it off\n`);
            fs.ftruncateSync(fd, completeSize);
            fs.fsyncSync(fd);
        }
        const position = record ? { file: record.entry.source.file, offset: record.entry.source.offset + record.entry.source.length + 1 } : undefined;
        return new ArchiveWriter(path.resolve(archiveDir), fd, record, position);
    }

    get lastSeq(): number {
        return this.last?.seq ?? 0;
    }

    get lastHash(): string | undefined {
        return this.last?.hash;
    }

    /** Chains `entries` after the last record, writes them in one write(2) and fsyncs. Returns the records written. */
    append(entries: ArchivedEntry[]): ArchiveRecord[] {
        const records: ArchiveRecord[] = [];
        for (const entry of entries) {
            const record = nextRecord(this.last, entry);
            records.push(record);
            this.last = record;
        }
        if (records.length > 0) {
            const bytes = Buffer.from(records.map((r) => recordLine(r) + "\n").join(""), "utf8");
            let written = 0;
            while (written < bytes.length) {
                written += fs.writeSync(this.fd, bytes, written, bytes.length - written);
            }
            fs.fsyncSync(this.fd);
        }
        return records;
    }

    close(): void {
        fs.closeSync(this.fd);
    }
}

/** The state file, or undefined when there is none (or it is unreadable: the chain then says where to go on). */
export function readShipperState(archiveDir: string): ShipperState | undefined {
    try {
        const s = JSON.parse(fs.readFileSync(path.join(archiveDir, STATE_FILE), "utf8")) as ShipperState;
        return typeof s.file === "string" && Number.isInteger(s.offset) ? s : undefined;
    } catch {
        return undefined;
    }
}

/** Writes the state file atomically (a temporary file renamed over it) and durably (fsync of the file and the directory). */
export function writeShipperState(archiveDir: string, state: ShipperState): void {
    const file = path.join(archiveDir, STATE_FILE);
    const temporary = `${file}.tmp`;
    const fd = fs.openSync(temporary, "w", 0o640);
    try {
        fs.writeSync(fd, JSON.stringify(state) + "\n");
        fs.fsyncSync(fd);
    } finally {
        fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
    const dirFd = fs.openSync(archiveDir, "r");
    try {
        fs.fsyncSync(dirFd);
    } finally {
        fs.closeSync(dirFd);
    }
}
