import * as postgresql from "@pulumi/postgresql";
import { noPublicGrants as policy } from "../../../../../components/catalog/controls/hpg-role-02/plan";
import { grant } from "../../../../support/policy-fixtures";
import { lines, resource, validateResource } from "../../../../support/policy-harness";

describe("hpg-role-02-no-public-grants", () => {
    it("passes a grant to a named role", async () => {
        expect(await validateResource(policy, grant("read", { role: "app_read", privileges: ["SELECT"] }))).toEqual([]);
    });

    it.each(["public", "PUBLIC"])("blocks a grant to %s", async (grantee) => {
        expect(lines(await validateResource(policy, grant("read", { role: grantee, privileges: ["SELECT"] })))).toEqual([
            "mandatory [HPG-ROLE-02] postgresql grant 'read': grants to PUBLIC, that is to every role; grant to a named group role instead",
        ]);
    });

    it("blocks default privileges for PUBLIC", async () => {
        const privileges = resource(postgresql.DefaultPrivileges, "future", { role: "public", owner: "hpg_owner", database: "app", objectType: "table", privileges: ["SELECT"] });
        expect(lines(await validateResource(policy, privileges))).toEqual([
            "mandatory [HPG-ROLE-02] postgresql default privileges 'future': grants to PUBLIC, that is to every role; grant to a named group role instead",
        ]);
    });
});
