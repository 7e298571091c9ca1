import { flagValue, parseArgs, ParsedArgs } from "../args";
import { CliError, EXIT } from "../errors";
import * as fs from "fs";
import * as path from "path";
import {
    allPassed,
    auditTrailEvidence,
    auditTrailFailed,
    AuditTrailEvidence,
    collectEvidence,
    EvidenceBundle,
    LiveConnectionError,
    PlanReportError,
    VerifyInputError,
    parseInspectionUrl,
    withAuditTrail,
    withPlanWaivers,
    writeEvidenceBundle,
    WrittenBundle,
} from "../../../policies/live";
import { archiveProofPassed, ArchiveInputError, verifyArchive } from "../../../policies/audit/archive-chain";
import { auditReport } from "../../../policies/audit/audit-period";
import { LIVE_VALUE_FLAGS, liveOptions, takeDeclarations } from "./live-options";
import { explainFileError, LocalFileError } from "../../local-twin/file-errors";
import { periodFrom, readDetectionSettings, takeFileList } from "./audit-options";
import { AuditEntries, readArchiveEntries, readLogFilesFor } from "./audit-source";

/** Where bundles go unless `--out` says otherwise (git-ignored). */
export const DEFAULT_EVIDENCE_DIR = "evidence";

/** Writes the bundle; a directory we cannot write to is an environment error (exit 2) that names it. */
export function writeBundleOrExplain(bundle: EvidenceBundle, outDir: string, secrets: string[]): WrittenBundle {
    try {
        return writeEvidenceBundle(bundle, outDir, secrets);
    } catch (e) {
        // The real cause (read-only file system, a file in the way, no space) and the fix, as the local twin says it.
        const explained = explainFileError(e, outDir, { what: "the evidence bundle's directory", chosenWith: "--out" });
        if (explained instanceof LocalFileError) {
            throw new CliError(explained.message, EXIT.usage);
        }
        throw e;
    }
}

/** One line on what the bundle says of the audit trail. */
export function auditTrailLine(trail: AuditTrailEvidence): string {
    const activity = trail.activity.examined
        ? `${trail.activity.totals.statements} audited statement(s), ${trail.activity.totals.unattributedStatements} unattributed, ${trail.activity.totals.alerts} alert(s) ${trail.period!.since} to ${trail.period!.until}`
        : "activity not examined";
    const archive = trail.archive.examined ? `archive ${trail.archive.result.toUpperCase()} (${trail.archive.records} record(s), last hash ${trail.archive.lastHash})` : "archive not examined";
    return `audit trail: ${activity}; ${archive}`;
}

/** The parsed `check --json` report named by --plan-report; a missing or unparsable file is bad usage (exit 2). */
function readPlanReport(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new CliError(`--plan-report '${file}' can't be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); give the file 'hardened-postgres check --json' wrote`, EXIT.usage);
    }
    try {
        return JSON.parse(text);
    } catch {
        throw new CliError(`--plan-report '${file}' is not JSON; give the file 'hardened-postgres check --json' wrote`, EXIT.usage);
    }
}

/** The audit flags of `evidence`, read and checked before connecting, so a bad file or period changes nothing. */
export interface AuditInputs {
    period: { since: Date; until: Date };
    entries?: AuditEntries;
    archiveDir?: string;
    expectAnchor?: string;
    configFile?: string;
}

function readAuditInputs(args: ParsedArgs, logFiles: { files: string[]; given: boolean }, now: Date): AuditInputs | undefined {
    const archiveDir = flagValue(args, "audit-archive");
    // --audit-archive and --expect-anchor are also HPG-AUD-06's (liveOptions checked them): one archive, one proof.
    const expectAnchor = flagValue(args, "expect-anchor");
    const configFile = flagValue(args, "audit-config");
    const given = logFiles.given || archiveDir !== undefined;
    if (!given) {
        const stray = ["since", "until", "audit-config"].find((f) => args.flags.has(f));
        if (stray !== undefined) {
            throw new CliError(`--${stray} is about the audit trail: give it with --audit-log <file>… or --audit-archive <dir>`);
        }
        return undefined;
    }
    if (archiveDir !== undefined && !(fs.existsSync(archiveDir) && fs.statSync(archiveDir).isDirectory())) {
        throw new CliError(`--audit-archive '${archiveDir}' is not a directory; give the local twin's audit archive (it holds chain.jsonl)`);
    }
    // The activity comes from the exported logs when given, else from the archive's copy of the log.
    const entries = logFiles.given ? readLogFilesFor("--audit-log", logFiles.files) : archiveDir !== undefined && fs.existsSync(path.join(archiveDir, "chain.jsonl")) ? readArchiveEntries(archiveDir) : undefined;
    return { period: periodFrom(args, now), ...(entries ? { entries } : {}), ...(archiveDir !== undefined ? { archiveDir } : {}), ...(expectAnchor !== undefined ? { expectAnchor } : {}), ...(configFile !== undefined ? { configFile } : {}) };
}

/** The audit-trail section from the inputs: the period's report and the archive's proof; what wasn't given says "not examined". */
export function examineAuditTrail(inputs: AuditInputs): AuditTrailEvidence {
    const settings = readDetectionSettings(inputs.configFile, "audit-config");
    const report = inputs.entries
        ? auditReport({ entries: inputs.entries.entries, sources: inputs.entries.sources, unreadable: inputs.entries.unreadable, settings, since: inputs.period.since, until: inputs.period.until })
        : undefined;
    let archive: { proof: ReturnType<typeof verifyArchive>; passed: boolean } | undefined;
    if (inputs.archiveDir !== undefined) {
        try {
            const proof = verifyArchive(inputs.archiveDir, inputs.expectAnchor !== undefined ? { expectAnchor: inputs.expectAnchor } : {});
            archive = { proof, passed: archiveProofPassed(proof) };
        } catch (e) {
            if (e instanceof ArchiveInputError) {
                throw new CliError(`--audit-archive '${inputs.archiveDir}': ${e.message}`, EXIT.usage);
            }
            throw e;
        }
    }
    return auditTrailEvidence({ ...(report ? { report } : {}), ...(archive ? { archive } : {}) });
}

/**
 * `evidence --url <dsn> [--out <dir>] [--admin-role <role>]... [--migrator-role <role>]... [--replication-role <role>]...
 *   [--declared-publication <name>]... [--tenant-column <name>] [--platform …] [--plan-report <check.json>]
 *   [--audit-log <file>…] [--audit-archive <dir> [--expect-anchor <sha256>]] [--audit-config <file>] [--since <ISO>] [--until <ISO>] [--json]`:
 * writes `<out>/<stamp>/evidence-<stamp>.json`, `.md` and `SHA256SUMS`. The bundle is written whatever the result;
 * the exit code is 1 when a control failed, as for `verify`, or when the audit archive given fails its proof.
 * `--plan-report` adds the waivers (accepted weakenings and their reasons) of a `check --json` report; `--audit-log`
 * (else the archive's copy) gives the period's activity and alerts, `--audit-archive` the archive's integrity proof.
 * All are read before connecting, so a bad file changes nothing; an audit part not given says "not examined".
 */
export async function runEvidence(argv: string[], now: Date = new Date()): Promise<number> {
    const { declarations, rest: afterDeclarations } = takeDeclarations(argv);
    const logFiles = takeFileList(afterDeclarations, "audit-log");
    const args = parseArgs(logFiles.rest, [...LIVE_VALUE_FLAGS, "out", "plan-report", "audit-config", "since", "until"], ["json"]);
    if (args.positional.length > 0) {
        throw new CliError(`unexpected argument '${args.positional[0]}'`);
    }
    const { url, options } = liveOptions(args, declarations);
    const planReportFile = flagValue(args, "plan-report");
    const planReport = planReportFile === undefined ? undefined : readPlanReport(planReportFile);
    const auditInputs = readAuditInputs(args, logFiles, now);
    const auditTrail = auditInputs === undefined ? undefined : examineAuditTrail(auditInputs);
    const outDir = flagValue(args, "out") ?? DEFAULT_EVIDENCE_DIR;
    try {
        const password = parseInspectionUrl(url).config.password;
        const collected = await collectEvidence(url, options);
        const planned = planReport === undefined ? collected : withPlanWaivers(collected, planReport, planReportFile!);
        const bundle = auditTrail === undefined ? planned : withAuditTrail(planned, auditTrail);
        const written = writeBundleOrExplain(bundle, outDir, typeof password === "string" ? [password] : []);
        const s = bundle.summary;
        if (args.flags.has("json")) {
            console.log(JSON.stringify({ ...written, summary: s }, null, 2));
        } else {
            console.log(
                [
                    `evidence bundle: ${written.dir}`,
                    `  ${written.json}`,
                    `  ${written.markdown}`,
                    `  ${written.manifest} (sha256sum -c ${"SHA256SUMS"})`,
                    `${s.controls} live controls: ${s.passed} passed, ${s.failed} failed, ${s.errors} could not be checked`,
                    auditTrailLine(bundle.auditTrail),
                    ...(bundle.serverIdentity.verified ? [] : [`WARNING ${bundle.serverIdentity.detail}; the bundle is marked so.`]),
                ].join("\n"),
            );
        }
        return allPassed(s) && !auditTrailFailed(bundle.auditTrail) ? EXIT.ok : EXIT.controlFailed;
    } catch (e) {
        if (e instanceof LiveConnectionError || e instanceof VerifyInputError || e instanceof PlanReportError) {
            throw new CliError(e.message, EXIT.usage);
        }
        throw e;
    }
}
