import { AUDIT_ROLE, HELPER_SCHEMA, isClassifiedTable, ResolvedAccessModel, TENANT_POLICY } from "./model";
import { dollarQuote, qualified, quoteIdent, quoteLiteral } from "./sql-quote";

/** A restrictive twin of the tenant policy: a permissive policy someone adds later can never widen access past the tenant. */
export const TENANT_GUARD_POLICY = `${TENANT_POLICY}_guard`;

/**
 * The tenant context, read once per statement (an initPlan): unset or empty gives NULL, so `column = NULL` matches
 * no row and admits no write (HPG-RLS-01 fails closed).
 */
export function tenantContextSql(m: ResolvedAccessModel): string {
    return `(select nullif(pg_catalog.current_setting(${quoteLiteral(m.tenant.setting)}, true), '')::${m.tenant.type})`;
}

/** The policy rule for one table: its tenant column equals the context. */
export function rlsPolicyRuleSql(m: ResolvedAccessModel, column = m.tenant.column): string {
    return `${quoteIdent(column)} = ${tenantContextSql(m)}`;
}

const fn = (name: string) => qualified(HELPER_SCHEMA, name);

/**
 * `hpg.enable_tenant_isolation(regclass [, column])`: what migrations call for every new tenant table. Enables and forces
 * RLS and (re)creates the tenant policy (permissive, for reads and writes) and its restrictive guard. Runs as the caller,
 * who must own the table: migrations run as the owner.
 */
export function enableTenantIsolationFunctionSql(m: ResolvedAccessModel): string {
    const body = [
        "DECLARE",
        `    tenant_context constant text := ${quoteLiteral(tenantContextSql(m))};`,
        "    rule text;",
        "BEGIN",
        "    IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = tbl AND attname = tenant_column AND attnum > 0 AND NOT attisdropped) THEN",
        "        RAISE EXCEPTION 'table % has no column %: tenant isolation needs the tenant column', tbl, tenant_column;",
        "    END IF;",
        "    rule := format('%I = %s', tenant_column, tenant_context);",
        "    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);",
        "    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);",
        `    IF EXISTS (SELECT FROM pg_policy WHERE polrelid = tbl AND polname = ${quoteLiteral(TENANT_POLICY)}) THEN`,
        `        EXECUTE format('ALTER POLICY %I ON %s USING (%s) WITH CHECK (%s)', ${quoteLiteral(TENANT_POLICY)}, tbl, rule, rule);`,
        "    ELSE",
        `        EXECUTE format('CREATE POLICY %I ON %s AS PERMISSIVE FOR ALL TO PUBLIC USING (%s) WITH CHECK (%s)', ${quoteLiteral(TENANT_POLICY)}, tbl, rule, rule);`,
        "    END IF;",
        `    IF EXISTS (SELECT FROM pg_policy WHERE polrelid = tbl AND polname = ${quoteLiteral(TENANT_GUARD_POLICY)}) THEN`,
        `        EXECUTE format('ALTER POLICY %I ON %s USING (%s) WITH CHECK (%s)', ${quoteLiteral(TENANT_GUARD_POLICY)}, tbl, rule, rule);`,
        "    ELSE",
        `        EXECUTE format('CREATE POLICY %I ON %s AS RESTRICTIVE FOR ALL TO PUBLIC USING (%s) WITH CHECK (%s)', ${quoteLiteral(TENANT_GUARD_POLICY)}, tbl, rule, rule);`,
        "    END IF;",
        "END",
    ].join("\n");
    return [
        `CREATE OR REPLACE FUNCTION ${fn("enable_tenant_isolation")}(tbl regclass, tenant_column name DEFAULT ${quoteLiteral(m.tenant.column)})`,
        "RETURNS void LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp",
        `AS ${dollarQuote(body)}`,
    ].join("\n");
}

/** `hpg.audit_classified(regclass)`: what migrations call for every new classified table (HPG-AUD-05). */
export function auditClassifiedFunctionSql(): string {
    const body = ["BEGIN", `    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %s TO %I', tbl, ${quoteLiteral(AUDIT_ROLE)});`, "END"].join("\n");
    return [
        `CREATE OR REPLACE FUNCTION ${fn("audit_classified")}(tbl regclass)`,
        "RETURNS void LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp",
        `AS ${dollarQuote(body)}`,
    ].join("\n");
}

/**
 * What a row of `hpg.isolation_gaps` is: a `control` gap leaves a control unmet (isolation or auditing is missing);
 * a `performance` gap leaves the control met but costly (RLS without a tenant index scans the whole table per query).
 */
export type IsolationGapKind = "control" | "performance";

const gapKind = (kind: IsolationGapKind) => quoteLiteral(kind);

/**
 * `hpg.isolation_gaps`: one row per gap, detectable by anyone with USAGE on the helper schema (the auditor, `verify`):
 * tables with the tenant column (or declared tenant-scoped) without RLS enabled, forced and the tenant policy;
 * views over them that are not security_invoker; declared classified tables the audit role does not cover (all
 * `kind = 'control'`); and tenant tables (the tenant column, or the tenant policy) with no valid, non-partial index
 * whose first key column is the tenant column (`kind = 'performance'`).
 */
export function isolationGapsViewSql(m: ResolvedAccessModel): string {
    // Plain `schema.table` text (valid model identifiers hold no dot): to_regclass would need USAGE on the schema.
    const declaredTenant = m.tables.filter((t) => t.tenantScoped).map((t) => quoteLiteral(`${m.schema}.${t.name}`));
    const declaredClassified = m.tables.filter(isClassifiedTable).map((t) => quoteLiteral(`${m.schema}.${t.name}`));
    const asArray = (items: string[]) => (items.length > 0 ? `ARRAY[${items.join(", ")}]::text[]` : "ARRAY[]::text[]");
    return `CREATE OR REPLACE VIEW ${fn("isolation_gaps")} WITH (security_invoker = true) AS
WITH user_tables AS (
    SELECT c.oid, n.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', ${quoteLiteral(HELPER_SCHEMA)}) AND n.nspname NOT LIKE 'pg\\_%'
), tenant_tables AS (
    SELECT t.* FROM user_tables t
    WHERE EXISTS (SELECT FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.oid AND a.attname = ${quoteLiteral(m.tenant.column)} AND a.attnum > 0 AND NOT a.attisdropped)
       OR t.nspname || '.' || t.relname = ANY (${asArray(declaredTenant)})
), tenant_columns AS (
    -- The model's tenant column, or the column the tenant policy depends on (enable_tenant_isolation accepts another).
    SELECT t.oid, t.nspname, t.relname, a.attnum, a.attname
    FROM user_tables t JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE a.attname = ${quoteLiteral(m.tenant.column)}
       OR EXISTS (SELECT FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass AND d.objid = p.oid
                  WHERE p.polrelid = t.oid AND p.polname = ${quoteLiteral(TENANT_POLICY)}
                    AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = t.oid AND d.refobjsubid = a.attnum)
)
SELECT pg_catalog.format('%I.%I', nspname, relname) AS object, 'HPG-RLS-01'::text AS control, 'row-level security is not enabled'::text AS problem, ${gapKind("control")}::text AS kind
FROM tenant_tables WHERE NOT relrowsecurity
UNION ALL
SELECT pg_catalog.format('%I.%I', nspname, relname), 'HPG-RLS-01', 'row-level security is not forced', ${gapKind("control")}
FROM tenant_tables WHERE NOT relforcerowsecurity
UNION ALL
SELECT pg_catalog.format('%I.%I', nspname, relname), 'HPG-RLS-01', 'no tenant isolation policy', ${gapKind("control")}
FROM tenant_tables t WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_policy p WHERE p.polrelid = t.oid AND p.polname = ${quoteLiteral(TENANT_POLICY)})
UNION ALL
SELECT pg_catalog.format('%I.%I', n.nspname, v.relname), 'HPG-RLS-02', 'view over a tenant table is not security_invoker', ${gapKind("control")}
FROM pg_catalog.pg_class v JOIN pg_catalog.pg_namespace n ON n.oid = v.relnamespace
WHERE v.relkind = 'v'
  AND NOT EXISTS (SELECT FROM unnest(coalesce(v.reloptions, '{}')) o WHERE o ~* '^security_invoker=(true|on|yes|1|t|y)$')
  AND EXISTS (SELECT FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
              WHERE r.ev_class = v.oid AND d.refobjid IN (SELECT oid FROM tenant_tables))
UNION ALL
SELECT pg_catalog.format('%I.%I', nspname, relname), 'HPG-AUD-05', 'classified table is not covered by pgaudit object auditing', ${gapKind("control")}
FROM user_tables t
WHERE t.nspname || '.' || t.relname = ANY (${asArray(declaredClassified)})
  AND NOT (pg_catalog.has_table_privilege(${quoteLiteral(AUDIT_ROLE)}, t.oid, 'SELECT')
       AND pg_catalog.has_table_privilege(${quoteLiteral(AUDIT_ROLE)}, t.oid, 'INSERT')
       AND pg_catalog.has_table_privilege(${quoteLiteral(AUDIT_ROLE)}, t.oid, 'UPDATE')
       AND pg_catalog.has_table_privilege(${quoteLiteral(AUDIT_ROLE)}, t.oid, 'DELETE'))
UNION ALL
-- The policy is met without the index, but each tenant-scoped query then reads the whole table (bench: ~50x on 1M rows).
SELECT pg_catalog.format('%I.%I', nspname, relname), 'HPG-RLS-01',
       pg_catalog.format('no index leading on %I: every tenant-scoped query scans the table', attname), ${gapKind("performance")}
FROM tenant_columns c
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_index i
                  WHERE i.indrelid = c.oid AND i.indisvalid AND i.indpred IS NULL AND i.indkey[0] = c.attnum)`;
}

/** The helpers in the helper schema, created as the owner so the owner owns them; callable by the owner only. */
export function helperSql(m: ResolvedAccessModel): string[] {
    const owner = quoteIdent(m.groups.owner);
    return [
        `SET ROLE ${owner}`,
        enableTenantIsolationFunctionSql(m),
        auditClassifiedFunctionSql(),
        isolationGapsViewSql(m),
        `REVOKE ALL ON FUNCTION ${fn("enable_tenant_isolation")}(regclass, name), ${fn("audit_classified")}(regclass) FROM PUBLIC`,
        `REVOKE ALL ON TABLE ${fn("isolation_gaps")} FROM PUBLIC`,
        `GRANT SELECT ON TABLE ${fn("isolation_gaps")} TO ${quoteIdent(m.groups.auditor)}`,
        "RESET ROLE",
    ];
}

/** Tenant isolation on one declared table, through the same helper migrations call. */
export function tenantIsolationSql(m: ResolvedAccessModel, table: string): string {
    return `SELECT ${fn("enable_tenant_isolation")}(${quoteLiteral(qualified(m.schema, table))}::regclass, ${quoteLiteral(m.tenant.column)})`;
}

/** What removing the helpers and the tenant policies leaves: RLS still forced and no policy, so no rows (fails closed). */
export function dropTenantIsolationSql(m: ResolvedAccessModel): string[] {
    const out: string[] = [];
    for (const t of m.tables.filter((t) => t.tenantScoped)) {
        for (const policy of [TENANT_POLICY, TENANT_GUARD_POLICY]) {
            out.push(ifTableExists(m, t.name, `DROP POLICY IF EXISTS ${quoteIdent(policy)} ON ${qualified(m.schema, t.name)};`));
        }
    }
    out.push(
        `DROP VIEW IF EXISTS ${fn("isolation_gaps")}`,
        `DROP FUNCTION IF EXISTS ${fn("enable_tenant_isolation")}(regclass, name)`,
        `DROP FUNCTION IF EXISTS ${fn("audit_classified")}(regclass)`,
    );
    return out;
}

/** Runs `statement` only when the table exists (for delete paths, where a missing table is not an error). */
export function ifTableExists(m: ResolvedAccessModel, table: string, statement: string): string {
    return `DO ${dollarQuote(["BEGIN", `    IF pg_catalog.to_regclass(${quoteLiteral(qualified(m.schema, table))}) IS NOT NULL THEN`, `        ${statement}`, "    END IF;", "END"].join("\n"))}`;
}
