/** `verify` (HPG-ROLE-01) and DatabaseAccess's admin role: accepted when declared with --admin-role, a finding when not. */
import { judgeLoginRole } from "../../../components/catalog/controls/hpg-role-01/live";
import { LoginRolePaths } from "../../../components/catalog/controls/hpg-role-01/privileged-paths";
import { ADMIN_ROLE } from "../../../components/database-access/admin-role-sql";

/** The admin role as the bootstrap leaves it: LOGIN CREATEROLE, a member of rds_iam and (through the access SQL) of the owner group. */
const admin: LoginRolePaths = {
    role: ADMIN_ROLE,
    superuser: false,
    bypassrls: false,
    createrole: true,
    createdb: false,
    replication: false,
    member_of: ["hpg_owner", "pg_read_all_settings", "pg_read_all_stats", "rds_iam"],
    privileged_memberships: [{ group: "hpg_owner", attributes: [], through: [], revoke_from_login_role: `REVOKE hpg_owner FROM ${ADMIN_ROLE}`, revoke_group: `REVOKE hpg_owner FROM ${ADMIN_ROLE}` }],
    definer_functions: [],
    norepl: `ALTER ROLE ${ADMIN_ROLE} NOREPLICATION`,
};
const none = { adminRoles: [], migratorRoles: [], replicationRoles: [] };

test("declared with --admin-role: no finding, a note naming what it holds", () => {
    expect(judgeLoginRole(admin, { ...none, adminRoles: ["hpg_admin", ADMIN_ROLE] }, "rds")).toEqual({
        findings: [],
        notes: [`${ADMIN_ROLE} is a declared admin role (CREATEROLE, member of hpg_owner)`],
    });
});

test("not declared: CREATEROLE and the owner group are findings", () => {
    const { findings } = judgeLoginRole(admin, none, "rds");
    expect(findings).toEqual([
        `login role ${ADMIN_ROLE} is not a declared admin but has CREATEROLE; fix: ALTER ROLE ${ADMIN_ROLE} NOCREATEROLE, or declare ${ADMIN_ROLE} with --admin-role if it is an admin`,
        expect.stringMatching(new RegExp(`^login role ${ADMIN_ROLE} is a member of the owner group hpg_owner, so it can SET ROLE hpg_owner`)),
    ]);
});
