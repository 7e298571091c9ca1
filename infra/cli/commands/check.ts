import { CheckInputError, checkProgram, hasMandatoryViolation } from "../../../policies/offline-check/check-program";
import { readPolicyPackConfig } from "../../../policies/offline-check/policy-pack-config";
import { jsonReport, textReport } from "../../../policies/offline-check/report";
import { ProgramError } from "../../../policies/offline-check/run-program";
import { readStackReferenceOutputs } from "../../../policies/offline-check/stack-references";
import { flagValue, parseArgs } from "../args";
import { CliError, EXIT } from "../errors";

/** The pack loads when it is needed: a usage error or a failing program is reported without compiling its hundred modules. */
const loadPack = () => import("../../../policies/crossguard/pack");

/**
 * `hardened-postgres check [--program <dir|file>] [--stack <name>] [--policy-pack-config <file>]
 * [--stack-reference-outputs <file>] [--skip-type-check] [--json]`: judge a program offline against the pack, tuned by the same config file
 * `pulumi preview --policy-pack-config` takes. Every resource the program asks for is judged, or the run exits 2 naming
 * those that were never registered and why. A TypeScript program is type-checked as Pulumi type-checks it (tsc beside
 * the run, incremental); a type error exits 2, unless `--skip-type-check`.
 */
export async function runCheck(argv: string[]): Promise<number> {
    const args = parseArgs(argv, ["program", "stack", "policy-pack-config", "stack-reference-outputs"], ["json", "skip-type-check"]);
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
        const outputsFile = flagValue(args, "stack-reference-outputs");
        let stackReferenceOutputs;
        try {
            stackReferenceOutputs = outputsFile === undefined ? undefined : readStackReferenceOutputs(outputsFile);
        } catch (e) {
            throw new CheckInputError(`[--stack-reference-outputs] ${e instanceof Error ? e.message : String(e)}`);
        }
        result = await checkProgram({
            program: flagValue(args, "program"),
            stack: flagValue(args, "stack"),
            policyConfig,
            stackReferenceOutputs,
            typeCheck: !args.flags.has("skip-type-check"),
        });
    } catch (e) {
        if (e instanceof ProgramError) {
            const unregistered =
                e.unregistered.length === 0
                    ? []
                    : [
                          `${e.unregistered.length} resource${e.unregistered.length === 1 ? " was" : "s were"} never registered, so no policy judged ${e.unregistered.length === 1 ? "it" : "them"}:`,
                          ...e.unregistered.map((u) => `    ${u.type} '${u.name}': ${u.cause}`),
                      ];
            throw new CliError([`the program failed: ${e.message}`, ...e.programFrames.map((frame) => `    ${frame}`), ...unregistered].join("\n"), EXIT.usage);
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
