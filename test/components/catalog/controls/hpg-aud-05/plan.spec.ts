import { pgauditRole as policy } from "../../../../../components/catalog/controls/hpg-aud-05/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-aud-05-pgaudit-role", () => {
    it("passes pgaudit.role=rds_pgaudit", async () => {
        expect(await validateResource(policy, parameterGroup())).toEqual([]);
    });

    it.each([
        ["no audit role (the default)", undefined, "pgaudit.role is not declared, so it is the postgres16 default ''"],
        ["another role", "auditor", "pgaudit.role is 'auditor'"],
    ])("blocks %s", async (_case, value, expected) => {
        expect(lines(await validateResource(policy, parameterGroup({ "pgaudit.role": value })))).toEqual([`mandatory [HPG-AUD-05] parameter group 'db-params': ${expected}; set it to 'rds_pgaudit'`]);
    });
});
