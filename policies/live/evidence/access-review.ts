import { Client } from "pg";
import { CLASSIFICATION_COMMENT_PATTERN, REQUIRED_PARAMETERS } from "../../../components/catalog";
import { applicationSchemaSql, notExtensionMemberSql } from "../../../components/catalog/kit/live/application-objects";
import { QueryEvidence } from "../types";

/** One query of the evidence bundle beyond the checks: what an auditor asks for by name. */
interface ReviewQuery {
    title: string;
    sql: string;
    params?: (opts: { tenantColumn: string }) => unknown[];
}

/**
 * `SHOW` for `ssl` and each core setting a control requires; extension and RDS settings (a dotted name) in one
 * query with current_setting(name, true), which reads NULL where the extension or platform does not define them.
 */
function settingQueries(): ReviewQuery[] {
    const names = [...new Set(REQUIRED_PARAMETERS.map((p) => p.name))];
    const core = ["ssl", ...names.filter((n) => !n.includes("."))];
    const extension = names.filter((n) => n.includes("."));
    return [
        ...core.map((name) => ({ title: `SHOW ${name}`, sql: `SHOW ${name}` })),
        {
            title: "Extension and RDS settings (NULL where the extension or platform does not define one)",
            sql: `SELECT s.name, pg_catalog.current_setting(s.name, true) AS "value" FROM unnest($1::text[]) AS s(name) ORDER BY s.name`,
            params: () => [extension],
        },
    ];
}

/**
 * The queries of the quarterly access review and the configuration requests auditors make (SOC 2 CC6.1-CC6.3,
 * HIPAA 164.308(a)(4), PCI DSS 7.2.4). Role attributes come from pg_roles without rolpassword or rolconfig:
 * the bundle holds no password hash and no per-role setting that might carry a secret.
 */
export const ACCESS_REVIEW_QUERIES: readonly ReviewQuery[] = [
    {
        title: "Role attributes (pg_roles; no password or per-role settings)",
        sql: `
SELECT rolname, rolcanlogin, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil
FROM pg_catalog.pg_roles
WHERE rolname !~ '^pg_'
ORDER BY rolname`,
    },
    {
        title: "Role memberships (pg_auth_members)",
        sql: `
SELECT pg_catalog.pg_get_userbyid(m.roleid) AS "role",
       pg_catalog.pg_get_userbyid(m.member) AS "member",
       pg_catalog.pg_get_userbyid(m.grantor) AS "grantor",
       m.admin_option
FROM pg_catalog.pg_auth_members AS m
ORDER BY 1, 2`,
    },
    {
        title: "Table privileges visible to the reviewing role (information_schema.role_table_grants; complete only for a superuser or a member of every grantee)",
        sql: `
SELECT grantor, grantee, table_schema, table_name, privilege_type, is_grantable
FROM information_schema.role_table_grants
WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
ORDER BY table_schema, table_name, grantee, privilege_type`,
    },
    {
        title: "Every privilege on application relations, from the catalog itself (complete for any reviewing role)",
        sql: `
SELECT c.oid::pg_catalog.regclass::text AS "object",
       CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table'
                      WHEN 'p' THEN 'partitioned table' ELSE 'table' END AS "object_type",
       pg_catalog.pg_get_userbyid(c.relowner) AS "owner",
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS "grantee",
       a.privilege_type, a.is_grantable, pg_catalog.pg_get_userbyid(a.grantor) AS "grantor"
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
CROSS JOIN LATERAL pg_catalog.aclexplode(coalesce(c.relacl, pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))) AS a
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND ${applicationSchemaSql("n")}
  AND ${notExtensionMemberSql("pg_class", "c.oid")}
ORDER BY 1, 4, 5`,
    },
    {
        title: "Column privileges on application relations",
        sql: `
SELECT c.oid::pg_catalog.regclass::text AS "object", att.attname AS "column",
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS "grantee",
       a.privilege_type, pg_catalog.pg_get_userbyid(a.grantor) AS "grantor"
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute AS att ON att.attrelid = c.oid AND att.attnum > 0 AND NOT att.attisdropped
CROSS JOIN LATERAL pg_catalog.aclexplode(att.attacl) AS a
WHERE ${applicationSchemaSql("n")}
ORDER BY 1, 2, 3, 4`,
    },
    {
        title: "Schema privileges and owners",
        sql: `
SELECT n.nspname AS "schema", pg_catalog.pg_get_userbyid(n.nspowner) AS "owner",
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS "grantee",
       a.privilege_type, pg_catalog.pg_get_userbyid(a.grantor) AS "grantor"
FROM pg_catalog.pg_namespace AS n
CROSS JOIN LATERAL pg_catalog.aclexplode(coalesce(n.nspacl, pg_catalog.acldefault('n'::"char", n.nspowner))) AS a
WHERE ${applicationSchemaSql("n")}
ORDER BY 1, 3, 4`,
    },
    {
        title: "Default privileges for objects created later (pg_default_acl)",
        sql: `
SELECT pg_catalog.pg_get_userbyid(d.defaclrole) AS "for_role",
       coalesce(n.nspname, '(every schema)') AS "schema",
       CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' END AS "object_type",
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS "grantee",
       a.privilege_type
FROM pg_catalog.pg_default_acl AS d
LEFT JOIN pg_catalog.pg_namespace AS n ON n.oid = d.defaclnamespace
CROSS JOIN LATERAL pg_catalog.aclexplode(d.defaclacl) AS a
ORDER BY 1, 2, 3, 4, 5`,
    },
    // The settings every control requires, from the control modules: never a hand-typed list that can miss one.
    ...settingQueries(),
    {
        title: "The pgaudit row of pg_extension",
        sql: `SELECT * FROM pg_catalog.pg_extension WHERE extname = 'pgaudit'`,
    },
    {
        title: "Row-level security coverage of every application table",
        sql: `
SELECT c.oid::pg_catalog.regclass::text AS "table",
       pg_catalog.pg_get_userbyid(c.relowner) AS "owner",
       EXISTS (SELECT 1 FROM pg_catalog.pg_attribute AS a WHERE a.attrelid = c.oid AND a.attname = $1 AND NOT a.attisdropped) AS "has_tenant_column",
       coalesce((SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_catalog.pg_attribute AS a
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND pg_catalog.col_description(c.oid, a.attnum) ~* $2), '{}') AS "classified_columns",
       c.relrowsecurity AS "rls_enabled",
       c.relforcerowsecurity AS "rls_forced",
       (SELECT count(*)::int FROM pg_catalog.pg_policy AS p WHERE p.polrelid = c.oid) AS "policies"
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND ${applicationSchemaSql("n")}
  AND ${notExtensionMemberSql("pg_class", "c.oid")}
ORDER BY 1`,
        params: (o) => [o.tenantColumn, CLASSIFICATION_COMMENT_PATTERN],
    },
];

/** Runs every review query; a query the reviewing role may not run is kept with the server's error, not dropped. */
export async function runAccessReview(client: Client, opts: { tenantColumn: string }): Promise<QueryEvidence[]> {
    const out: QueryEvidence[] = [];
    for (const q of ACCESS_REVIEW_QUERIES) {
        const sql = q.sql.trim();
        const params = q.params?.(opts);
        const base: QueryEvidence = params ? { title: q.title, sql, params, rows: [] } : { title: q.title, sql, rows: [] };
        try {
            const result = await client.query(sql, params);
            out.push({ ...base, rows: JSON.parse(JSON.stringify(result.rows)) });
        } catch (e) {
            const err = e as { code?: string; message?: string };
            out.push({ ...base, error: err.code ? `${err.code}: ${err.message}` : String(err.message ?? e) });
        }
    }
    return out;
}
