import { noAllToLoginRoles as policy } from "../../../../../components/catalog/controls/hpg-role-03/plan";
import { grant, role } from "../../../../support/policy-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, validateStack } from "../../../../support/policy-harness";

const EXPECTED = (grantee: string) =>
    `mandatory [HPG-ROLE-03] postgresql grant 'everything': grants ALL to login role ${grantee}; grant the named privileges the role needs to a group role, and make the login role a member`;

describe("hpg-role-03-no-all-to-login-roles", () => {
    const login = role("app", { name: "app_user", login: true });
    const group = role("readers", { name: "app_read", login: false });

    it("passes named privileges to a login role, and ALL to a group role", async () => {
        expect(await validateStack(policy, [login, group, grant("read", { role: "app_user", privileges: ["SELECT"] }), grant("owner", { role: "app_read", privileges: ["ALL"] })])).toEqual([]);
    });

    it.each([["ALL"], ["all privileges"]])("blocks %s to a login role named in the stack", async (privilege) => {
        expect(lines(await validateStack(policy, [login, grant("everything", { role: "app_user", privileges: [privilege] })]))).toEqual([EXPECTED("'app_user'")]);
    });

    it("blocks ALL to a login role during preview, when the role's name is unknown, through the role property's dependency", async () => {
        const previewRole = role("app", { name: UNKNOWN.string, login: true });
        const diagnostics = await validateStack(policy, [previewRole, grant("everything", { role: UNKNOWN.string, privileges: ["ALL"] }, { propertyDependencies: { role: [previewRole] } })]);
        expect(lines(diagnostics)).toEqual([EXPECTED("declared by postgresql role 'app'")]);
    });

    it("can't run during preview when a login role's name is unknown and the grant doesn't come from it", async () => {
        const previewRole = role("app", { name: UNKNOWN.string, login: true });
        expect(lines(await validateStack(policy, [previewRole, grant("everything", { role: "app_user", privileges: ["ALL"] })]))).toEqual([
            cantRunDuringPreview("hpg-role-03-no-all-to-login-roles", "string value at .name"),
        ]);
    });

    it("does not read role names when no grant is ALL", async () => {
        expect(await validateStack(policy, [role("app", { name: UNKNOWN.string, login: true }), grant("read", { role: "app_user", privileges: ["SELECT"] })])).toEqual([]);
    });

    it("passes ALL to a role the stack doesn't declare (not judged here)", async () => {
        expect(await validateStack(policy, [grant("everything", { role: "someone_else", privileges: ["ALL"] })])).toEqual([]);
    });
});
