import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { adoptionImportFile, ImportFileEntry, RetainedResource, retainedNamedResources } from "../../../components/hardened-postgres/retained-resources";
import { InvalidArgumentsError, validateHardenedPostgresArgs } from "../../../components/hardened-postgres/validate";
import { loadStackConfig } from "../../../policies/offline-check/stack-files";
import { readStackConfig, StackConfigError } from "../../program/stack-config";
import { STACKS_DIR } from "../../program/stack-files";
import { flagValue, parseArgs } from "../args";
import { CliError, EXIT } from "../errors";

/** What the stack program names its component: the identifier, else `hpg-<stack>` (infra/program/program.ts). */
export function componentNameOf(stack: string, identifier: string | undefined): string {
    return identifier ?? `hpg-${stack}`;
}

/** What a stack's last destroy left behind under names it declares again, from its config file, and the import document that adopts it. */
export interface StackAdoption {
    componentName: string;
    identifier: string;
    retained: RetainedResource[];
    importFile: { resources: ImportFileEntry[] };
}

export function stackAdoption(stack: string, configFile: string): StackAdoption {
    let config: Record<string, string>;
    try {
        config = loadStackConfig(configFile);
    } catch (e) {
        // A system error from fs may come from another realm (not `instanceof Error` here): read its message as a field.
        const message = typeof (e as { message?: unknown })?.message === "string" ? (e as { message: string }).message : String(e);
        throw new CliError(`[--config] ${message}`);
    }
    pulumi.runtime.setAllConfig(config);
    try {
        const args = readStackConfig();
        const name = componentNameOf(stack, args.identifier);
        const settings = validateHardenedPostgresArgs(name, args);
        return { componentName: name, identifier: settings.identifier, retained: retainedNamedResources(name, settings), importFile: adoptionImportFile(name, settings) };
    } catch (e) {
        if (e instanceof StackConfigError || e instanceof InvalidArgumentsError) {
            throw new CliError(`${configFile}: invalid stack configuration:\n${e.problems.map((p) => `  ${p}`).join("\n")}`);
        }
        throw e;
    }
}

/**
 * `import-retained --stack <name> [--config <file>] [--out <file>]`: prints the `pulumi import --file` document that adopts
 * what `pulumi destroy` left of the stack under names the next `pulumi up` declares again (the RDS log groups and the
 * audit delivery's error group), so a stack can be re-created with the same identifier. With `--out` it writes the file
 * and prints the command to run; without, the JSON goes to stdout. Exit 0, or 2 for a bad stack or config.
 */
export async function runImportRetained(argv: string[]): Promise<number> {
    const args = parseArgs(argv, ["stack", "config", "out"], []);
    if (args.positional.length > 0) {
        throw new CliError(`unexpected argument '${args.positional[0]}'`);
    }
    const stack = flagValue(args, "stack");
    if (stack === undefined) {
        throw new CliError("[--stack] is required: the stack to re-create, whose config names its identifier");
    }
    const configFile = flagValue(args, "config") ?? path.join(STACKS_DIR, `Pulumi.${stack}.yaml`);
    const { componentName, identifier, retained, importFile } = stackAdoption(stack, configFile);
    const document = `${JSON.stringify(importFile, null, 2)}\n`;
    const out = flagValue(args, "out");
    if (out === undefined) {
        console.log(document.trimEnd());
        return EXIT.ok;
    }
    fs.writeFileSync(out, document);
    if (retained.length === 0) {
        console.log(`${out}: nothing to adopt: stack ${stack} retains nothing on destroy under a name it declares again (retainOnDelete is off)`);
        return EXIT.ok;
    }
    console.log(
        [
            `${out}: adopts ${retained.length} resource(s) of ${identifier} kept by the last destroy, under component ${componentName}:`,
            ...retained.map((r) => `  ${r.id} as ${r.name} (${r.why})`),
            "Then, with the stack selected and the resources still in AWS:",
            `  pulumi import --stack ${stack} --file ${out} --generate-code=false --yes`,
            `  pulumi up --stack ${stack}`,
        ].join("\n"),
    );
    return EXIT.ok;
}
