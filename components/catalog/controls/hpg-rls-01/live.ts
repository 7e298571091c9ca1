import { ProtectedTable, protectedTables } from "../../kit/live/application-objects";
import { overrideResetFix, settingOverrides } from "../../kit/live/settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { control } from "./control";
import { crossTenantReferenceFindings } from "./cross-tenant-references";
import { largeObjectFindings } from "./large-objects";
import { sequencePrivilegeFindings } from "./sequence-privileges";
import { isExactTenantGuard, tenantGuardPattern } from "./tenant-guard";

interface PolicyRow {
    table: string;
    policy: string;
    kind: "PERMISSIVE" | "RESTRICTIVE";
    command: string;
    roles: string[];
    using: string | null;
    with_check: string | null;
}

export const POLICIES_SQL = `
SELECT p.polrelid::pg_catalog.regclass::text AS "table",
       p.polname AS "policy",
       CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END AS "kind",
       CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS "command",
       ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(r)::text END FROM unnest(p.polroles) AS r ORDER BY 1) AS "roles",
       pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS "using",
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS "with_check"
FROM pg_catalog.pg_policy AS p
WHERE p.polrelid = ANY($1::pg_catalog.oid[])
ORDER BY 1, 2`;

/** Whether a policy expression reads `column` (as a whole identifier, quoted or not). */
function mentionsColumn(expression: string | null, column: string): boolean {
    if (expression === null) {
        return false;
    }
    const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(^|[^A-Za-z0-9_$"])("${escaped.replace(/"/g, '""')}"|${escaped})([^A-Za-z0-9_$"]|$)`).test(expression);
}

/** The helper call that (re)creates a table's isolation: tenant tables by their column, classified-only tables need a tenant column first. */
function isolationFix(t: ProtectedTable): string {
    return t.has_tenant_column
        ? `SELECT hpg.enable_tenant_isolation('${t.table}') as the owner (enables and forces RLS and (re)creates both tenant policies)`
        : `give ${t.table} a tenant column and SELECT hpg.enable_tenant_isolation('${t.table}') as the owner, or ENABLE and FORCE ROW LEVEL SECURITY with a policy of your own`;
}

function whyProtected(t: ProtectedTable, tenantColumn: string): string {
    const reasons = [t.has_tenant_column ? `tenant column ${tenantColumn}` : "", t.classified_columns.length > 0 ? `classified ${t.classified_columns.join(", ")}` : ""].filter((r) => r !== "");
    return reasons.join("; ");
}

/**
 * HPG-RLS-01: every table with the tenant column or a classified column has row-level security enabled and forced
 * and at least one policy; on tenant tables a permissive policy filters on the tenant column, and no permissive
 * policy lets every row through (USING true or WITH CHECK true).
 */
export const tenantRowSecurity: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        const tenantColumn = ctx.options.tenantColumn;
        const tables = await protectedTables(ctx);
        const notes: string[] = [];
        if (tables.length === 0) {
            const why = `no table has the tenant column '${tenantColumn}' or a classified column`;
            notes.push(why);
            return { findings: [...(await tenantContextDefaults(ctx))], notes, vacuous: why };
        }
        const policies = await ctx.query<PolicyRow & Record<string, unknown>>("Row-level security policies on those tables", POLICIES_SQL, [tables.map((t) => t.oid)]);
        const findings: string[] = [];
        const guard = tenantGuardPattern(tenantColumn, ctx.options.tenantSetting);
        for (const t of tables) {
            const why = whyProtected(t, tenantColumn);
            if (!t.rls_enabled) {
                findings.push(`row-level security is not enabled on ${t.table} (${why}); fix: ${isolationFix(t)}`);
            }
            if (!t.rls_forced) {
                findings.push(`row-level security is not forced on ${t.table}, so its owner ${t.owner} bypasses it (${why}); fix: ${isolationFix(t)}`);
            }
            const own = policies.filter((p) => p.table === t.table);
            if (own.length === 0) {
                findings.push(`${t.table} has no row-level security policy (${why}); fix: ${isolationFix(t)}`);
                continue;
            }
            for (const p of own.filter((q) => q.kind === "PERMISSIVE")) {
                if (p.using?.trim() === "true" || p.with_check?.trim() === "true") {
                    findings.push(`policy ${p.policy} on ${t.table} lets every row through (${p.using?.trim() === "true" ? "USING true" : "WITH CHECK true"}); fix: DROP POLICY ${p.policy} ON ${t.table}`);
                }
            }
            if (t.has_tenant_column && !own.some((p) => p.kind === "PERMISSIVE" && mentionsColumn(p.using, tenantColumn))) {
                findings.push(`no permissive policy on ${t.table} filters rows on its tenant column ${tenantColumn}; fix: ${isolationFix(t)}`);
            }
            // Restrictive policies are ANDed with everything else: the exact guard is what makes "no context, no rows" hold
            // whatever permissive policy a migration adds (USING (1 = 1)) and whatever a tamper does to the others.
            if (t.has_tenant_column && !own.some((p) => isExactTenantGuard(p, guard))) {
                findings.push(
                    `${t.table} lacks the restrictive tenant guard in its exact form (AS RESTRICTIVE FOR ALL TO PUBLIC, USING and WITH CHECK ${tenantColumn} = the ${ctx.options.tenantSetting} that hpg.set_tenant set in this very transaction, NULL otherwise); fix: SELECT hpg.enable_tenant_isolation('${t.table}') as the owner`,
                );
            }
        }
        findings.push(...(await tenantContextDefaults(ctx)));
        // What row-level security does not cover: foreign-key checks, sequences shared by every tenant, large objects.
        findings.push(...(await crossTenantReferenceFindings(ctx)));
        for (const side of [await sequencePrivilegeFindings(ctx), await largeObjectFindings(ctx)]) {
            findings.push(...side.findings);
            notes.push(...side.notes);
        }
        return { findings, notes };
    },
};

/**
 * A tenant context that some session gets without setting it: a role or database default (ALTER ROLE/DATABASE … SET),
 * or a server default (ALTER SYSTEM SET, postgresql.conf), which this fresh session would see. Any of them lets a
 * context-less query read that tenant's rows.
 */
async function tenantContextDefaults(ctx: CheckContext): Promise<string[]> {
    const setting = ctx.options.tenantSetting;
    const findings: string[] = [];
    const overrides = await settingOverrides(ctx, [setting]);
    for (const o of overrides) {
        findings.push(`${setting} has a default '${o.value}' for role ${o.role} in database ${o.database}, so those sessions see that tenant without setting it; ${overrideResetFix(o)}`);
    }
    const rows = await ctx.query<{ value: string | null }>(`The ${setting} a new session starts with (it must be unset)`, `SELECT pg_catalog.current_setting($1, true) AS "value"`, [setting]);
    const value = rows[0]?.value ?? null;
    const appliesHere = overrides.some((o) => [ctx.target.user, "(every role)"].includes(o.role) && [ctx.target.database, "(every database)"].includes(o.database));
    if (value !== null && value !== "" && !appliesHere) {
        findings.push(`${setting} is '${value}' in a new session without being set, a server-wide default (ALTER SYSTEM or postgresql.conf); fix: ALTER SYSTEM RESET ${setting} (or remove it from postgresql.conf), then SELECT pg_reload_conf()`);
    }
    return findings;
}
