import { CliError } from "./errors";

/** Parsed `--flag value` / `--flag` options and positional arguments. */
export interface ParsedArgs {
    positional: string[];
    flags: Map<string, string | true>;
}

/**
 * Parses argv against the flags a command accepts. `valueFlags` take a value, `booleanFlags` do not.
 * Unknown flags and missing values are usage errors that name the flag.
 */
export function parseArgs(argv: string[], valueFlags: string[], booleanFlags: string[]): ParsedArgs {
    const positional: string[] = [];
    const flags = new Map<string, string | true>();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith("--")) {
            positional.push(arg);
            continue;
        }
        const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
        if (booleanFlags.includes(name)) {
            flags.set(name, true);
        } else if (valueFlags.includes(name)) {
            const value = inline ?? argv[++i];
            if (value === undefined || value === "") {
                throw new CliError(`--${name} needs a value`);
            }
            flags.set(name, value);
        } else {
            const allowed = [...valueFlags, ...booleanFlags].map((f) => `--${f}`).join(", ") || "none";
            throw new CliError(`unknown option '${arg}' (allowed: ${allowed})`);
        }
    }
    return { positional, flags };
}

/** A string flag's value, or undefined. */
export function flagValue(args: ParsedArgs, name: string): string | undefined {
    const v = args.flags.get(name);
    return typeof v === "string" ? v : undefined;
}
