/** A string as a regular expression that matches it literally. */
function literal(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** An identifier as PostgreSQL's deparser prints it: bare when it is a plain lower-case name, else double-quoted. */
function deparsedIdentifier(name: string): string {
    return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/**
 * The product's tenant rule, `"<column>" = (select nullif(pg_catalog.current_setting('<setting>', true), '')::<type>)`,
 * as pg_get_expr prints it, e.g. `(tenant_id = ( SELECT (NULLIF(current_setting('app.tenant_id'::text, true),
 * ''::text))::uuid AS "nullif"))`. Only this exact form guarantees "no context, no rows": anything that ORs, defaults
 * or widens it does not match. (A text-typed tenant prints without the outer cast.)
 */
export function tenantGuardPattern(column: string, setting: string): RegExp {
    const nullif = `NULLIF\\(current_setting\\('${literal(setting.replace(/'/g, "''"))}'::text, true\\), ''::text\\)`;
    return new RegExp(`^\\(${literal(deparsedIdentifier(column))} = \\( SELECT (?:\\(${nullif}\\)::[a-z][a-z0-9_ ]*|${nullif}) AS "nullif"\\)\\)$`);
}

/** A policy row as the RLS-01 check reads it. */
export interface GuardCandidate {
    kind: "PERMISSIVE" | "RESTRICTIVE";
    command: string;
    roles: string[];
    using: string | null;
    with_check: string | null;
}

/** Whether `p` is the product's restrictive guard in its exact form: for every command, every role, USING and WITH CHECK. */
export function isExactTenantGuard(p: GuardCandidate, pattern: RegExp): boolean {
    return p.kind === "RESTRICTIVE" && p.command === "ALL" && p.roles.includes("PUBLIC") && pattern.test(p.using ?? "") && pattern.test(p.with_check ?? "");
}
