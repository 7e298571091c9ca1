import {
    quoteIdent,
    quoteLiteral,
    resolveAccessModel,
    ResolvedAccessModel,
    rlsPolicyRuleSql,
    rolePasswordSql,
    setTenantContextStatementSql,
    tenantContextSql,
    TENANT_GUARD_POLICY,
    TENANT_POLICY,
} from "../components/database-access";
import { RlsAccess } from "./results";

/** The product's tenant settings (access model defaults): setting `app.tenant_id`, column `tenant_id`, type uuid. */
export const RLS_MODEL: ResolvedAccessModel = resolveAccessModel({ loginRoles: [], tables: [] });

/** The two copies of the tenant table: the same rows, with and without the tenant index. */
export const RLS_TABLES = { indexed: "tenant_rows_indexed", unindexed: "tenant_rows_unindexed" } as const;

/** The login role each access path queries as. Bench-only roles; the explicit-WHERE one bypasses RLS to measure the query without it. */
export const RLS_ROLES: Readonly<Record<Exclude<RlsAccess, "rls-wrapped+where">, string>> = {
    "explicit-where": "bench_no_rls",
    "rls-wrapped": "bench_rls_wrapped",
    "rls-unwrapped": "bench_rls_unwrapped",
};

/** The product's policy rule: `"tenant_id" = (select case when <the context was set in this transaction> then nullif(current_setting('app.tenant_id', true), '')::uuid end)`. */
export function wrappedRuleSql(): string {
    return rlsPolicyRuleSql(RLS_MODEL);
}

/**
 * The same rule without the `(select …)` wrapper, derived from the product's own context expression so both forms
 * change together. Without the wrapper the planner cannot make the setting an initPlan evaluated once per statement.
 */
export function unwrappedRuleSql(): string {
    const context = tenantContextSql(RLS_MODEL);
    const m = /^\(select (.*)\)$/s.exec(context);
    if (!m) {
        throw new Error(`the product's tenant context is no longer '(select …)': ${context}; update bench/rls-schema-sql.ts`);
    }
    return `${quoteIdent(RLS_MODEL.tenant.column)} = ${m[1]}`;
}

/** The tenant of row `id`: tenants' rows are interleaved through the table, as rows arriving over time are. */
export function tenantOfRowSql(idExpr: string, tenants: number): string {
    return `md5('tenant-' || (${idExpr} % ${tenants}))::uuid`;
}

/** Tables, rows, index, RLS with the product's policies (permissive + restrictive guard, forced) per role, and grants. */
export function rlsSetupSql(rows: number, tenants: number, passwords: Record<string, string>): string[] {
    const col = quoteIdent(RLS_MODEL.tenant.column);
    const out: string[] = [];
    for (const role of Object.values(RLS_ROLES)) {
        const bypass = role === RLS_ROLES["explicit-where"] ? "BYPASSRLS" : "NOBYPASSRLS";
        out.push(`CREATE ROLE ${quoteIdent(role)} LOGIN NOSUPERUSER ${bypass}`, rolePasswordSql(role, passwords[role]));
    }
    const [indexed, unindexed] = [quoteIdent(RLS_TABLES.indexed), quoteIdent(RLS_TABLES.unindexed)];
    for (const table of [indexed, unindexed]) {
        out.push(`CREATE TABLE ${table} (
    id bigint PRIMARY KEY,
    ${col} ${RLS_MODEL.tenant.type} NOT NULL,
    amount numeric(12, 2) NOT NULL,
    created_at timestamptz NOT NULL,
    note text NOT NULL
)`);
    }
    out.push(
        `INSERT INTO ${indexed} SELECT g, ${tenantOfRowSql("g", tenants)}, (g % 100000) / 100.0, TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 second', md5(g::text)
FROM generate_series(1, ${rows}) AS g`,
        `INSERT INTO ${unindexed} SELECT * FROM ${indexed}`,
        `CREATE INDEX ON ${indexed} (${col})`,
    );
    const roleRules: Array<[string, string]> = [
        [RLS_ROLES["rls-wrapped"], wrappedRuleSql()],
        [RLS_ROLES["rls-unwrapped"], unwrappedRuleSql()],
    ];
    for (const table of [indexed, unindexed]) {
        out.push(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`, `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
        // The product's pair (hpg.enable_tenant_isolation), once per role so each role sees exactly one form of the rule.
        for (const [role, rule] of roleRules) {
            const r = quoteIdent(role);
            out.push(
                `CREATE POLICY ${quoteIdent(`${TENANT_POLICY}_${role}`)} ON ${table} AS PERMISSIVE FOR ALL TO ${r} USING (${rule}) WITH CHECK (${rule})`,
                `CREATE POLICY ${quoteIdent(`${TENANT_GUARD_POLICY}_${role}`)} ON ${table} AS RESTRICTIVE FOR ALL TO ${r} USING (${rule}) WITH CHECK (${rule})`,
            );
        }
        out.push(`GRANT SELECT ON ${table} TO ${Object.values(RLS_ROLES).map(quoteIdent).join(", ")}`);
    }
    out.push(`VACUUM (ANALYZE) ${indexed}`, `VACUUM (ANALYZE) ${unindexed}`);
    return out;
}

/** Sets the tenant context of the current transaction, as the application does (hpg.set_tenant) before its queries. */
export function setTenantSql(): string {
    return setTenantContextStatementSql(RLS_MODEL);
}
