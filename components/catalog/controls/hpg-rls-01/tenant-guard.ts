import { TENANT_TRANSACTION_SETTING } from "../../facts/tenant-context";

/** A string as a regular expression that matches it literally. */
function literal(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** An identifier as PostgreSQL's deparser prints it: bare when it is a plain lower-case name, else double-quoted. */
function deparsedIdentifier(name: string): string {
    return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/**
 * The product's tenant rule (components/database-access tenantContextSql) as pg_get_expr prints it with its line breaks
 * collapsed to single spaces, e.g. `(tenant_id = ( SELECT CASE WHEN (current_setting('hpg.tenant_transaction'::text,
 * true) = (EXTRACT(epoch FROM transaction_timestamp()))::text) THEN (NULLIF(current_setting('app.tenant_id'::text,
 * true), ''::text))::uuid ELSE NULL::uuid END AS "case"))`. Only this exact form guarantees "no context, no rows" and
 * "a context lives only in the transaction that set it": anything that ORs, defaults, widens or drops the transaction
 * binding does not match. (A text-typed tenant prints without the cast.)
 */
export function tenantGuardPattern(column: string, setting: string): RegExp {
    const read = (name: string) => `current_setting\\('${literal(name.replace(/'/g, "''"))}'::text, true\\)`;
    const nullif = `NULLIF\\(${read(setting)}, ''::text\\)`;
    const bound = `\\(${read(TENANT_TRANSACTION_SETTING)} = \\(EXTRACT\\(epoch FROM transaction_timestamp\\(\\)\\)\\)::text\\)`;
    const type = "[a-z][a-z0-9_ ]*";
    return new RegExp(
        `^\\(${literal(deparsedIdentifier(column))} = \\( SELECT CASE WHEN ${bound} THEN (?:\\(${nullif}\\)::${type}|${nullif}) ELSE NULL::${type} END AS "case"\\)\\)$`,
    );
}

/** pg_get_expr's pretty-printed text on one line: every run of white space becomes one space. */
export function oneLine(expression: string | null): string {
    return (expression ?? "").replace(/\s+/g, " ").trim();
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
    return p.kind === "RESTRICTIVE" && p.command === "ALL" && p.roles.includes("PUBLIC") && pattern.test(oneLine(p.using)) && pattern.test(oneLine(p.with_check));
}
