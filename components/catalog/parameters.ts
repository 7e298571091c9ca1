import { Family, FAMILIES } from "./types";
import { pgauditLogClasses, pgauditMissingClasses, PgauditClass } from "./pgaudit";
import { TlsVersion, tlsRank } from "./tls";

/** What a parameter's effective value must satisfy. */
export type ParameterRule =
    | { kind: "equals"; value: string }
    | { kind: "boolean"; value: boolean }
    | { kind: "tlsAtLeast"; value: TlsVersion }
    | { kind: "listIncludes"; values: string[] }
    | { kind: "pgauditCovers"; classes: PgauditClass[] };

/** A parameter a control requires, with the value we set when the family default does not satisfy it. */
export interface RequiredParameter {
    name: string;
    /** Control id this setting belongs to. */
    control: string;
    rule: ParameterRule;
    /** The value the component declares when the family default does not satisfy the rule. */
    desired: string;
    /** Static parameters need a reboot to apply (RDS rejects `immediate` for them). */
    applyMethod: "immediate" | "pending-reboot";
    /** Only meaningful on RDS (no such GUC on a self-managed PostgreSQL). */
    rdsOnly?: boolean;
}

/** pgaudit statement classes every posture logs (HPG-AUD-02). */
export const REQUIRED_PGAUDIT_CLASSES: PgauditClass[] = ["ddl", "write", "role"];

/** Every parameter a control needs. Components build from this list; policies and live checks judge against it. */
export const REQUIRED_PARAMETERS: readonly RequiredParameter[] = [
    { name: "rds.force_ssl", control: "HPG-TLS-01", rule: { kind: "boolean", value: true }, desired: "1", applyMethod: "immediate", rdsOnly: true },
    { name: "ssl_min_protocol_version", control: "HPG-TLS-02", rule: { kind: "tlsAtLeast", value: "TLSv1.2" }, desired: "TLSv1.2", applyMethod: "immediate" },
    {
        name: "shared_preload_libraries",
        control: "HPG-AUD-01",
        rule: { kind: "listIncludes", values: ["pgaudit", "pg_stat_statements"] },
        desired: "pg_stat_statements,pgaudit",
        applyMethod: "pending-reboot",
    },
    { name: "pgaudit.log", control: "HPG-AUD-02", rule: { kind: "pgauditCovers", classes: REQUIRED_PGAUDIT_CLASSES }, desired: "ddl,write,role", applyMethod: "immediate" },
    { name: "pgaudit.log_parameter", control: "HPG-AUD-03", rule: { kind: "boolean", value: false }, desired: "0", applyMethod: "immediate" },
    { name: "log_connections", control: "HPG-AUD-04", rule: { kind: "boolean", value: true }, desired: "1", applyMethod: "immediate" },
    { name: "log_disconnections", control: "HPG-AUD-04", rule: { kind: "boolean", value: true }, desired: "1", applyMethod: "immediate" },
    { name: "pgaudit.role", control: "HPG-AUD-05", rule: { kind: "equals", value: "rds_pgaudit" }, desired: "rds_pgaudit", applyMethod: "immediate", rdsOnly: true },
    { name: "password_encryption", control: "HPG-PWD-01", rule: { kind: "equals", value: "scram-sha-256" }, desired: "scram-sha-256", applyMethod: "immediate" },
];

/**
 * The RDS default of each parameter above, per family: what the parameter is when a custom group does not declare it.
 * RDS reports only user-modified parameters, so declaring one equal to its default causes a perpetual diff
 * (hashicorp/terraform-provider-aws#23335); the component declares only what differs from this table.
 * Sources: RDS for PostgreSQL user guide ("rds.force_ssl" defaults to 1 from version 15; shared_preload_libraries
 * defaults to pg_stat_statements; password_encryption defaults to scram-sha-256 from 14), and PostgreSQL's own
 * defaults for the rest (ssl_min_protocol_version TLSv1.2 since 13; log_connections/log_disconnections off;
 * pgaudit.log none, pgaudit.log_parameter off, pgaudit.role unset).
 */
const POSTGRES_15_PLUS_DEFAULTS: Readonly<Record<string, string>> = {
    "rds.force_ssl": "1",
    ssl_min_protocol_version: "TLSv1.2",
    shared_preload_libraries: "pg_stat_statements",
    "pgaudit.log": "none",
    "pgaudit.log_parameter": "0",
    "pgaudit.role": "",
    log_connections: "0",
    log_disconnections: "0",
    password_encryption: "scram-sha-256",
};

export const RDS_PARAMETER_DEFAULTS: Readonly<Record<Family, Readonly<Record<string, string>>>> = {
    postgres15: POSTGRES_15_PLUS_DEFAULTS,
    postgres16: POSTGRES_15_PLUS_DEFAULTS,
    postgres17: POSTGRES_15_PLUS_DEFAULTS,
};

/** The family for an engine version such as "16" or "16.4"; undefined when unsupported. */
export function familyForEngineVersion(engineVersion: string): Family | undefined {
    const m = /^(\d+)(\.\d+)?$/.exec(engineVersion.trim());
    const family = m ? (`postgres${m[1]}` as Family) : undefined;
    return family && FAMILIES.includes(family) ? family : undefined;
}

/** PostgreSQL's boolean spellings (postgresql.org "Parameter Names and Values"); undefined if not a boolean. */
export function parseBoolean(value: string | undefined): boolean | undefined {
    const v = (value ?? "").trim().toLowerCase();
    if (["1", "on", "true", "yes", "t", "y"].includes(v)) {
        return true;
    }
    if (["0", "off", "false", "no", "f", "n"].includes(v)) {
        return false;
    }
    return undefined;
}

/** Entries of a comma-separated GUC list, trimmed, lower-cased, without quotes. */
export function listEntries(value: string | undefined): string[] {
    return (value ?? "")
        .split(",")
        .map((s) => s.trim().replace(/^"|"$/g, "").toLowerCase())
        .filter((s) => s !== "");
}

/** Whether an effective value satisfies a rule. */
export function satisfiesRule(rule: ParameterRule, value: string | undefined): boolean {
    switch (rule.kind) {
        case "equals":
            return (value ?? "").trim().toLowerCase() === rule.value.toLowerCase();
        case "boolean":
            return parseBoolean(value) === rule.value;
        case "tlsAtLeast":
            return tlsRank(value) >= tlsRank(rule.value);
        case "listIncludes": {
            const entries = listEntries(value);
            return rule.values.every((v) => entries.includes(v));
        }
        case "pgauditCovers":
            return pgauditLogClasses(value).unknown.length === 0 && pgauditMissingClasses(value, rule.classes).length === 0;
    }
}

/** What a rule allows, in words for error and violation messages. */
export function describeRule(rule: ParameterRule): string {
    switch (rule.kind) {
        case "equals":
            return `'${rule.value}'`;
        case "boolean":
            return rule.value ? "on (1)" : "off (0)";
        case "tlsAtLeast":
            return `${rule.value} or higher`;
        case "listIncludes":
            return `a list including ${rule.values.join(" and ")}`;
        case "pgauditCovers":
            return `classes covering ${rule.classes.join(", ")} (e.g. 'ddl,write,role' or 'all')`;
    }
}

/**
 * The value that satisfies `rule` when a user's value does not: for lists we keep the user's entries and add ours,
 * so `shared_preload_libraries=pg_hint_plan` becomes `pg_hint_plan,pg_stat_statements,pgaudit`.
 */
export function mergeListValue(userValue: string, required: string[]): string {
    const entries = (userValue ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
    const lower = entries.map((e) => e.toLowerCase());
    for (const r of required) {
        if (!lower.includes(r)) {
            entries.push(r);
        }
    }
    return entries.join(",");
}

/** A parameter's effective value in a group of `family`: the declared value, or the family default. */
export function effectiveParameterValue(family: Family, declared: ReadonlyMap<string, string>, name: string): string | undefined {
    return declared.has(name) ? declared.get(name) : RDS_PARAMETER_DEFAULTS[family][name];
}

/** The required parameters that apply to RDS or to a self-managed server. */
export function requiredParametersFor(target: "rds" | "self-managed"): RequiredParameter[] {
    return REQUIRED_PARAMETERS.filter((p) => target === "rds" || !p.rdsOnly);
}
