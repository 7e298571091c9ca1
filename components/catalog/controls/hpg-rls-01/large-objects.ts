import { CheckContext } from "../../kit/live/types";

/**
 * The pg_catalog functions that create a large object. PostgreSQL grants EXECUTE on the first three to PUBLIC;
 * server-side lo_import is superuser-only unless granted.
 */
export const LARGE_OBJECT_CREATE_FUNCTIONS = [
    "pg_catalog.lo_creat(integer)",
    "pg_catalog.lo_create(oid)",
    "pg_catalog.lo_from_bytea(oid,bytea)",
    "pg_catalog.lo_import(text)",
    "pg_catalog.lo_import(text,oid)",
] as const;

/**
 * Per login role other than superusers and declared admins ($1): the functions it may create large objects with, and
 * how many existing large objects it may read (owner, a SELECT grant to it, a role it inherits or PUBLIC; every one
 * while lo_compat_privileges is on, which turns large-object privilege checks off). Only rows with either.
 */
export const LARGE_OBJECT_ACCESS_SQL = `
WITH login_role AS (
    SELECT r.oid, r.rolname FROM pg_catalog.pg_roles AS r
    WHERE r.rolcanlogin AND NOT r.rolsuper AND r.rolname <> ALL ($1::text[])
), access AS (
    SELECT r.rolname,
           ARRAY(SELECT f::text FROM pg_catalog.unnest($2::pg_catalog.regprocedure[]) WITH ORDINALITY AS x(f, n)
                 WHERE pg_catalog.has_function_privilege(r.oid, x.f, 'EXECUTE') ORDER BY x.n) AS create_with,
           (SELECT count(*)::int FROM pg_catalog.pg_largeobject_metadata AS m
            WHERE pg_catalog.current_setting('lo_compat_privileges')::bool
               OR pg_catalog.pg_has_role(r.oid, m.lomowner, 'USAGE')
               OR EXISTS (SELECT FROM pg_catalog.aclexplode(m.lomacl) AS a
                          WHERE a.privilege_type = 'SELECT' AND CASE WHEN a.grantee = 0 THEN true ELSE pg_catalog.pg_has_role(r.oid, a.grantee, 'USAGE') END)) AS readable
    FROM login_role AS r
)
SELECT rolname AS "role", create_with, readable FROM access
WHERE pg_catalog.cardinality(create_with) > 0 OR readable > 0
ORDER BY 1`;

interface LargeObjectAccessRow {
    role: string;
    create_with: string[];
    readable: number;
}

/**
 * HPG-RLS-01: large objects have no tenant column and no row-level security, only an owner and grants. Application
 * roles must not create them or read any. On RDS the master user does not own pg_catalog's functions and cannot revoke
 * EXECUTE on lo_create and the like from PUBLIC, so creation that stays open there is a note, never a pass claim.
 */
export async function largeObjectFindings(ctx: CheckContext): Promise<{ findings: string[]; notes: string[] }> {
    const compat = await ctx.query<{ lo_compat_privileges: string }>("Large-object privilege checks (lo_compat_privileges must be off)", "SHOW lo_compat_privileges");
    const rows = await ctx.query<LargeObjectAccessRow & Record<string, unknown>>(
        "Login roles (not superusers or declared admins) that can create large objects, or read existing ones",
        LARGE_OBJECT_ACCESS_SQL,
        [ctx.options.adminRoles, [...LARGE_OBJECT_CREATE_FUNCTIONS]],
    );
    const findings: string[] = [];
    const notes: string[] = [];
    if (compat[0]?.lo_compat_privileges === "on") {
        findings.push("lo_compat_privileges is on, so every role reads and writes every large object whatever its owner and grants; turn it off (ALTER SYSTEM RESET lo_compat_privileges, or the parameter group)");
    }
    const creators = rows.filter((r) => r.create_with.length > 0);
    if (ctx.platform === "rds" && creators.length > 0) {
        notes.push(
            `not closed on RDS: ${creators.map((r) => r.role).join(", ")} can create large objects (EXECUTE on ${[...new Set(creators.flatMap((r) => r.create_with))].join(", ")}), which row-level security does not cover; ` +
                "only the functions' owner (rdsadmin) can revoke it from PUBLIC, so keep tenant data out of large objects",
        );
    } else {
        for (const r of creators) {
            findings.push(
                `login role ${r.role} can create large objects (EXECUTE on ${r.create_with.join(", ")}), which have no tenant column and no row-level security; ` +
                    "fix: as a superuser, revoke EXECUTE on them from PUBLIC and from the roles it inherits them from (the access model's self-managed SQL revokes them from PUBLIC)",
            );
        }
    }
    for (const r of rows.filter((x) => x.readable > 0)) {
        findings.push(
            `login role ${r.role} can read ${r.readable} large object${r.readable === 1 ? "" : "s"}, which no tenant policy filters; ` +
                "fix: move the data into a tenant table (bytea), or revoke SELECT ON LARGE OBJECT from it and PUBLIC and make the owner a non-login role",
        );
    }
    return { findings, notes };
}
