/**
 * What verifying the local twin's audit archive proves: the chain's integrity and continuity, its anchor (the last
 * hash, to be recorded elsewhere), and who can write it. Written by the verifier (policies/audit/archive-chain), read by
 * HPG-AUD-06's live check, `verify` and the evidence bundle.
 */

/** The ways a chain can be broken; each problem names the record (seq), the field and what was expected. */
export type ArchiveProblemKind =
    /** A line that is not a whole JSON record (a file cut mid-record, or garbage written into it). */
    | "malformed"
    /** seq is not the previous record's seq + 1: a record was deleted, inserted or moved. */
    | "seq"
    /** prev is not the previous record's hash: the record before it was changed, deleted or moved. */
    | "prev"
    /** hash is not the SHA-256 of the record's content: the record was changed after it was written. */
    | "hash"
    /** A session's log line numbers skip: an entry the server wrote is not in the archive. */
    | "session-line"
    /** A session's pgaudit statement id went backwards: records of that session were reordered. */
    | "statement-id"
    /** The last hash is not the anchor recorded earlier: records after it were cut off, or the chain was rewritten. */
    | "anchor";

export interface ArchiveProblem {
    kind: ArchiveProblemKind;
    /** The record's seq as stored (or the position it should have had), when the problem is in a record. */
    seq?: number;
    /** 1-based line of the chain file. */
    line?: number;
    /** The field that is wrong, e.g. `hash`, `prev`, `seq`, `entry.sessionLine`. */
    field: string;
    expected: string;
    found: string;
    /** One sentence an auditor can read alone. */
    message: string;
}

/** Who could write one path of the archive, from its owner, mode and the server user's groups. */
export interface ArchivePathAccess {
    path: string;
    kind: "directory" | "file" | "ancestor";
    ownerUid: number;
    ownerName: string;
    groupGid: number;
    groupName: string;
    /** Octal permission bits, e.g. `0750`. */
    mode: string;
    /** Whether the server's OS user may write it (for an ancestor: replace or rename the archive within it). */
    writableByServerUser: boolean;
}

/** The write-permission facts, judged by access rules (owner, group membership, mode bits, sticky bit), never by trying. */
export interface ArchiveAccessProof {
    /** The OS user the PostgreSQL server runs as (every database role's file access, COPY TO and TO PROGRAM included, is this user's). */
    serverUser: string;
    serverUid?: number;
    /** The archive's owner is an OS user other than the server's. False when not root: then there is no separation to prove. */
    ownerSeparation: boolean;
    /** Nothing on the path is writable by, or owned by, the server's user; modes are 0750/0640 or stricter. */
    writeProtected: boolean;
    paths: ArchivePathAccess[];
    /** One line per reason the archive is not write-protected. */
    findings: string[];
}

/** The result of verifying an archive directory. */
export interface ArchiveProof {
    dir: string;
    chainFile: string;
    records: number;
    /** Distinct server sessions (jsonlog session_id) in the chain. */
    sessions: number;
    firstSeq?: number;
    lastSeq?: number;
    /** Time of the first and last archived entry. */
    firstTime?: string;
    lastTime?: string;
    /** The hash of the last record (the genesis value for an empty chain): record it elsewhere, pass it back as the expected anchor. */
    lastHash: string;
    /** Every hash, prev and seq is right, and no session's numbering has a gap. */
    intact: boolean;
    problems: ArchiveProblem[];
    /** The anchor the caller expected, and where it is in the chain (absent when none was given). */
    anchor?: { expected: string; foundAtSeq?: number; matches: boolean };
    access: ArchiveAccessProof;
    /** What the chain proves and what it doesn't, for the reader of a report. */
    limits: string[];
}
