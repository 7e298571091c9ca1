import * as fs from "fs";
import * as path from "path";
import { shipAuditLog } from "../../../infra/local-twin/audit-shipper";
import { ArchiveInputError, archiveProofPassed, formatArchiveProof, verifyArchive } from "../../../policies/audit/archive-chain";
import { ArchivedEntry, ArchiveRecord, CHAIN_FILE, GENESIS_HASH, nextRecord, recordHash, recordLine } from "../../../policies/audit/archive-record";
import { ArchivingCluster, copyArchive, startArchivingCluster } from "../../support/audit-archive-cluster";

/**
 * Tamper tests on a real archive: a real cluster's real jsonlog, shipped by the real shipper as hpg-audit; each test
 * tampers with a copy of the chain and asserts the problem is detected and named (seq, field, expected, found).
 */
let cluster: ArchivingCluster;
let records: ArchiveRecord[];
const copies: string[] = [];

beforeAll(async () => {
    cluster = await startArchivingCluster();
    const c = await cluster.connectAsBootstrap();
    await c.query("CREATE TABLE tamper_t (a int, b text)");
    await c.query("INSERT INTO tamper_t VALUES (1, 'one')");
    await c.query("INSERT INTO tamper_t VALUES (2, 'two')");
    await c.query("UPDATE tamper_t SET b = 'zwei' WHERE a = 2");
    await c.query("DELETE FROM tamper_t WHERE a = 1");
    await c.end();
    // The disconnection line is written after end() returns; a second session's own lines come after it in the log.
    const d = await cluster.connectAsBootstrap();
    await d.query("INSERT INTO tamper_t VALUES (3, 'three')");
    await d.end();
    await shipAuditLog(cluster.layout);
    records = chainLines(cluster.layout.archiveDir).map((l) => JSON.parse(l) as ArchiveRecord);
});

afterAll(async () => {
    copies.forEach((c) => fs.rmSync(c, { recursive: true, force: true }));
    await cluster?.destroy();
});

function chainLines(dir: string): string[] {
    return fs.readFileSync(path.join(dir, CHAIN_FILE), "utf8").split("\n").filter((l) => l !== "");
}

/** A copy of the archive whose chain file holds `lines` (plus `tail` raw bytes), to verify. */
function tampered(lines: string[], tail = ""): string {
    const dir = copyArchive(cluster.layout.archiveDir);
    copies.push(dir);
    fs.writeFileSync(path.join(dir, CHAIN_FILE), lines.map((l) => l + "\n").join("") + tail);
    return dir;
}

/** A whole new chain (hashes right) over `entries`: what someone who rewrites the archive, or the log before shipping, produces. */
function rechained(entries: ArchivedEntry[]): string[] {
    const out: ArchiveRecord[] = [];
    for (const e of entries) {
        out.push(nextRecord(out[out.length - 1], e));
    }
    return out.map(recordLine);
}

/** The seq of the `n`th pgaudit record of the first session that has several. */
function auditRecords(): ArchiveRecord[] {
    return records.filter((r) => r.entry.message.startsWith("AUDIT: SESSION,") && r.entry.message.includes("tamper_t"));
}

/** The next record of the same server session. */
function nextInSession(r: ArchiveRecord): ArchiveRecord {
    return records.find((n) => n.seq > r.seq && n.entry.sessionId === r.entry.sessionId)!;
}

const original = () => chainLines(cluster.layout.archiveDir);

test("the untouched archive is intact, continuous and write-protected; the proof names its anchor, count and times", () => {
    const proof = verifyArchive(cluster.layout.archiveDir);
    expect(proof.problems).toEqual([]);
    expect(proof.intact).toBe(true);
    expect(proof.records).toBe(records.length);
    expect(proof.firstSeq).toBe(1);
    expect(proof.lastSeq).toBe(records.length);
    expect(proof.lastHash).toBe(records[records.length - 1].hash);
    expect(proof.firstTime).toBe(records[0].entry.time);
    expect(proof.lastTime).toBe(records[records.length - 1].entry.time);
    expect(proof.access.writeProtected).toBe(true);
    expect(archiveProofPassed(proof)).toBe(true);
    // Every statement, connection and authentication line of the workload was shipped.
    const messages = records.map((r) => r.entry.message);
    expect(auditRecords().map((r) => r.entry.message.split(",")[4])).toEqual(["CREATE TABLE", "INSERT", "INSERT", "UPDATE", "DELETE", "INSERT"]);
    expect(messages.some((m) => m.startsWith("connection authenticated: identity=\"hpg_admin\""))).toBe(true);
    expect(messages.filter((m) => m.startsWith("disconnection:")).length).toBeGreaterThanOrEqual(1);
    expect(formatArchiveProof(proof)).toContain(`last hash (anchor; record it elsewhere and pass it back with --expect-anchor): ${proof.lastHash}`);
});

test("an edited record: its hash no longer matches its content (seq and field named)", () => {
    const target = auditRecords()[1];
    const lines = original();
    const edited = { ...target, entry: { ...target.entry, message: target.entry.message.replace("(1, 'one')", "(1, 'uno')") } };
    lines[target.seq - 1] = recordLine(edited);
    const proof = verifyArchive(tampered(lines));
    expect(proof.intact).toBe(false);
    expect(proof.problems).toEqual([
        {
            kind: "hash",
            seq: target.seq,
            line: target.seq,
            field: "hash",
            expected: recordHash(edited),
            found: target.hash,
            message:
                `record ${target.seq} (line ${target.seq}) was changed after it was written: its content hashes to ${recordHash(edited)}, but its stored hash is ${target.hash}; ` +
                `entry.message is ${JSON.stringify(edited.entry.message)} where the server's line (entry.raw) says ${JSON.stringify(target.entry.message)}`,
        },
    ]);
    // Edited together with its stored line, only the hash can tell.
    const both = { ...edited, entry: { ...edited.entry, raw: target.entry.raw.replace("(1, 'one')", "(1, 'uno')") } };
    lines[target.seq - 1] = recordLine(both);
    expect(verifyArchive(tampered(lines)).problems.map((p) => [p.kind, p.seq, p.message])).toEqual([
        ["hash", target.seq, `record ${target.seq} (line ${target.seq}) was changed after it was written: its content hashes to ${recordHash(both)}, but its stored hash is ${target.hash}`],
    ]);
});

test("an edited record whose hash was recomputed: the next record's prev no longer links to it", () => {
    const target = auditRecords()[1];
    const lines = original();
    const entry = { ...target.entry, user: "someone_else" };
    const forged = { ...target, entry, hash: recordHash({ ...target, entry }) };
    lines[target.seq - 1] = recordLine(forged);
    const proof = verifyArchive(tampered(lines));
    expect(proof.problems.map((p) => [p.kind, p.seq, p.field, p.expected, p.found])).toEqual([["prev", target.seq + 1, "prev", forged.hash, target.hash]]);
});

test("a deleted record: seq skips it, and the next record's prev does not link (both named)", () => {
    const target = auditRecords()[2];
    const lines = original();
    lines.splice(target.seq - 1, 1);
    const proof = verifyArchive(tampered(lines));
    const kinds = proof.problems.map((p) => [p.kind, p.seq, p.field, p.expected, p.found]);
    expect(kinds).toContainEqual(["seq", target.seq + 1, "seq", String(target.seq), String(target.seq + 1)]);
    expect(kinds).toContainEqual(["prev", target.seq + 1, "prev", records[target.seq - 2].hash, target.hash]);
    expect(proof.problems[0].message).toBe(`line ${target.seq} holds record ${target.seq + 1} where record ${target.seq} was expected: record ${target.seq} is missing (deleted)`);
    // The server's numbering shows it too: the session jumps over the deleted line.
    expect(kinds).toContainEqual(["session-line", nextInSession(target).seq, "entry.sessionLine", String(target.entry.sessionLine), String(target.entry.sessionLine! + 1)]);
});

test("reordered records: seq and prev break where the order changed", () => {
    const [a, b] = auditRecords().slice(2, 4);
    const lines = original();
    [lines[a.seq - 1], lines[b.seq - 1]] = [lines[b.seq - 1], lines[a.seq - 1]];
    const proof = verifyArchive(tampered(lines));
    expect(proof.problems[0]).toMatchObject({ kind: "seq", seq: b.seq, line: a.seq, field: "seq", expected: String(a.seq), found: String(b.seq) });
    expect(proof.problems.map((p) => `${p.kind}@${p.seq}`)).toEqual(expect.arrayContaining([`seq@${a.seq}`, `prev@${b.seq}`, `prev@${a.seq}`, `statement-id@${a.seq}`]));
});

test("a file cut in the middle of a record: the last line is named as a partial record", () => {
    const lines = original();
    const last = lines.pop()!;
    const proof = verifyArchive(tampered(lines, last.slice(0, Math.floor(last.length / 2))));
    expect(proof.problems).toEqual([
        expect.objectContaining({
            kind: "malformed",
            seq: records.length,
            line: records.length,
            field: "record",
            message: `line ${records.length} is not a whole record and the file ends there without a newline: the chain file was cut in the middle of record ${records.length}`,
        }),
    ]);
    expect(proof.lastSeq).toBe(records.length - 1);
});

test("a file cut at a line boundary after a record: invisible to the chain alone, detected only against the recorded anchor", () => {
    const anchor = records[records.length - 1].hash;
    const lines = original().slice(0, records.length - 3);
    const dir = tampered(lines);
    const alone = verifyArchive(dir);
    // The chain alone can't tell: a shorter chain is a valid chain. This is why verify prints the anchor.
    expect(alone.intact).toBe(true);
    const withAnchor = verifyArchive(dir, { expectAnchor: anchor });
    expect(withAnchor.intact).toBe(false);
    expect(withAnchor.anchor).toEqual({ expected: anchor, matches: false });
    expect(withAnchor.problems).toEqual([
        {
            kind: "anchor",
            seq: records.length - 3,
            field: "hash (anchor)",
            expected: anchor,
            found: records[records.length - 4].hash,
            message: `the recorded anchor ${anchor} is the hash of no record in the chain, whose last record is ${records.length - 3} with hash ${records[records.length - 4].hash}: records after it were cut off, or the chain was rewritten`,
        },
    ]);
    // An anchor recorded earlier is still found in a chain that only grew since.
    const earlier = verifyArchive(cluster.layout.archiveDir, { expectAnchor: records[4].hash });
    expect(earlier.anchor).toEqual({ expected: records[4].hash, foundAtSeq: 5, matches: true });
    expect(earlier.intact).toBe(true);
    expect(verifyArchive(cluster.layout.archiveDir, { expectAnchor: anchor }).anchor).toEqual({ expected: anchor, foundAtSeq: records.length, matches: true });
});

test("an inserted forged record, hashed and linked to the record before it: the record after it no longer follows", () => {
    const after = auditRecords()[1];
    const lines = original();
    const forgedEntry: ArchivedEntry = { ...after.entry, message: "AUDIT: SESSION,99,1,READ,SELECT,,,select 'nothing to see',<not logged>" };
    const forged = nextRecord(after, forgedEntry);
    lines.splice(after.seq, 0, recordLine(forged));
    const proof = verifyArchive(tampered(lines));
    const next = records[after.seq];
    expect(proof.problems.map((p) => [p.kind, p.seq, p.line, p.expected, p.found])).toEqual(
        expect.arrayContaining([
            ["seq", next.seq, next.seq + 1, String(next.seq + 1), String(next.seq)],
            ["prev", next.seq, next.seq + 1, forged.hash, next.prev],
        ]),
    );
});

test("a session line missing from a consistently re-chained archive (an entry removed from the log before shipping): the gap is named", () => {
    const gone = auditRecords()[2];
    const proof = verifyArchive(tampered(rechained(records.filter((r) => r !== gone).map((r) => r.entry))));
    // Re-chained without it, every later record moved up one.
    const at = nextInSession(gone).seq - 1;
    expect(proof.problems).toEqual([
        {
            kind: "session-line",
            seq: at,
            line: at,
            field: "entry.sessionLine",
            expected: String(gone.entry.sessionLine),
            found: String(gone.entry.sessionLine! + 1),
            message: `record ${at}: session ${gone.entry.sessionId} jumps from line ${gone.entry.sessionLine! - 1} to line ${gone.entry.sessionLine! + 1}: the server wrote line ${gone.entry.sessionLine} of that session, and it is not in the archive`,
        },
    ]);
});

test("a session's first lines missing from a re-chained archive: named against line 1", () => {
    const second = records.filter((r) => r.entry.sessionId === auditRecords()[5].entry.sessionId);
    const proof = verifyArchive(tampered(rechained(records.filter((r) => r !== second[0]).map((r) => r.entry))));
    expect(proof.problems).toEqual([expect.objectContaining({ kind: "session-line", seq: second[0].seq, expected: "1", found: "2" })]);
});

test("pgaudit statements swapped in a re-chained archive: the statement id going backwards is named", () => {
    const [a, b] = auditRecords().slice(2, 4);
    const entries = records.map((r) => r.entry);
    [entries[a.seq - 1], entries[b.seq - 1]] = [entries[b.seq - 1], entries[a.seq - 1]];
    const proof = verifyArchive(tampered(rechained(entries)));
    const statementId = (r: ArchiveRecord) => r.entry.message.split(",")[1];
    expect(proof.problems).toContainEqual({
        kind: "statement-id",
        seq: b.seq,
        line: b.seq,
        field: "entry.message (pgaudit statement id)",
        expected: `>= ${statementId(b)}`,
        found: statementId(a),
        message: `record ${b.seq}: pgaudit statement id ${statementId(a)} of session ${a.entry.sessionId} comes after statement id ${statementId(b)} (record ${a.seq}): pgaudit numbers a session's statements in order, so these records were reordered`,
    });
});

test("bad input is refused with the field, the value and what is allowed", () => {
    expect(() => verifyArchive(cluster.layout.archiveDir, { expectAnchor: "abc" })).toThrow(
        new ArchiveInputError("[expectAnchor] must be a SHA-256 in lower-case hex (64 characters, as verify prints the last hash), got 'abc'"),
    );
    const empty = copyArchive(cluster.layout.archiveDir);
    copies.push(empty);
    fs.rmSync(path.join(empty, CHAIN_FILE));
    expect(() => verifyArchive(empty)).toThrow(`[archive] ${empty} has no ${CHAIN_FILE}, so it is not an audit archive`);
    expect(() => verifyArchive(path.join(empty, "nope"))).toThrow(`[archive] ${path.join(empty, "nope")} is not a directory`);
    // An empty chain is valid: its anchor is the genesis value.
    fs.writeFileSync(path.join(empty, CHAIN_FILE), "");
    expect(verifyArchive(empty, { expectAnchor: GENESIS_HASH })).toMatchObject({ records: 0, lastHash: GENESIS_HASH, intact: true, anchor: { foundAtSeq: 0, matches: true } });
});
