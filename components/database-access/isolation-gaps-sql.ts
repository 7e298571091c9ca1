import { crossTenantForeignKeysSql } from "../catalog/controls/hpg-rls-01/cross-tenant-references";
import { AUDIT_ROLE, HELPER_SCHEMA, isClassifiedTable, ResolvedAccessModel, TENANT_POLICY } from "./model";
import { qualified, quoteLiteral } from "./sql-quote";

const fn = (name: string) => qualified(HELPER_SCHEMA, name);

/**
 * What a row of `hpg.isolation_gaps` is: a `control` gap leaves a control unmet (isolation or auditing is missing);
 * a `performance` gap leaves the control met but costly (RLS without a tenant index scans the whole table per query).
 */
export type IsolationGapKind = "control" | "performance";

const gapKind = (kind: IsolationGapKind) => quoteLiteral(kind);

/**
 * `hpg.isolation_gaps`: one row per gap, detectable by anyone with USAGE on the helper schema (the auditor, `verify`):
 * tables with the tenant column (or declared tenant-scoped) without RLS enabled, forced and the tenant policy;
 * views over them that are not security_invoker; foreign keys between tenant tables that leave out the tenant column;
 * declared classified tables the audit role does not cover (all `kind = 'control'`); and tenant tables (the tenant
 * column, or the tenant policy) with no valid, non-partial index whose first key column is the tenant column
 * (`kind = 'performance'`).
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
-- Foreign-key checks bypass RLS: a key without the tenant column lets a row point at another tenant's row.
SELECT fk.qualified_table, 'HPG-RLS-01',
       pg_catalog.format('foreign key %I references %s without the tenant column: reference (%s) → %s (%s) with a UNIQUE (%s)',
                         fk."constraint", fk.qualified_referenced_table, fk.fix_columns, fk.qualified_referenced_table, fk.fix_referenced_columns, fk.fix_referenced_columns),
       ${gapKind("control")}
FROM (${crossTenantForeignKeysSql("tenant_columns")}) AS fk
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
