import { pgauditLogClasses as policy } from "../../../../../components/catalog/controls/hpg-aud-02/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const FIX = "set it to classes covering ddl, write, role (e.g. 'ddl,write,role' or 'all')";

describe("hpg-aud-02-pgaudit-log-classes", () => {
    it.each(["ddl,write,role", "role, write ,DDL", "all", "all,-read", "read,write,ddl,role,misc"])("passes '%s'", async (value) => {
        expect(await validateResource(policy, parameterGroup({ "pgaudit.log": value }))).toEqual([]);
    });

    it.each([
        ["the family default ('none')", undefined, `pgaudit.log is not declared, so it is the postgres16 default 'none'`],
        ["a missing class", "ddl,write", `pgaudit.log is 'ddl,write'`],
        ["'all' with a required class subtracted", "all,-role", `pgaudit.log is 'all,-role'`],
        ["an unknown class (pgaudit rejects the value)", "ddl,write,role,everything", `pgaudit.log is 'ddl,write,role,everything'`],
    ])("blocks %s", async (_case, value, expected) => {
        expect(lines(await validateResource(policy, parameterGroup({ "pgaudit.log": value })))).toEqual([`mandatory [HPG-AUD-02] parameter group 'db-params': ${expected}; ${FIX}`]);
    });
});
