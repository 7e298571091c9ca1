import * as fs from "fs";
import * as path from "path";
import type { LogEntry } from "../../../components/audit-trail/events";
import { verifyArchive } from "../../../policies/audit/archive-chain";
import { CHAIN_FILE } from "../../../policies/audit/archive-record";
import { readLogFiles, UnknownLogFormatError } from "../../../policies/audit/log-entries";
import { CliError, EXIT } from "../errors";
import { clusterAuditLayout, isInitialised, serverLogFiles } from "../../local-twin/cluster";
import { DEFAULT_LOCAL_DATA_DIR, localHandle, LocalSpec } from "../../local-twin/local-database";
import type { AuditSource } from "./audit-options";

/** The entries of a source, what they were read from, and the lines that could not be read (never silently dropped). */
export interface AuditEntries {
    entries: LogEntry[];
    sources: string[];
    unreadable: string[];
    /** What a reader of the result must know about its source (an archive whose chain is broken). */
    warnings?: string[];
}

/** Reads server log files in any format the parser knows; a file that can't be read or recognised names `flag`. */
export function readLogFilesFor(flag: string, files: string[]): AuditEntries {
    const unreadable: string[] = [];
    for (const file of files) {
        try {
            fs.accessSync(file, fs.constants.R_OK);
        } catch (e) {
            throw new CliError(`${flag} '${file}' can't be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); give a PostgreSQL server log file`, EXIT.usage);
        }
    }
    try {
        const entries = readLogFiles(files, { onProblem: (p) => unreadable.push(p.message) });
        return { entries, sources: files, unreadable };
    } catch (e) {
        if (e instanceof UnknownLogFormatError) {
            throw new CliError(`${flag}: ${e.message}`, EXIT.usage);
        }
        throw e;
    }
}

/**
 * The entries of the local twin's audit archive (`chain.jsonl`, one `{seq, prev, entry, hash}` per line), each with
 * where it is in the chain. A line that is not a record is reported, not skipped silently; `verify` judges the chain.
 */
export function readArchiveEntries(archiveDir: string): AuditEntries {
    const chainFile = path.join(archiveDir, CHAIN_FILE);
    const entries: LogEntry[] = [];
    const unreadable: string[] = [];
    fs.readFileSync(chainFile, "utf8")
        .split("\n")
        .forEach((text, i) => {
            if (text === "") {
                return;
            }
            let entry: LogEntry | undefined;
            try {
                entry = (JSON.parse(text) as { entry?: LogEntry }).entry;
            } catch {
                entry = undefined;
            }
            if (typeof entry !== "object" || entry === null || typeof entry.time !== "string" || typeof entry.message !== "string") {
                unreadable.push(`${chainFile}:${i + 1}: [record] is not an archive record {seq, prev, entry, hash}; run hardened-postgres verify --audit-archive to see what changed`);
                return;
            }
            entries.push({ ...entry, source: { file: chainFile, line: i + 1 } });
        });
    return { entries, sources: [chainFile], unreadable };
}

/** The `--data-dir` a later command must repeat: none for the default directory. */
function dataDirFlag(dataDir: string): string {
    return dataDir === path.resolve(DEFAULT_LOCAL_DATA_DIR) ? "" : ` --data-dir ${dataDir}`;
}

/** The local twin's entries: its audit archive when it has one (the copy no database user can change), else its server log. */
export function readLocalTwinEntries(spec: LocalSpec): AuditEntries {
    const handle = localHandle(spec);
    if (!isInitialised(handle)) {
        throw new CliError(`no local cluster in ${handle.dataDir} (create it with: hardened-postgres local up${dataDirFlag(handle.dataDir)}), or read exported logs with --log <file>…`, EXIT.usage);
    }
    const archiveDir = clusterAuditLayout(handle)?.archiveDir;
    if (archiveDir !== undefined && fs.existsSync(path.join(archiveDir, CHAIN_FILE))) {
        // A report from a changed archive would repeat the change: say so, and where the proof is.
        const proof = verifyArchive(archiveDir);
        const warnings = proof.intact ? [] : [`the audit archive ${archiveDir} is not intact (${proof.problems.length} problem(s), first: ${proof.problems[0].message}); see: hardened-postgres verify --audit-archive ${archiveDir}`];
        return { ...readArchiveEntries(archiveDir), warnings };
    }
    const files = serverLogFiles(handle);
    if (files.length === 0) {
        throw new CliError(`the local cluster in ${handle.dataDir} has no audit archive and no server log yet (start it with: hardened-postgres local up${dataDirFlag(handle.dataDir)})`, EXIT.usage);
    }
    return readLogFilesFor("the local server log", files);
}

export function readAuditSource(source: AuditSource): AuditEntries {
    return source.kind === "files" ? readLogFilesFor("--log", source.files) : readLocalTwinEntries(source.spec);
}
