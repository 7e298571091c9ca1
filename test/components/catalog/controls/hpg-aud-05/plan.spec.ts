import { pgauditRole as policy } from "../../../../../components/catalog/controls/hpg-aud-05/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-aud-05-pgaudit-role", () => {
    it("passes pgaudit.role=rds_pgaudit", async () => {
        expect(await validateResource(policy, parameterGroup())).toEqual([]);
    });

    it.each([
        ["no audit role declared (RDS's default is unconfirmed)", undefined, "pgaudit.role is not declared and the catalog has no confirmed RDS default for family 'postgres16'; declare it: set it to 'rds_pgaudit'"],
        ["another role", "auditor", "pgaudit.role is 'auditor'; set it to 'rds_pgaudit'"],
    ])("blocks %s", async (_case, value, expected) => {
        expect(lines(await validateResource(policy, parameterGroup({ "pgaudit.role": value })))).toEqual([`mandatory [HPG-AUD-05] parameter group 'db-params': ${expected}`]);
    });
});
