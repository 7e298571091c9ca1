import * as crypto from "crypto";
import { ArchivedEntry, canonicalJson, GENESIS_HASH, nextRecord, recordHash, recordLine } from "../../../policies/audit/archive-record";

/** The record format both the shipper and the verifier use: canonical serialization and the hash over seq, prev and entry. */
const entry: ArchivedEntry = {
    time: "2026-11-26T08:31:11.406Z",
    pid: 31940,
    severity: "LOG",
    message: "AUDIT: SESSION,1,1,DDL,CREATE TABLE,,,create table t(a int),<not logged>",
    sessionId: "6b07ee4f.7cc4",
    sessionLine: 4,
    source: { file: "postgresql-2026-11-26_083111.json", offset: 1024, length: 300 },
    raw: "{}",
};

test("canonical JSON sorts keys at every level, leaves out undefined members and has no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, "x", null], c: undefined, b: true } })).toBe('{"a":{"b":true,"d":[1,"x",null]},"b":1}');
    expect(canonicalJson("é\n\"")).toBe(JSON.stringify("é\n\""));
});

test("the hash is SHA-256 over the canonical {seq, prev, entry}: the same however the object was built, different for any change", () => {
    const first = nextRecord(undefined, entry);
    expect(first).toMatchObject({ seq: 1, prev: GENESIS_HASH });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(entry).reverse()) as unknown as ArchivedEntry;
    expect(recordHash({ seq: 1, prev: GENESIS_HASH, entry: reordered })).toBe(first.hash);
    expect(recordHash({ seq: 2, prev: GENESIS_HASH, entry })).not.toBe(first.hash);
    expect(recordHash({ seq: 1, prev: "1".repeat(64), entry })).not.toBe(first.hash);
    expect(recordHash({ seq: 1, prev: GENESIS_HASH, entry: { ...entry, sessionLine: 5 } })).not.toBe(first.hash);
    const second = nextRecord(first, entry);
    expect(second).toMatchObject({ seq: 2, prev: first.hash });
    expect(JSON.parse(recordLine(second))).toEqual(second);
    // The writer's shortcuts give canonicalJson's exact bytes and hash.
    expect(recordLine(second)).toBe(canonicalJson(second));
    expect(second.hash).toBe(crypto.createHash("sha256").update(canonicalJson({ seq: 2, prev: first.hash, entry })).digest("hex"));
});
