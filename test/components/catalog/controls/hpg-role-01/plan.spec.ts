import { noPrivilegedRoles as policy } from "../../../../../components/catalog/controls/hpg-role-01/plan";
import { role } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-role-01-no-privileged-roles", () => {
    it("passes a plain login role and an admin role with CREATEROLE", async () => {
        expect(await validateResource(policy, role("app", { name: "app_rw", login: true }))).toEqual([]);
        expect(await validateResource(policy, role("owner", { name: "hpg_owner", createRole: true, createDatabase: true }))).toEqual([]);
    });

    it.each([
        ["superuser", { superuser: true }, "SUPERUSER", "superuser: false"],
        ["bypassRowLevelSecurity", { bypassRowLevelSecurity: true }, "BYPASSRLS", "bypassRowLevelSecurity: false"],
        ["createRole", { createRole: true }, "CREATEROLE", "createRole: false"],
        ["createDatabase", { createDatabase: true }, "CREATEDB", "createDatabase: false"],
        ["several attributes", { superuser: true, createDatabase: true }, "SUPERUSER, CREATEDB", "superuser: false, createDatabase: false"],
    ])("blocks %s on an application role", async (_case, attributes, keywords, fix) => {
        expect(lines(await validateResource(policy, role("app", { name: "app_rw", login: true, ...attributes })))).toEqual([
            `mandatory [HPG-ROLE-01] postgresql role 'app': role 'app_rw' has ${keywords} and is not an admin role (hpg_owner, hpg_admin); set ${fix}, or add the role to the adminRoles config`,
        ]);
    });

    it("takes the admin roles from the policy config", async () => {
        const config = { "hpg-role-01-no-privileged-roles": { adminRoles: ["migrator"] } };
        expect(await validateResource(policy, role("migrator", { name: "migrator", createRole: true }), config)).toEqual([]);
        expect(lines(await validateResource(policy, role("owner", { name: "hpg_owner", createRole: true }), config))).toHaveLength(1);
    });
});
