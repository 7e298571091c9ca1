import { applicationSchemaSql, notExtensionMemberSql } from "../../kit/live/application-objects";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { DECLARED_DEFINER_FUNCTIONS, OWNER_ROLE } from "../../facts/roles";
import { control } from "./control";

interface OwnedObjectRow {
    object_type: string;
    object: string;
    owner: string;
    owner_is_superuser: boolean;
}

/** Functions the product creates as a superuser on purpose: they must run with a superuser's rights (HPG-PWD-01 reads pg_authid). */
const SUPERUSER_OWNED_FUNCTIONS: readonly string[] = DECLARED_DEFINER_FUNCTIONS.map((f) => f.signature);

/** Application schemas and the relations, functions and types in them whose owner is a role that can log in. */
export const LOGIN_OWNED_OBJECTS_SQL = `
WITH app_schema AS (
    SELECT n.oid, n.nspname, n.nspowner FROM pg_catalog.pg_namespace AS n
    WHERE ${applicationSchemaSql("n")}
), owned AS (
    SELECT 'schema' AS object_type, quote_ident(s.nspname) AS object, s.nspowner AS owner FROM app_schema AS s
    UNION ALL
    SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table'
                          WHEN 'p' THEN 'partitioned table' WHEN 'c' THEN 'type' ELSE 'table' END,
           c.oid::pg_catalog.regclass::text, c.relowner
    FROM pg_catalog.pg_class AS c JOIN app_schema AS s ON s.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c') AND ${notExtensionMemberSql("pg_class", "c.oid")}
    UNION ALL
    SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
           p.oid::pg_catalog.regprocedure::text, p.proowner
    FROM pg_catalog.pg_proc AS p JOIN app_schema AS s ON s.oid = p.pronamespace
    WHERE ${notExtensionMemberSql("pg_proc", "p.oid")}
    UNION ALL
    SELECT 'type', t.oid::pg_catalog.regtype::text, t.typowner
    FROM pg_catalog.pg_type AS t JOIN app_schema AS s ON s.oid = t.typnamespace
    WHERE t.typtype IN ('d', 'e', 'r') AND ${notExtensionMemberSql("pg_type", "t.oid")}
)
SELECT o.object_type AS "object_type", o.object AS "object", r.rolname AS "owner", r.rolsuper AS "owner_is_superuser"
FROM owned AS o JOIN pg_catalog.pg_roles AS r ON r.oid = o.owner
WHERE r.rolcanlogin
ORDER BY 1, 2`;

/** The ALTER … OWNER TO keyword of an object type as the query names it. */
function alterKeyword(objectType: string): string {
    return objectType === "partitioned table" ? "TABLE" : objectType.toUpperCase();
}

/** HPG-ROLE-04: no application object is owned by a login role; migrations SET ROLE to the owner before DDL. */
export const ownerOwnsObjects: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        const rows = await ctx.query<OwnedObjectRow & Record<string, unknown>>("Application objects owned by login roles", LOGIN_OWNED_OBJECTS_SQL);
        const onPurpose = (r: OwnedObjectRow) => r.object_type === "function" && r.owner_is_superuser && SUPERUSER_OWNED_FUNCTIONS.includes(r.object);
        return {
            findings: rows
                .filter((r) => !onPurpose(r))
                .map((r) => `${r.object_type} ${r.object} is owned by login role ${r.owner}; fix: ALTER ${alterKeyword(r.object_type)} ${r.object} OWNER TO ${OWNER_ROLE}, and run migrations as a member of the owner group`),
            notes: rows.filter(onPurpose).map((r) => `${r.object} is owned by superuser ${r.owner} on purpose: it runs with a superuser's rights`),
        };
    },
};
