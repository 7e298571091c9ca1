import { parseArgs } from "../args";
import { CliError, EXIT } from "../errors";
import { allPassed, LiveConnectionError, VerifyInputError, VerifyReport, verifyServer } from "../../../policies/live";
import { LIVE_VALUE_FLAGS, liveOptions, takeDeclarations } from "./live-options";
import { formatVerifyReport } from "./verify-output";

/**
 * `verify --url <dsn> [--admin-role <role>]... [--migrator-role <role>]... [--replication-role <role>]...
 *   [--declared-publication <name>]... [--tenant-column <name>] [--platform rds|self-managed]
 *   [--audit-archive <dir> [--expect-anchor <hash>]] [--json] [--verbose]`:
 * judges a running PostgreSQL against every live control (HPG-AUD-06 verifies the local twin's audit archive). Exit 0 all pass, 1 a control failed or could not be
 * checked, 2 unreachable server, bad DSN, wrong credentials or bad usage.
 */
export async function runVerify(argv: string[]): Promise<number> {
    const { declarations, rest } = takeDeclarations(argv);
    const args = parseArgs(rest, LIVE_VALUE_FLAGS, ["json", "verbose"]);
    if (args.positional.length > 0) {
        throw new CliError(`unexpected argument '${args.positional[0]}'`);
    }
    const { url, options } = liveOptions(args, declarations);
    let report;
    try {
        report = await verifyServer(url, options);
    } catch (e) {
        if (e instanceof LiveConnectionError || e instanceof VerifyInputError) {
            throw new CliError(e.message, EXIT.usage);
        }
        throw e;
    }
    console.log(args.flags.has("json") ? JSON.stringify(report, null, 2) : [formatVerifyReport(report, args.flags.has("verbose")), ...archiveAnchorLine(report)].join("\n"));
    return allPassed(report) ? EXIT.ok : EXIT.controlFailed;
}

/**
 * The audit archive's last hash, printed on every verify that judged one: only a copy kept elsewhere can later show
 * records cut off after it, or a chain rewritten by root (HPG-AUD-06).
 */
function archiveAnchorLine(report: VerifyReport): string[] {
    const proof = report.results.find((r) => r.control === "HPG-AUD-06")?.evidence[0]?.rows[0];
    return typeof proof?.last_hash === "string"
        ? [`audit archive anchor (record it elsewhere; pass it back with --expect-anchor): ${proof.last_hash} after record ${proof.last_seq ?? 0}`]
        : [];
}
