import { CheckInputError, checkProgram, hasMandatoryViolation } from "../../../policies/offline-check/check-program";
import { readPolicyPackConfig } from "../../../policies/offline-check/policy-pack-config";
import { jsonReport, textReport } from "../../../policies/offline-check/report";
import { ProgramError } from "../../../policies/offline-check/run-program";
import { flagValue, parseArgs } from "../args";
import { CliError, EXIT } from "../errors";

/** The pack loads when it is needed: a usage error or a failing program is reported without compiling its hundred modules. */
const loadPack = () => import("../../../policies/crossguard/pack");

/**
 * `hardened-postgres check [--program <dir|file>] [--stack <name>] [--policy-pack-config <file>] [--json]`: judge a
 * program offline against the pack, tuned by the same config file `pulumi preview --policy-pack-config` takes.
 */
export async function runCheck(argv: string[]): Promise<number> {
    const args = parseArgs(argv, ["program", "stack", "policy-pack-config"], ["json"]);
    if (args.positional.length > 0) {
        throw new CliError(`unexpected argument '${args.positional[0]}' (use --program <dir|file>)`);
    }
    // The program's own console output must not corrupt the report (--json is parsed by machines).
    const log = console.log;
    console.log = console.error;
    let result;
    try {
        const configFile = flagValue(args, "policy-pack-config");
        // Read before the program runs: a bad config is a usage error, whatever the program would do.
        const policyConfig = configFile === undefined ? undefined : readPolicyPackConfig(configFile, (await loadPack()).POLICIES);
        result = await checkProgram({ program: flagValue(args, "program"), stack: flagValue(args, "stack"), policyConfig });
    } catch (e) {
        if (e instanceof ProgramError) {
            throw new CliError([`the program failed: ${e.message}`, ...e.programFrames.map((frame) => `    ${frame}`)].join("\n"), EXIT.usage);
        }
        if (e instanceof CheckInputError) {
            throw new CliError(e.message, EXIT.usage);
        }
        throw e;
    } finally {
        console.log = log;
    }
    console.log(args.flags.has("json") ? JSON.stringify(jsonReport(result), null, 2) : textReport(result, (await loadPack()).POLICIES.length));
    return hasMandatoryViolation(result) ? EXIT.controlFailed : EXIT.ok;
}
