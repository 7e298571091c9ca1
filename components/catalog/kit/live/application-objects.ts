import { CLASSIFICATION_COMMENT_PATTERN } from "../..";
import { CheckContext } from "./types";

/**
 * SQL predicate: schema `n` holds application objects. System schemas and schemas an extension created are not
 * the application's (their grants and owners are the extension's business).
 */
export function applicationSchemaSql(n: string): string {
    return [
        `${n}.nspname NOT IN ('pg_catalog', 'information_schema')`,
        `${n}.nspname !~ '^pg_(toast|temp_|toast_temp_)'`,
        `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend AS ext WHERE ext.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND ext.objid = ${n}.oid AND ext.deptype = 'e')`,
    ].join("\n  AND ");
}

/** SQL predicate: the object `oid` of catalog `catalog` (e.g. `pg_class`) is not a member of an extension. */
export function notExtensionMemberSql(catalog: string, oid: string): string {
    return `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend AS ext WHERE ext.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND ext.objid = ${oid} AND ext.deptype = 'e')`;
}

/** A table that row-level security must protect: it has the tenant column or a classified column. */
export interface ProtectedTable {
    /** pg_class oid: later queries select by oid, since a name lookup needs USAGE on the schema, which an auditor may lack. */
    oid: number;
    /** Qualified, quoted name as PostgreSQL prints it (regclass). */
    table: string;
    schema: string;
    name: string;
    kind: "table" | "partitioned table";
    owner: string;
    has_tenant_column: boolean;
    classified_columns: string[];
    rls_enabled: boolean;
    rls_forced: boolean;
    policies: number;
}

/** The SQL that finds protected tables; $1 is the tenant column name, $2 the classification comment pattern. */
export const PROTECTED_TABLES_SQL = `
SELECT c.oid::pg_catalog.int8 AS "oid",
       c.oid::pg_catalog.regclass::text AS "table",
       n.nspname AS "schema",
       c.relname AS "name",
       CASE c.relkind WHEN 'p' THEN 'partitioned table' ELSE 'table' END AS "kind",
       pg_catalog.pg_get_userbyid(c.relowner) AS "owner",
       bool_or(a.attname = $1) AS "has_tenant_column",
       coalesce(array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE pg_catalog.col_description(c.oid, a.attnum) ~* $2), '{}') AS "classified_columns",
       c.relrowsecurity AS "rls_enabled",
       c.relforcerowsecurity AS "rls_forced",
       (SELECT count(*)::int FROM pg_catalog.pg_policy AS p WHERE p.polrelid = c.oid) AS "policies"
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p')
  AND ${applicationSchemaSql("n")}
  AND ${notExtensionMemberSql("pg_class", "c.oid")}
GROUP BY c.oid, n.nspname, c.relname, c.relkind, c.relowner, c.relrowsecurity, c.relforcerowsecurity
HAVING bool_or(a.attname = $1) OR bool_or(pg_catalog.col_description(c.oid, a.attnum) ~* $2)
ORDER BY 2`;

/** Tables with the tenant column or a classified column, recorded as evidence of the check that asks. */
export async function protectedTables(ctx: CheckContext): Promise<ProtectedTable[]> {
    const rows = await ctx.query<ProtectedTable & Record<string, unknown>>(
        `Tables with the tenant column '${ctx.options.tenantColumn}' or a column classified PHI, PII or PCI (column comment classification=…)`,
        PROTECTED_TABLES_SQL,
        [ctx.options.tenantColumn, CLASSIFICATION_COMMENT_PATTERN],
    );
    // int8 arrives as a string from node-postgres; oids fit a JavaScript number.
    return rows.map((r) => ({ ...r, oid: Number(r.oid) }));
}
