import { applicationSchemaSql } from "../../kit/live/application-objects";
import { CheckContext } from "../../kit/live/types";

/**
 * SQL: every foreign key between two tenant tables whose columns do not pair the referencing table's tenant column
 * with the referenced table's. Foreign-key checks bypass row-level security, so such a key lets one tenant's row point
 * at another tenant's row, and its violations tell which of another tenant's keys exist.
 *
 * `tenantColumns` names a relation of `(oid, attnum, attname)`: the tenant column(s) of each tenant table. Rows:
 * `constraint`, `table` and `referenced_table` (as regclass prints them), `qualified_table` and
 * `qualified_referenced_table` (always schema-qualified), and the fix: `fix_columns` (the tenant column first, then the key's other
 * columns) referencing `fix_referenced_columns`, both comma-separated and quoted as identifiers.
 */
export function crossTenantForeignKeysSql(tenantColumns: string): string {
    const pairs = "ROWS FROM (pg_catalog.unnest(c.conkey), pg_catalog.unnest(c.confkey)) WITH ORDINALITY AS k(referencing, referenced, position)";
    return `SELECT c.conname AS "constraint",
       c.conrelid::pg_catalog.regclass::text AS "table",
       c.confrelid::pg_catalog.regclass::text AS "referenced_table",
       (SELECT pg_catalog.format('%I.%I', n.nspname, t.relname) FROM pg_catalog.pg_class AS t JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace WHERE t.oid = c.conrelid) AS "qualified_table",
       (SELECT pg_catalog.format('%I.%I', n.nspname, t.relname) FROM pg_catalog.pg_class AS t JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace WHERE t.oid = c.confrelid) AS "qualified_referenced_table",
       pg_catalog.array_to_string(pg_catalog.array_prepend(pg_catalog.quote_ident(rt.attname), ARRAY(
           SELECT pg_catalog.quote_ident(a.attname) FROM ${pairs}
           JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.referencing
           WHERE k.referencing <> rt.attnum AND k.referenced <> ft.attnum ORDER BY k.position)), ', ') AS "fix_columns",
       pg_catalog.array_to_string(pg_catalog.array_prepend(pg_catalog.quote_ident(ft.attname), ARRAY(
           SELECT pg_catalog.quote_ident(a.attname) FROM ${pairs}
           JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.confrelid AND a.attnum = k.referenced
           WHERE k.referencing <> rt.attnum AND k.referenced <> ft.attnum ORDER BY k.position)), ', ') AS "fix_referenced_columns"
FROM pg_catalog.pg_constraint AS c
CROSS JOIN LATERAL (SELECT t.attnum, t.attname FROM ${tenantColumns} AS t WHERE t.oid = c.conrelid ORDER BY t.attnum LIMIT 1) AS rt
CROSS JOIN LATERAL (SELECT t.attnum, t.attname FROM ${tenantColumns} AS t WHERE t.oid = c.confrelid ORDER BY t.attnum LIMIT 1) AS ft
-- conparentid = 0: a key on a partitioned table is judged once, not again on each partition's clone of it.
WHERE c.contype = 'f' AND c.conparentid = 0
  AND NOT EXISTS (SELECT FROM ${pairs}
                  JOIN ${tenantColumns} AS r ON r.oid = c.conrelid AND r.attnum = k.referencing
                  JOIN ${tenantColumns} AS f ON f.oid = c.confrelid AND f.attnum = k.referenced)`;
}

/** The foreign keys between tenant tables of the application schemas; $1 is the tenant column. */
export const CROSS_TENANT_FOREIGN_KEYS_SQL = `
WITH tenant_columns AS (
    SELECT c.oid, a.attnum, a.attname
    FROM pg_catalog.pg_class AS c
    JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
    JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attname = $1 AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'p')
      AND ${applicationSchemaSql("n")}
)
${crossTenantForeignKeysSql("tenant_columns")}
ORDER BY 2, 1`;

interface CrossTenantForeignKeyRow {
    constraint: string;
    table: string;
    referenced_table: string;
    fix_columns: string;
    fix_referenced_columns: string;
}

/**
 * HPG-RLS-01: no foreign key between tenant tables leaves out the tenant column. Reads pg_constraint directly (every
 * role may), not `hpg.isolation_gaps`, which a database without the access model lacks.
 */
export async function crossTenantReferenceFindings(ctx: CheckContext): Promise<string[]> {
    const column = ctx.options.tenantColumn;
    const rows = await ctx.query<CrossTenantForeignKeyRow & Record<string, unknown>>(
        `Foreign keys between tables with the tenant column '${column}' that do not pair the tenant columns (foreign-key checks bypass row-level security)`,
        CROSS_TENANT_FOREIGN_KEYS_SQL,
        [column],
    );
    return rows.map(
        (r) =>
            `foreign key ${r.constraint} on ${r.table} references ${r.referenced_table} without the tenant column, so a row can point at another tenant's row and its violations reveal which of that tenant's keys exist (foreign-key checks bypass row-level security); ` +
            `fix: reference (${r.fix_columns}) → ${r.referenced_table} (${r.fix_referenced_columns}) with a UNIQUE (${r.fix_referenced_columns}) on ${r.referenced_table}`,
    );
}
