import { OWNER_ROLE, PRIVILEGED_ROLE_ATTRIBUTES } from "../..";
import { CheckContext } from "../../kit/live/types";

/**
 * Roles whose membership gives a login role superuser-like power without any attribute of its own: RDS's
 * stand-in for SUPERUSER, the predefined roles that read, write or execute on the server's operating system, and
 * those that read or write every table whatever its grants (pg_read_all_data, pg_write_all_data: past the access
 * model's table grants, e.g. analytics reading classified tables).
 */
export const PRIVILEGED_GROUP_ROLES = ["rds_superuser", "pg_execute_server_program", "pg_read_server_files", "pg_write_server_files", "pg_read_all_data", "pg_write_all_data"];

/** A role the login role can act as (directly or through other roles) that has power beyond the access model. */
export interface PrivilegedMembership {
    group: string;
    /** The group's own privileged attributes (SUPERUSER, BYPASSRLS, CREATEROLE, CREATEDB, REPLICATION). */
    attributes: string[];
    /** The roles between the login role and the group, nearest the login role first; empty for a direct grant. */
    through: string[];
    /** Revokes the login role's own grant on this path (`REVOKE <first role> FROM <login role>`). */
    revoke_from_login_role: string;
    /** Revokes the group's grant on this path (`REVOKE <group> FROM <its member on the path>`): for every member of that role. */
    revoke_group: string;
}

/** A SECURITY DEFINER function owned by a privileged role that the login role may execute. */
export interface ExecutableDefinerFunction {
    /** `schema.name(identity arguments)`, as quote_ident writes each name. */
    function: string;
    owner: string;
    /** The owner's own privileged attributes. */
    owner_attributes: string[];
    /** Privileged roles the owner is a member of (directly or through other roles). */
    owner_member_of: string[];
    /** The grantees of EXECUTE through which the login role may execute it: itself, a role it is a member of, or PUBLIC. */
    granted_to: string[];
    /** Revokes EXECUTE from those grantees. */
    revoke: string;
}

/** One login role: its privileged attributes (lower-case keywords), the roles it can act as, and the privileged paths out of it. */
export type LoginRolePaths = {
    role: string;
    replication: boolean;
    /** Every role it is a member of, directly or through other roles. */
    member_of: string[];
    privileged_memberships: PrivilegedMembership[];
    definer_functions: ExecutableDefinerFunction[];
    /** `ALTER ROLE <role> NOREPLICATION`, quoted. */
    norepl: string;
} & Record<string, unknown>;

/** The privileged attributes, and REPLICATION, which only declared replication roles may hold (it streams every change). */
const attributeColumns: ReadonlyArray<{ keyword: string; column: string }> = [...PRIVILEGED_ROLE_ATTRIBUTES, { keyword: "REPLICATION", column: "rolreplication" }];

/**
 * Every login role with each privileged path out of it, in one query. $1: the privileged group roles, $2: the owner group.
 * Membership counts whatever INHERIT says: in PostgreSQL 15 any member may SET ROLE to its groups. Event trigger
 * functions are left out: only a superuser can attach one, and none can be called directly.
 */
export const LOGIN_ROLE_PATHS_SQL = `
WITH RECURSIVE membership(member, roleid, via) AS (
    SELECT m.member, m.roleid, ARRAY[]::pg_catalog.oid[] FROM pg_catalog.pg_auth_members AS m
    UNION ALL
    SELECT mb.member, m.roleid, mb.via || mb.roleid FROM membership AS mb JOIN pg_catalog.pg_auth_members AS m ON m.member = mb.roleid
), privileged AS (
    SELECT g.oid, g.rolname,
           array_remove(ARRAY[${attributeColumns.map((a) => `CASE WHEN g.${a.column} THEN '${a.keyword}' END`).join(", ")}]::text[], NULL) AS attributes
    FROM pg_catalog.pg_roles AS g
    WHERE ${attributeColumns.map((a) => `g.${a.column}`).join(" OR ")} OR g.rolname = ANY($1) OR g.rolname = $2
), definer AS MATERIALIZED (
    -- Once, not once per login role: pg_proc is the largest catalog read here.
    SELECT p.oid, p.proowner,
           format('%I.%I(%s)', n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)) AS signature,
           coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner)) AS acl
    FROM pg_catalog.pg_proc AS p JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
    WHERE p.prosecdef
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND p.prorettype <> 'pg_catalog.event_trigger'::pg_catalog.regtype
      AND EXISTS (SELECT 1 FROM privileged AS pr
                  WHERE pr.oid = p.proowner OR pr.oid IN (SELECT mb.roleid FROM membership AS mb WHERE mb.member = p.proowner))
)
SELECT r.rolname AS "role",
       ${attributeColumns.map((a) => `r.${a.column} AS "${a.keyword.toLowerCase()}"`).join(",\n       ")},
       format('ALTER ROLE %I NOREPLICATION', r.rolname) AS "norepl",
       coalesce((SELECT array_agg(DISTINCT g.rolname::text) FROM membership AS mb JOIN pg_catalog.pg_roles AS g ON g.oid = mb.roleid
                 WHERE mb.member = r.oid), '{}') AS "member_of",
       coalesce((SELECT json_agg(json_build_object(
                            'group', pr.rolname,
                            'attributes', pr.attributes,
                            'through', (SELECT coalesce(array_agg(v.rolname::text ORDER BY u.i), '{}')
                                        FROM unnest(mb.via) WITH ORDINALITY AS u(oid, i) JOIN pg_catalog.pg_roles AS v ON v.oid = u.oid),
                            'revoke_from_login_role', format('REVOKE %I FROM %I', pg_catalog.pg_get_userbyid(coalesce(mb.via[1], mb.roleid)), r.rolname),
                            'revoke_group', format('REVOKE %I FROM %I', pr.rolname, pg_catalog.pg_get_userbyid(coalesce(mb.via[cardinality(mb.via)], r.oid))))
                        ORDER BY pr.rolname, cardinality(mb.via), mb.via)
                 FROM membership AS mb JOIN privileged AS pr ON pr.oid = mb.roleid
                 WHERE mb.member = r.oid), '[]') AS "privileged_memberships",
       coalesce((SELECT json_agg(json_build_object(
                            'function', d.signature,
                            'owner', o.rolname,
                            'owner_attributes', coalesce((SELECT pr.attributes FROM privileged AS pr WHERE pr.oid = d.proowner), '{}'),
                            'owner_member_of', coalesce((SELECT array_agg(DISTINCT pr.rolname::text) FROM membership AS mb JOIN privileged AS pr ON pr.oid = mb.roleid
                                                         WHERE mb.member = d.proowner), '{}'),
                            'granted_to', x.grantees,
                            'revoke', format('REVOKE EXECUTE ON FUNCTION %s FROM %s', d.signature, x.grantee_idents))
                        ORDER BY d.signature)
                 FROM definer AS d
                 JOIN pg_catalog.pg_roles AS o ON o.oid = d.proowner
                 CROSS JOIN LATERAL (
                     SELECT array_agg(DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END) AS grantees,
                            string_agg(DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END, ', ') AS grantee_idents
                     FROM pg_catalog.aclexplode(d.acl) AS a
                     WHERE a.privilege_type = 'EXECUTE'
                       AND (a.grantee = 0 OR a.grantee = r.oid OR a.grantee IN (SELECT mb.roleid FROM membership AS mb WHERE mb.member = r.oid))
                 ) AS x
                 -- The owner and its members already act with the owner's rights: the path is their membership, judged above.
                 WHERE x.grantees IS NOT NULL
                   AND d.proowner <> r.oid
                   AND d.proowner NOT IN (SELECT mb.roleid FROM membership AS mb WHERE mb.member = r.oid)), '[]') AS "definer_functions"
FROM pg_catalog.pg_roles AS r
WHERE r.rolcanlogin
ORDER BY 1`;

/** Every login role and its privileged paths, recorded as evidence. */
export async function loginRolePaths(ctx: CheckContext): Promise<LoginRolePaths[]> {
    return ctx.query<LoginRolePaths>(
        "Login roles: their privileged attributes, their memberships (direct or through other roles) in privileged roles and the owner group, and the SECURITY DEFINER functions of privileged owners they may execute",
        LOGIN_ROLE_PATHS_SQL,
        [PRIVILEGED_GROUP_ROLES, OWNER_ROLE],
    );
}
