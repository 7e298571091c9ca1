import * as fs from "fs";
import * as path from "path";
import type { ArchiveProblem, ArchiveProof } from "../../components/audit-trail/archive-proof";
import { archiveAccess } from "./archive-access";
import { ArchiveRecord, canonicalJson, CHAIN_FILE, GENESIS_HASH, recordHash } from "./archive-record";
import { parseLogText } from "./log-entries";
import { readPgauditRecord } from "./pgaudit-record";

export type { ArchiveProblem, ArchiveProof } from "../../components/audit-trail/archive-proof";

/** Bad input to the verifier (an anchor that is not a SHA-256, a directory without a chain): the CLI exits 2 with it. */
export class ArchiveInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ArchiveInputError";
    }
}

export interface VerifyArchiveOptions {
    /** The last hash recorded elsewhere earlier: the only way to see records cut off at a line boundary after the last one. */
    expectAnchor?: string;
    /** The OS user the server runs as. Default: `postgres` when we are root, else ourselves (see archive-access). */
    serverUser?: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** What the chain proves and what it doesn't (printed with every proof). */
export const ARCHIVE_LIMITS: readonly string[] = [
    "Each record's hash covers its content and the previous record's hash, so changing, deleting, inserting or reordering a record breaks the chain at that record.",
    "Session line numbers and pgaudit statement ids prove that no entry the server wrote between two archived entries of a session is missing.",
    "Root can rewrite the whole chain consistently; only the last hash (the anchor), recorded outside this machine, shows that. Records cut off after the last one at a line boundary are also seen only by comparing with a recorded anchor.",
    "An entry is protected from the moment it is archived; before that, the postgres OS user can still change the server's log file (the shipper's window).",
];

/** The pgaudit statement id of a record's message, or undefined when it holds no readable pgaudit record (0: cut before it). */
function auditStatementId(message: unknown): number | undefined {
    const id = typeof message === "string" ? readPgauditRecord(message).record?.statementId : undefined;
    return id === 0 ? undefined : id;
}

/** Seconds since the epoch a jsonlog session id (`%c`: hex start time `.` hex pid) says the session started. */
function sessionStartSeconds(sessionId: string): number | undefined {
    const m = /^([0-9a-f]+)\.[0-9a-f]+$/.exec(sessionId);
    return m ? parseInt(m[1], 16) : undefined;
}

/**
 * The parsed fields of an archived entry that differ from what its stored server line (`raw`) says, read again with
 * the one parser: names the field an editor changed, unless they changed `raw` too (then only the hash shows it).
 */
function fieldsUnlikeRaw(record: ArchiveRecord): Array<{ field: string; expected: string; found: string }> {
    let reread;
    try {
        [reread] = parseLogText(record.entry.raw, "jsonlog", record.entry.source.file);
    } catch {
        return [];
    }
    if (!reread) {
        return [];
    }
    const stored = record.entry as unknown as Record<string, unknown>;
    const fromRaw = reread as unknown as Record<string, unknown>;
    return Object.keys({ ...fromRaw, ...stored })
        .filter((k) => k !== "source" && k !== "raw" && canonicalJson(stored[k]) !== canonicalJson(fromRaw[k]))
        .map((k) => ({ field: `entry.${k}`, expected: String(fromRaw[k] ?? "(absent)"), found: String(stored[k] ?? "(absent)") }));
}

/**
 * The chain file's lines, read a chunk at a time (an archive may be larger than one string may be); `cut` marks a last
 * line without its newline, which no complete append leaves.
 */
function* chainFileLines(file: string): Generator<{ text: string; line: number; cut: boolean }> {
    const fd = fs.openSync(file, "r");
    try {
        const chunk = Buffer.alloc(1 << 20);
        let pending = Buffer.alloc(0);
        let line = 0;
        for (let n = fs.readSync(fd, chunk, 0, chunk.length, null); n > 0; n = fs.readSync(fd, chunk, 0, chunk.length, null)) {
            const data = pending.length > 0 ? Buffer.concat([pending, chunk.subarray(0, n)]) : chunk.subarray(0, n);
            let start = 0;
            for (let nl = data.indexOf(0x0a); nl !== -1; nl = data.indexOf(0x0a, start)) {
                yield { text: data.subarray(start, nl).toString("utf8"), line: ++line, cut: false };
                start = nl + 1;
            }
            // Copied: `chunk` is overwritten by the next read.
            pending = Buffer.from(data.subarray(start));
        }
        if (pending.length > 0) {
            yield { text: pending.toString("utf8"), line: ++line, cut: true };
        }
    } finally {
        fs.closeSync(fd);
    }
}

function isRecordShape(v: unknown): v is ArchiveRecord {
    const r = v as ArchiveRecord;
    return (
        typeof r === "object" &&
        r !== null &&
        Number.isInteger(r.seq) &&
        typeof r.prev === "string" &&
        typeof r.hash === "string" &&
        typeof r.entry === "object" &&
        r.entry !== null &&
        typeof r.entry.time === "string"
    );
}

/**
 * Verifies the archive in `dir`: every record's hash, the link to the record before (prev), seq continuous from 1,
 * per server session the log line numbers without a gap and pgaudit statement ids never going backwards; the anchor,
 * when one is expected; and who can write the archive. Each problem names the seq, the field and what was expected.
 * Reads only; throws ArchiveInputError for a bad anchor or a directory that is not an archive.
 */
export function verifyArchive(dir: string, options: VerifyArchiveOptions = {}): ArchiveProof {
    if (options.expectAnchor !== undefined && !SHA256_HEX.test(options.expectAnchor)) {
        throw new ArchiveInputError(`[expectAnchor] must be a SHA-256 in lower-case hex (64 characters, as verify prints the last hash), got '${options.expectAnchor}'`);
    }
    const root = path.resolve(dir);
    const chainFile = path.join(root, CHAIN_FILE);
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
        throw new ArchiveInputError(`[archive] ${root} is not a directory; allowed: an audit archive directory (it holds ${CHAIN_FILE})`);
    }
    if (!fs.existsSync(chainFile)) {
        throw new ArchiveInputError(`[archive] ${root} has no ${CHAIN_FILE}, so it is not an audit archive (or nothing was shipped to it yet: hardened-postgres local up starts the shipper)`);
    }
    const problems: ArchiveProblem[] = [];
    let previous: { seq: number; hash: string; line: number } | undefined;
    let records = 0;
    let firstSeq: number | undefined;
    let firstTime: string | undefined;
    let lastTime: string | undefined;
    let anchorSeq: number | undefined = options.expectAnchor === GENESIS_HASH ? 0 : undefined;
    const sessionLines = new Map<string, number>();
    const statementIds = new Map<string, { id: number; seq: number }>();
    let firstEntrySeconds: number | undefined;
    for (const { text, line, cut } of chainFileLines(chainFile)) {
        let record: unknown;
        try {
            record = JSON.parse(text);
        } catch {
            record = undefined;
        }
        if (!isRecordShape(record)) {
            problems.push({
                kind: "malformed",
                ...(previous ? { seq: previous.seq + 1 } : {}),
                line,
                field: "record",
                expected: "one JSON record {seq, prev, entry, hash} per line",
                found: text.length > 80 ? `${text.slice(0, 80)}…` : text,
                message: cut
                    ? `line ${line} is not a whole record and the file ends there without a newline: the chain file was cut in the middle of record ${previous ? previous.seq + 1 : 1}`
                    : `line ${line} is not an archive record (after record ${previous?.seq ?? "none"})`,
            });
            continue;
        }
        records++;
        firstSeq ??= record.seq;
        const expectedSeq = previous ? previous.seq + 1 : 1;
        if (record.seq !== expectedSeq) {
            const what =
                record.seq > expectedSeq
                    ? `record${record.seq - expectedSeq > 1 ? `s ${expectedSeq}–${record.seq - 1} are` : ` ${expectedSeq} is`} missing (deleted)`
                    : `it comes after record ${previous?.seq}, so records were reordered, duplicated or inserted`;
            problems.push({ kind: "seq", seq: record.seq, line, field: "seq", expected: String(expectedSeq), found: String(record.seq), message: `line ${line} holds record ${record.seq} where record ${expectedSeq} was expected: ${what}` });
        }
        const expectedPrev = previous?.hash ?? GENESIS_HASH;
        if (record.prev !== expectedPrev) {
            problems.push({
                kind: "prev",
                seq: record.seq,
                line,
                field: "prev",
                expected: expectedPrev,
                found: record.prev,
                message: previous
                    ? `record ${record.seq} (line ${line}) does not link to the record before it: its prev is ${record.prev}, but record ${previous.seq} (line ${previous.line}) has hash ${previous.hash}`
                    : `record ${record.seq} (line ${line}) is the first, so its prev must be the genesis value ${GENESIS_HASH}; it is ${record.prev}`,
            });
        }
        const computed = recordHash(record);
        if (record.hash !== computed) {
            const changed = fieldsUnlikeRaw(record);
            problems.push({
                kind: "hash",
                seq: record.seq,
                line,
                field: "hash",
                expected: computed,
                found: record.hash,
                message:
                    `record ${record.seq} (line ${line}) was changed after it was written: its content hashes to ${computed}, but its stored hash is ${record.hash}` +
                    (changed.length > 0 ? `; ${changed.map((c) => `${c.field} is ${JSON.stringify(c.found)} where the server's line (entry.raw) says ${JSON.stringify(c.expected)}`).join("; ")}` : ""),
            });
        }
        firstTime ??= record.entry.time;
        lastTime = record.entry.time;
        firstEntrySeconds ??= Math.floor(Date.parse(record.entry.time) / 1000);
        const session = record.entry.sessionId;
        if (typeof session === "string" && Number.isInteger(record.entry.sessionLine)) {
            const got = record.entry.sessionLine as number;
            const last = sessionLines.get(session);
            if (last === undefined) {
                // A session that began before the archive's first entry may have written its first lines before shipping began.
                const started = sessionStartSeconds(session);
                const predatesArchive = started !== undefined && firstEntrySeconds !== undefined && started < firstEntrySeconds;
                if (got !== 1 && !predatesArchive) {
                    problems.push({
                        kind: "session-line",
                        seq: record.seq,
                        line,
                        field: "entry.sessionLine",
                        expected: "1",
                        found: String(got),
                        message: `record ${record.seq} is the first of session ${session} in the archive, but its session line is ${got}: the session's lines 1–${got - 1} are not in the archive`,
                    });
                }
            } else if (got !== last + 1) {
                problems.push({
                    kind: "session-line",
                    seq: record.seq,
                    line,
                    field: "entry.sessionLine",
                    expected: String(last + 1),
                    found: String(got),
                    message:
                        got > last + 1
                            ? `record ${record.seq}: session ${session} jumps from line ${last} to line ${got}: the server wrote line${got - last > 2 ? `s ${last + 1}–${got - 1}` : ` ${last + 1}`} of that session, and it is not in the archive`
                            : `record ${record.seq}: session ${session} goes from line ${last} back to line ${got}: that session's entries are out of order or repeated`,
                });
            }
            sessionLines.set(session, got);
            const statementId = auditStatementId(record.entry.message);
            if (statementId !== undefined) {
                const before = statementIds.get(session);
                if (before !== undefined && statementId < before.id) {
                    problems.push({
                        kind: "statement-id",
                        seq: record.seq,
                        line,
                        field: "entry.message (pgaudit statement id)",
                        expected: `>= ${before.id}`,
                        found: String(statementId),
                        message: `record ${record.seq}: pgaudit statement id ${statementId} of session ${session} comes after statement id ${before.id} (record ${before.seq}): pgaudit numbers a session's statements in order, so these records were reordered`,
                    });
                }
                statementIds.set(session, { id: statementId, seq: record.seq });
            }
        }
        if (anchorSeq === undefined && record.hash === options.expectAnchor) {
            anchorSeq = record.seq;
        }
        previous = { seq: record.seq, hash: record.hash, line };
    }
    const lastHash = previous?.hash ?? GENESIS_HASH;
    let anchor: ArchiveProof["anchor"];
    if (options.expectAnchor !== undefined) {
        const foundAtSeq = anchorSeq;
        anchor = { expected: options.expectAnchor, ...(foundAtSeq !== undefined ? { foundAtSeq } : {}), matches: foundAtSeq !== undefined };
        if (foundAtSeq === undefined) {
            problems.push({
                kind: "anchor",
                ...(previous ? { seq: previous.seq } : {}),
                field: "hash (anchor)",
                expected: options.expectAnchor,
                found: lastHash,
                message: `the recorded anchor ${options.expectAnchor} is the hash of no record in the chain, whose last record is ${previous ? `${previous.seq} with hash ${lastHash}` : "none"}: records after it were cut off, or the chain was rewritten`,
            });
        }
    }
    return {
        dir: root,
        chainFile,
        records,
        sessions: sessionLines.size,
        ...(firstSeq !== undefined ? { firstSeq } : {}),
        ...(previous ? { lastSeq: previous.seq } : {}),
        ...(firstTime !== undefined ? { firstTime } : {}),
        ...(lastTime !== undefined ? { lastTime } : {}),
        lastHash,
        intact: problems.length === 0,
        problems,
        ...(anchor ? { anchor } : {}),
        access: archiveAccess(root, options.serverUser),
        limits: [...ARCHIVE_LIMITS],
    };
}

/** The archive is intact (anchor included, when one was expected) and neither the server's OS user nor a database role can write it. */
export function archiveProofPassed(proof: Pick<ArchiveProof, "intact" | "access">): boolean {
    return proof.intact && proof.access.writeProtected;
}

/** The proof for people: the anchor first (to be recorded), then each problem and access finding. */
export function formatArchiveProof(proof: ArchiveProof): string {
    const lines = [
        `audit archive ${proof.dir}: ${proof.records} record(s)${proof.lastSeq !== undefined ? ` (seq ${proof.firstSeq}–${proof.lastSeq})` : ""}, ${proof.sessions} session(s)${proof.firstTime ? `, ${proof.firstTime} to ${proof.lastTime}` : ""}`,
        `last hash (anchor; record it elsewhere and pass it back with --expect-anchor): ${proof.lastHash}`,
        proof.intact ? "chain: intact and continuous" : `chain: ${proof.problems.length} problem(s)`,
        ...proof.problems.map((p) => `  - ${p.message}`),
        ...(proof.anchor ? [`anchor ${proof.anchor.expected}: ${proof.anchor.matches ? `found at seq ${proof.anchor.foundAtSeq}` : "not found"}`] : []),
        proof.access.writeProtected
            ? `write access: only ${proof.access.paths[0]?.ownerName ?? "?"} (not ${proof.access.serverUser}, whose file access every database role's goes through) can write it`
            : `write access: ${proof.access.findings.length} problem(s)`,
        ...proof.access.findings.map((f) => `  - ${f}`),
    ];
    return lines.join("\n");
}
