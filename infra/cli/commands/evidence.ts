import { flagValue, parseArgs } from "../args";
import { CliError, EXIT } from "../errors";
import * as fs from "fs";
import { allPassed, collectEvidence, EvidenceBundle, LiveConnectionError, PlanReportError, VerifyInputError, parseInspectionUrl, withPlanWaivers, writeEvidenceBundle, WrittenBundle } from "../../../policies/live";
import { LIVE_VALUE_FLAGS, liveOptions, takeDeclarations } from "./live-options";
import { explainFileError, LocalFileError } from "../../local-twin/file-errors";

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

/**
 * `evidence --url <dsn> [--out <dir>] [--admin-role <role>]... [--migrator-role <role>]... [--replication-role <role>]...
 *   [--declared-publication <name>]... [--tenant-column <name>] [--platform …] [--plan-report <check.json>] [--json]`:
 * writes `<out>/<stamp>/evidence-<stamp>.json`, `.md` and `SHA256SUMS`. The bundle is written whatever the result;
 * the exit code is 1 when a control failed, as for `verify`. `--plan-report` adds the waivers (accepted weakenings and
 * their reasons) of a `check --json` report, read before connecting, so a bad file changes nothing.
 */
export async function runEvidence(argv: string[]): Promise<number> {
    const { declarations, rest } = takeDeclarations(argv);
    const args = parseArgs(rest, [...LIVE_VALUE_FLAGS, "out", "plan-report"], ["json"]);
    if (args.positional.length > 0) {
        throw new CliError(`unexpected argument '${args.positional[0]}'`);
    }
    const { url, options } = liveOptions(args, declarations);
    const planReportFile = flagValue(args, "plan-report");
    const planReport = planReportFile === undefined ? undefined : readPlanReport(planReportFile);
    const outDir = flagValue(args, "out") ?? DEFAULT_EVIDENCE_DIR;
    try {
        const password = parseInspectionUrl(url).config.password;
        const collected = await collectEvidence(url, options);
        const bundle = planReport === undefined ? collected : withPlanWaivers(collected, planReport, planReportFile!);
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
                    ...(bundle.serverIdentity.verified ? [] : [`WARNING ${bundle.serverIdentity.detail}; the bundle is marked so.`]),
                ].join("\n"),
            );
        }
        return allPassed(s) ? EXIT.ok : EXIT.controlFailed;
    } catch (e) {
        if (e instanceof LiveConnectionError || e instanceof VerifyInputError || e instanceof PlanReportError) {
            throw new CliError(e.message, EXIT.usage);
        }
        throw e;
    }
}
