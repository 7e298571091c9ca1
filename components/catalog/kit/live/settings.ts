import { ControlId, describeRule, judgementsOf, RequiredParameter, requiredParametersFor, satisfiesRule, SettingsJudgement } from "../..";
import { CheckContext, Platform } from "./types";

/** The catalog's required parameters of `control` that apply to `platform` (never re-typed here). */
export function requiredParametersOf(control: ControlId, platform: Platform): RequiredParameter[] {
    return requiredParametersFor(platform, control);
}

/** `SHOW` works for every core setting; extension settings are read with current_setting(name, true) so that a missing extension reads as NULL. */
function isCoreSetting(name: string): boolean {
    return !name.includes(".");
}

/**
 * The server's effective value of `name` for this session, recorded as `SHOW name` (or current_setting for
 * extension settings, which are undefined when the extension is not loaded).
 */
export async function readSetting(ctx: CheckContext, name: string): Promise<string | undefined> {
    if (isCoreSetting(name)) {
        const rows = await ctx.query(`Effective ${name}`, `SHOW ${quoteSettingName(name)}`);
        return rows.length > 0 ? String(Object.values(rows[0])[0]) : undefined;
    }
    const rows = await ctx.query<{ value: string | null }>(`Effective ${name} (NULL when the extension is not loaded)`, `SELECT pg_catalog.current_setting($1, true) AS "value"`, [name]);
    const value = rows[0]?.value;
    return value === null || value === undefined ? undefined : value;
}

/** A core setting name as SHOW accepts it; names come from the catalog, and the check keeps it that way. */
function quoteSettingName(name: string): string {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
        throw new Error(`not a core setting name: '${name}'`);
    }
    return name;
}

/** One `ALTER ROLE/DATABASE … SET` of a judged parameter: it replaces the server's value for the sessions it matches. */
export interface SettingOverride {
    database: string;
    role: string;
    name: string;
    value: string;
}

/**
 * Per-role and per-database values of `names` (pg_db_role_setting). Only the judged parameters are read, so an
 * unrelated setting that holds a secret never reaches the evidence.
 */
export async function settingOverrides(ctx: CheckContext, names: string[]): Promise<SettingOverride[]> {
    return ctx.query<SettingOverride & Record<string, unknown>>(
        `Per-role and per-database overrides of ${names.join(", ")}`,
        `
SELECT coalesce(d.datname, '(every database)') AS "database",
       coalesce(r.rolname, '(every role)') AS "role",
       split_part(s.setting, '=', 1) AS "name",
       substr(s.setting, strpos(s.setting, '=') + 1) AS "value"
FROM pg_catalog.pg_db_role_setting AS x
LEFT JOIN pg_catalog.pg_database AS d ON d.oid = x.setdatabase
LEFT JOIN pg_catalog.pg_roles AS r ON r.oid = x.setrole
CROSS JOIN LATERAL unnest(x.setconfig) AS s(setting)
WHERE lower(split_part(s.setting, '=', 1)) = ANY($1)
ORDER BY 1, 2, 3`,
        [names.map((n) => n.toLowerCase())],
    );
}

/** Where and how a server-wide setting is changed: the DB parameter group on RDS, ALTER SYSTEM elsewhere. */
export function serverSettingFix(platform: Platform, name: string, value: string | undefined, applyMethod: "immediate" | "pending-reboot" = "immediate"): string {
    const assignment = value === undefined ? name : `${name} = '${value}'`;
    if (platform === "rds") {
        return `fix: set ${assignment} in the instance's DB parameter group${applyMethod === "pending-reboot" ? " and reboot" : ""}`;
    }
    return `fix: ALTER SYSTEM SET ${assignment}, then ${applyMethod === "pending-reboot" ? "restart the server" : "SELECT pg_reload_conf()"}`;
}

/** How to remove a per-role/per-database override, as the override listing names its scope. */
export function overrideResetFix(o: Pick<SettingOverride, "name" | "role" | "database">): string {
    return `fix: ${overrideResetStatement(o)}`;
}

/** The statement that removes a per-role/per-database override. */
export function overrideResetStatement(o: Pick<SettingOverride, "name" | "role" | "database">): string {
    const role = o.role === "(every role)" ? undefined : o.role;
    const database = o.database === "(every database)" ? undefined : o.database;
    const statement =
        role !== undefined
            ? `ALTER ROLE ${role}${database !== undefined ? ` IN DATABASE ${database}` : ""} RESET ${o.name}`
            : database !== undefined
              ? `ALTER DATABASE ${database} RESET ${o.name}`
              : `ALTER ROLE ALL RESET ${o.name}`;
    return statement;
}

/**
 * Judges the effective value and every override of each required parameter of `control`. Returns findings
 * such as "ssl_min_protocol_version is 'TLSv1.1'; required: TLSv1.2 or higher".
 */
export async function judgeRequiredParameters(ctx: CheckContext, control: ControlId): Promise<string[]> {
    const params = requiredParametersOf(control, ctx.platform);
    const findings: string[] = [];
    for (const p of params) {
        const value = await readSetting(ctx, p.name);
        if (value === undefined) {
            const fix = p.rdsOnly ? "fix: on RDS, set it in the instance's DB parameter group (a server without it is not RDS: verify it without --platform rds)" : serverSettingFix(ctx.platform, "shared_preload_libraries", undefined, "pending-reboot") + " to load its extension";
            findings.push(`${p.name} is not a setting of this server${p.rdsOnly ? " (an RDS parameter)" : " (its extension is not loaded)"}; required: ${describeRule(p.rule)}; ${fix}`);
        } else if (!satisfiesRule(p.rule, value)) {
            findings.push(`${p.name} is '${value}'; required: ${describeRule(p.rule)}; ${serverSettingFix(ctx.platform, p.name, p.desired, p.applyMethod)}`);
        }
    }
    findings.push(...(await judgeOverrides(ctx, params)));
    for (const judgement of judgementsOf(control)) {
        findings.push(...(await judgeSettings(ctx, judgement)));
    }
    return findings;
}

/**
 * Any per-role or per-database value of a judged setting is a finding, even a compliant one: it applies to some sessions
 * only, and on the verifying role it shows verify a value nobody else gets while the server's own value goes unseen.
 */
export function overrideFinding(o: SettingOverride): string {
    return `${o.name} is overridden to '${o.value}' for role ${o.role} in database ${o.database}, which hides the server's value from verify and applies to those sessions only; fix: ${overrideResetStatement(o)}, and set it server-wide`;
}

/**
 * Judges the server's effective values of the settings a judgement reads, then each role/database override set of
 * them: an override replaces the server's value for the sessions it matches, so each is judged with it applied.
 */
export async function judgeSettings(ctx: CheckContext, judgement: SettingsJudgement): Promise<string[]> {
    const server = new Map<string, string | undefined>();
    for (const r of judgement.reads) {
        server.set(r.name.toLowerCase(), await readSetting(ctx, r.name));
    }
    const where = ctx.platform === "rds" ? "in the instance's DB parameter group" : "server-wide with ALTER SYSTEM SET, then SELECT pg_reload_conf()";
    const findings = judgement.judge((name) => server.get(name.toLowerCase())).map((problem) => `${problem}; required: ${judgement.fix}; fix: set them ${where}`);
    const overrides = await settingOverrides(
        ctx,
        judgement.reads.map((r) => r.name),
    );
    const scopes = new Map<string, SettingOverride[]>();
    for (const o of overrides) {
        const key = `${o.role}\u0000${o.database}`;
        scopes.set(key, [...(scopes.get(key) ?? []), o]);
    }
    for (const scoped of scopes.values()) {
        const values = new Map(server);
        for (const o of scoped) {
            values.set(o.name.toLowerCase(), o.value);
        }
        const problems = judgement.judge((name) => values.get(name.toLowerCase()));
        for (const problem of problems) {
            findings.push(
                `for role ${scoped[0].role} in database ${scoped[0].database} (overridden: ${scoped.map((o) => `${o.name}=${o.value}`).join(", ")}): ${problem}; required: ${judgement.fix}; fix: ${scoped.map(overrideResetStatement).join("; ")}`,
            );
        }
        if (problems.length === 0) {
            findings.push(...scoped.map(overrideFinding));
        }
    }
    return findings;
}

/** Findings for per-role/per-database overrides of `params` whose value breaks the parameter's rule. */
export async function judgeOverrides(ctx: CheckContext, params: RequiredParameter[]): Promise<string[]> {
    if (params.length === 0) {
        return [];
    }
    const overrides = await settingOverrides(
        ctx,
        params.map((p) => p.name),
    );
    const findings: string[] = [];
    for (const o of overrides) {
        const p = params.find((q) => q.name.toLowerCase() === o.name.toLowerCase());
        if (p && !satisfiesRule(p.rule, o.value)) {
            findings.push(`${p.name} is overridden to '${o.value}' for role ${o.role} in database ${o.database}; required: ${describeRule(p.rule)}; ${overrideResetFix(o)}`);
        } else if (p) {
            findings.push(overrideFinding(o));
        }
    }
    return findings;
}
