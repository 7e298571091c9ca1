import * as crypto from "crypto";
import type { LogEntry } from "../../components/audit-trail/events";

/**
 * The local audit archive's record format, written once for the writer (infra/local-twin/audit-archive) and the
 * verifier (archive-chain): one JSON object per line, `{seq, prev, entry, hash}`, where hash is the SHA-256 of the
 * canonical serialization of `{seq, prev, entry}`, so changing any field, or the link to the record before, changes it.
 */

/** The chain file inside an archive directory. */
export const CHAIN_FILE = "chain.jsonl";
/** The shipper's position in the server's log (a cache: the chain's last record says the same, see `resumePosition`). */
export const STATE_FILE = "shipper-state.json";
/** The `prev` of record 1. */
export const GENESIS_HASH = "0".repeat(64);

/** Where an archived entry was read: the log file's name (in the server's log directory) and its bytes there. */
export interface ArchivedSource {
    file: string;
    /** Byte offset of the entry's first byte in the file. */
    offset: number;
    /** Byte length of the entry's stored text, without its newline. */
    length: number;
}

/** One server log entry as archived: its parsed fields, and its exact stored text (`raw`) so nothing a parser drops is lost. */
export type ArchivedEntry = Omit<LogEntry, "source"> & { source: ArchivedSource };

export interface ArchiveRecord {
    /** 1, 2, 3, … with no gap. */
    seq: number;
    /** The hash of record seq - 1 (GENESIS_HASH for seq 1). */
    prev: string;
    entry: ArchivedEntry;
    hash: string;
}

/**
 * JSON with object keys sorted at every level and no whitespace; undefined members are left out (as JSON.stringify
 * does), so a record hashes the same however its object was built.
 */
export function canonicalJson(value: unknown): string {
    if (value === null || typeof value !== "object") {
        return JSON.stringify(value);
    }
    if (Array.isArray(value)) {
        return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
    }
    const members = Object.keys(value as Record<string, unknown>)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${members.join(",")}}`;
}

/** The writer's entries' canonical text, made once in nextRecord and written by recordLine (never used to verify). */
const canonicalEntries = new WeakMap<object, string>();

function hashOf(entryText: string, prev: string, seq: number): string {
    // canonicalJson's bytes for {seq, prev, entry}: keys sorted (entry, prev, seq), no whitespace.
    return crypto.createHash("sha256").update(`{"entry":${entryText},"prev":${JSON.stringify(prev)},"seq":${JSON.stringify(seq)}}`).digest("hex");
}

/** SHA-256 (hex) over the canonical serialization of seq, prev and entry, computed afresh (the verifier's path). */
export function recordHash(record: Pick<ArchiveRecord, "seq" | "prev" | "entry">): string {
    return hashOf(canonicalJson(record.entry), record.prev, record.seq);
}

/** The next record of a chain whose last record is `last` (undefined: the chain is empty). */
export function nextRecord(last: Pick<ArchiveRecord, "seq" | "hash"> | undefined, entry: ArchivedEntry): ArchiveRecord {
    const seq = (last?.seq ?? 0) + 1;
    const prev = last?.hash ?? GENESIS_HASH;
    const entryText = canonicalJson(entry);
    canonicalEntries.set(entry, entryText);
    return { seq, prev, entry, hash: hashOf(entryText, prev, seq) };
}

/** The record as one chain-file line (without the newline): canonical, so the file's bytes are reproducible. */
export function recordLine(record: ArchiveRecord): string {
    return `{"entry":${canonicalEntries.get(record.entry) ?? canonicalJson(record.entry)},"hash":${JSON.stringify(record.hash)},"prev":${JSON.stringify(record.prev)},"seq":${JSON.stringify(record.seq)}}`;
}
