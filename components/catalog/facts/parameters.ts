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

/**
 * Where a default the catalog relies on comes from. `confirmed`: a page that states it, with its words (or the table
 * row that does). `unconfirmed`: no such text was found, so nothing may rely on the value: the component declares the
 * parameter and the pack requires it declared, accepting a one-time diff instead of a silent gap (issue 14 item 6).
 */
export type DefaultSource = { confirmed: true; url: string; states: string } | { confirmed: false; why: string };

/** A parameter a control requires, declared in that control's module; the catalog adds which control it belongs to. */
export interface ParameterRequirement {
    name: string;
    rule: ParameterRule;
    /** The value the component declares when the family default does not satisfy the rule. */
    desired: string;
    /**
     * RDS's default for every supported family not in `rdsDefaultByFamily`: what the parameter is when a custom group
     * does not declare it. The component leaves out a compliant default only when `defaultSource` confirms it; an
     * unconfirmed compliant one is declared with pending-reboot (an `immediate` equal to the default never settles).
     */
    rdsDefault: string;
    /** The families whose RDS default differs from `rdsDefault` (e.g. rds.force_ssl is 0 on postgres14). */
    rdsDefaultByFamily?: Partial<Record<Family, string>>;
    /** Where `rdsDefault` (and, unless `defaultSourceByFamily` says otherwise, each family's default) is stated. */
    defaultSource: DefaultSource;
    /** The families whose default has its own source (e.g. a family whose default a different page states). */
    defaultSourceByFamily?: Partial<Record<Family, DefaultSource>>;
    /** Static parameters need a reboot to apply (RDS rejects `immediate` for them). */
    applyMethod: "immediate" | "pending-reboot";
    /** Only meaningful on RDS (no such GUC on a self-managed PostgreSQL). */
    rdsOnly?: boolean;
}

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
        if (!lower.includes(r.toLowerCase())) {
            entries.push(r);
            lower.push(r.toLowerCase());
        }
    }
    return entries.join(",");
}

/** The source of a requirement's default in one family. */
export function defaultSourceFor(requirement: Pick<ParameterRequirement, "defaultSource" | "defaultSourceByFamily">, family: Family): DefaultSource {
    return requirement.defaultSourceByFamily?.[family] ?? requirement.defaultSource;
}

/** A setting a judgement reads, with its default where a group or server does not set it. */
export interface JudgedSetting {
    name: string;
    /** RDS's default for every supported family (the same as PostgreSQL's unless RDS changes it). */
    rdsDefault: string;
    /** Where that default is stated, or why it is unconfirmed. */
    defaultSource: DefaultSource;
    /**
     * Set when an unconfirmed default is not declared by the component, saying why: declaring a name the family's RDS
     * parameter group lacks fails `pulumi up`, so only parameters AWS documents as RDS parameters are declared.
     */
    notDeclared?: string;
}

/**
 * A requirement on several settings at once, e.g. "statement logging may be on only if bound values are cut to 0".
 * Per-parameter rules can't say it without blocking correct configurations (log_statement=none with
 * log_parameter_max_length left at -1 is safe), so the control judges the effective values together.
 */
export interface SettingsJudgement {
    /** The settings it reads: the component, the pack and `verify` all resolve exactly these. */
    reads: readonly JudgedSetting[];
    /** Each problem with the effective values, in words; empty when they comply. `value` is undefined for a setting the server doesn't define. */
    judge(value: (name: string) => string | undefined): string[];
    /** What fixes it, in words. */
    fix: string;
}

/** A numeric setting's value as PostgreSQL reads it: leading number, unit ignored ("500ms" → 500, "-1" → -1); undefined if not a number. */
export function numericSetting(value: string | undefined): number | undefined {
    const n = Number.parseFloat((value ?? "").trim());
    return Number.isNaN(n) ? undefined : n;
}
