import { applicationSchemaSql, notExtensionMemberSql } from "../../kit/live/application-objects";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { control } from "./control";

interface PublicGrantRow {
    object_type: string;
    object: string;
    privilege: string;
    grantor: string;
}

/**
 * Every privilege PUBLIC holds on application schemas, relations and columns, and every default privilege that
 * would grant PUBLIC something on objects created later. USAGE on schema `public` is PostgreSQL's own default and
 * counts only once that schema holds application relations (then it is an application schema like any other).
 */
export const PUBLIC_GRANTS_SQL = `
WITH app_schema AS (
    SELECT n.oid, n.nspname, n.nspacl FROM pg_catalog.pg_namespace AS n
    WHERE ${applicationSchemaSql("n")}
), app_relation AS (
    SELECT c.oid, c.relnamespace, c.relname, c.relkind, c.relacl FROM pg_catalog.pg_class AS c JOIN app_schema AS s ON s.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${notExtensionMemberSql("pg_class", "c.oid")}
)
SELECT 'schema' AS "object_type", quote_ident(s.nspname) AS "object", a.privilege_type AS "privilege", pg_catalog.pg_get_userbyid(a.grantor) AS "grantor"
FROM app_schema AS s CROSS JOIN LATERAL pg_catalog.aclexplode(s.nspacl) AS a
WHERE a.grantee = 0
  AND NOT (s.nspname = 'public' AND a.privilege_type = 'USAGE' AND NOT EXISTS (SELECT 1 FROM app_relation AS r WHERE r.relnamespace = s.oid))
UNION ALL
SELECT CASE r.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'table' END,
       r.oid::pg_catalog.regclass::text, a.privilege_type, pg_catalog.pg_get_userbyid(a.grantor)
FROM app_relation AS r CROSS JOIN LATERAL pg_catalog.aclexplode(r.relacl) AS a
WHERE a.grantee = 0
UNION ALL
SELECT 'column', r.oid::pg_catalog.regclass::text || '.' || quote_ident(att.attname), a.privilege_type, pg_catalog.pg_get_userbyid(a.grantor)
FROM app_relation AS r
JOIN pg_catalog.pg_attribute AS att ON att.attrelid = r.oid AND att.attnum > 0 AND NOT att.attisdropped
CROSS JOIN LATERAL pg_catalog.aclexplode(att.attacl) AS a
WHERE a.grantee = 0
UNION ALL
SELECT 'default privileges on ' || CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' ELSE 'schemas' END
         || ' created by ' || pg_catalog.pg_get_userbyid(d.defaclrole),
       coalesce(quote_ident(n.nspname), '(every schema)'), a.privilege_type, pg_catalog.pg_get_userbyid(a.grantor)
FROM pg_catalog.pg_default_acl AS d
LEFT JOIN pg_catalog.pg_namespace AS n ON n.oid = d.defaclnamespace
CROSS JOIN LATERAL pg_catalog.aclexplode(d.defaclacl) AS a
WHERE a.grantee = 0 AND d.defaclobjtype IN ('r', 'S', 'n')
  AND (d.defaclnamespace = 0 OR d.defaclnamespace IN (SELECT oid FROM app_schema))
ORDER BY 1, 2, 3`;

/** HPG-ROLE-02: PUBLIC holds nothing on application schemas, tables, views, sequences or columns, now or by default. */
export const noPublicGrants: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        const rows = await ctx.query<PublicGrantRow & Record<string, unknown>>("Privileges granted to PUBLIC on application objects", PUBLIC_GRANTS_SQL);
        return {
            findings: rows.map((r) => `PUBLIC has ${r.privilege} on ${r.object_type} ${r.object} (granted by ${r.grantor}); fix: REVOKE ${r.privilege} ON ${r.object_type.toUpperCase()} ${r.object} FROM PUBLIC (as ${r.grantor}), and grant it to the group that needs it`),
            notes: ["functions are out of scope: PostgreSQL grants EXECUTE to PUBLIC by default, and access to data is governed by the tables"],
        };
    },
};
