import { PRIVILEGED_ROLE_ATTRIBUTES } from "../..";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { control } from "./control";

/**
 * Roles whose membership gives a login role superuser-like power without any attribute of its own: RDS's
 * stand-in for SUPERUSER, and the predefined roles that read, write or execute on the server's operating system.
 */
export const PRIVILEGED_GROUP_ROLES = ["rds_superuser", "pg_execute_server_program", "pg_read_server_files", "pg_write_server_files"];

/** Login roles RDS creates and operates itself; customers cannot log in as them or change them. */
export const RDS_MANAGED_LOGIN_ROLES = ["rdsadmin", "rdsrepladmin", "rdstopmgr"];

/** A login role's row: its name, each privileged attribute under its lower-case keyword, and its privileged memberships. */
type LoginRoleRow = { role: string; privileged_memberships: string[] } & Record<string, unknown>;

/**
 * HPG-ROLE-01: no login role except the declared admins has SUPERUSER, BYPASSRLS, CREATEROLE or CREATEDB, or is a
 * member (directly or through other roles) of a role that has one, or of a privileged group role. In PostgreSQL 15
 * any member may SET ROLE to its groups, so membership is as good as the attribute.
 */
export const noPrivilegedLoginRoles: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        const rows = await ctx.query<LoginRoleRow>(
            "Login roles, their privileged attributes, and their memberships (direct or inherited) in privileged roles",
            `
WITH RECURSIVE membership(member, roleid) AS (
    SELECT m.member, m.roleid FROM pg_catalog.pg_auth_members AS m
    UNION
    SELECT mb.member, m.roleid FROM membership AS mb JOIN pg_catalog.pg_auth_members AS m ON m.member = mb.roleid
)
SELECT r.rolname AS "role",
       ${PRIVILEGED_ROLE_ATTRIBUTES.map((a) => `r.${a.column} AS "${a.keyword.toLowerCase()}"`).join(",\n       ")},
       coalesce((SELECT array_agg(DISTINCT g.rolname::text)
                 FROM membership AS mb JOIN pg_catalog.pg_roles AS g ON g.oid = mb.roleid
                 WHERE mb.member = r.oid
                   AND (${PRIVILEGED_ROLE_ATTRIBUTES.map((a) => `g.${a.column}`).join(" OR ")} OR g.rolname = ANY($1))), '{}') AS "privileged_memberships"
FROM pg_catalog.pg_roles AS r
WHERE r.rolcanlogin
ORDER BY 1`,
            [PRIVILEGED_GROUP_ROLES],
        );
        const findings: string[] = [];
        const notes: string[] = [];
        const admins = new Set(ctx.options.adminRoles);
        for (const r of rows) {
            const attributes = PRIVILEGED_ROLE_ATTRIBUTES.filter((a) => r[a.keyword.toLowerCase()] === true).map((a) => a.keyword);
            const privileged = attributes.length > 0 || r.privileged_memberships.length > 0;
            if (!privileged) {
                continue;
            }
            const what = [...attributes, ...r.privileged_memberships.map((g) => `member of ${g}`)].join(", ");
            if (admins.has(r.role)) {
                notes.push(`${r.role} is a declared admin role (${what})`);
            } else if (ctx.platform === "rds" && RDS_MANAGED_LOGIN_ROLES.includes(r.role)) {
                notes.push(`${r.role} is managed by RDS (${what}); customers cannot log in as it`);
            } else {
                findings.push(`login role ${r.role} is not a declared admin but has ${what}`);
            }
        }
        notes.push(`declared admin roles: ${[...admins].sort().join(", ") || "(none)"}`);
        return { findings, notes };
    },
};
