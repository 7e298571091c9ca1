import * as path from "path";
import { ParsedArgs, flagValue } from "../args";
import { CliError } from "../errors";
import { Platform, VerifyOptions } from "../../../policies/live";

/**
 * Takes every `--name value` / `--name=value` out of argv (values may also be comma-separated), for flags that
 * may repeat; parseArgs keeps only the last value of a flag.
 */
export function takeRepeatable(argv: string[], name: string): { values: string[]; rest: string[] } {
    const values: string[] = [];
    const rest: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === `--${name}`) {
            const value = argv[++i];
            if (value === undefined || value === "" || value.startsWith("--")) {
                throw new CliError(`--${name} needs a value`);
            }
            values.push(...value.split(","));
        } else if (arg.startsWith(`--${name}=`)) {
            values.push(...arg.slice(name.length + 3).split(","));
        } else {
            rest.push(arg);
        }
    }
    const cleaned = values.map((v) => v.trim());
    if (cleaned.some((v) => v === "")) {
        throw new CliError(`--${name} has an empty value`);
    }
    return { values: cleaned, rest };
}

/** Flags shared by `verify` and `evidence`. */
export const LIVE_VALUE_FLAGS = ["url", "tenant-column", "platform", "audit-archive", "expect-anchor"];

/** The repeatable flags of `verify` and `evidence`, each declaring what HPG-ROLE-01 accepts, and the option it sets. */
export const DECLARATION_FLAGS = {
    "admin-role": "adminRoles",
    "migrator-role": "migratorRoles",
    "replication-role": "replicationRoles",
    "declared-publication": "declaredPublications",
} as const;

/** What the declaration flags set: only the options whose flag was given. */
export type Declarations = Partial<Pick<VerifyOptions, (typeof DECLARATION_FLAGS)[keyof typeof DECLARATION_FLAGS]>>;

/** Takes every declaration flag out of argv; the rest is for parseArgs. */
export function takeDeclarations(argv: string[]): { declarations: Declarations; rest: string[] } {
    const declarations: Declarations = {};
    let rest = argv;
    for (const [flag, option] of Object.entries(DECLARATION_FLAGS) as [keyof typeof DECLARATION_FLAGS, keyof Declarations][]) {
        const taken = takeRepeatable(rest, flag);
        if (taken.values.length > 0) {
            declarations[option] = taken.values;
        }
        rest = taken.rest;
    }
    return { declarations, rest };
}

/**
 * Verify options from flags. Each declaration flag (repeatable) replaces its default: `--admin-role` the catalog's
 * admin roles, `--migrator-role` its migrator roles, `--replication-role` and `--declared-publication` none; declaring
 * is an explicit act. The URL comes from `--url` or HPG_DATABASE_URL.
 */
export function liveOptions(args: ParsedArgs, declarations: Declarations, env: NodeJS.ProcessEnv = process.env): { url: string; options: Partial<VerifyOptions> } {
    const url = flagValue(args, "url") ?? env.HPG_DATABASE_URL;
    if (url === undefined || url === "") {
        throw new CliError("--url <postgresql://user@host:port/database?sslmode=verify-full&sslrootcert=ca.pem> is required (or set HPG_DATABASE_URL)");
    }
    const platform = flagValue(args, "platform");
    if (platform !== undefined && platform !== "rds" && platform !== "self-managed") {
        throw new CliError(`--platform must be rds or self-managed, got '${platform}'`);
    }
    const tenantColumn = flagValue(args, "tenant-column");
    // HPG-AUD-06: the local twin's audit archive, and the last hash recorded from an earlier run.
    const auditArchive = flagValue(args, "audit-archive");
    const expectAnchor = flagValue(args, "expect-anchor");
    if (expectAnchor !== undefined && !/^[0-9a-f]{64}$/.test(expectAnchor)) {
        throw new CliError(`--expect-anchor must be a SHA-256 in lower-case hex (64 characters, as verify prints the archive's last hash), got '${expectAnchor}'`);
    }
    if (expectAnchor !== undefined && auditArchive === undefined) {
        throw new CliError("--expect-anchor is the last hash of an audit archive: give the archive with --audit-archive <dir>");
    }
    return {
        url,
        options: {
            ...declarations,
            ...(tenantColumn !== undefined ? { tenantColumn } : {}),
            ...(platform !== undefined ? { platform: platform as Platform } : {}),
            ...(auditArchive !== undefined ? { auditArchive: path.resolve(auditArchive) } : {}),
            ...(expectAnchor !== undefined ? { expectAnchor } : {}),
        },
    };
}
