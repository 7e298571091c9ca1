import { pgauditPreloaded as policy } from "../../../../../components/catalog/controls/hpg-aud-01/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const FIX = "set it to a list including pgaudit";

describe("hpg-aud-01-pgaudit-preloaded", () => {
    // pg_stat_statements is RDS's default and useful, but no control requires it: pgaudit alone passes.
    it.each(["pg_stat_statements,pgaudit", "pgaudit, pg_stat_statements", "pg_hint_plan,PGAUDIT,pg_stat_statements", "pgaudit"])("passes '%s'", async (value) => {
        expect(await validateResource(policy, parameterGroup({ shared_preload_libraries: value }))).toEqual([]);
    });

    it.each([
        ["no declaration (RDS's default list is unconfirmed)", undefined, `shared_preload_libraries is not declared and the catalog has no confirmed RDS default for family 'postgres16'; declare it: ${FIX}`],
        ["a list without pgaudit", "pg_stat_statements,auto_explain", `shared_preload_libraries is 'pg_stat_statements,auto_explain'; ${FIX}`],
    ])("blocks %s", async (_case, value, expected) => {
        expect(lines(await validateResource(policy, parameterGroup({ shared_preload_libraries: value })))).toEqual([`mandatory [HPG-AUD-01] parameter group 'db-params': ${expected}`]);
    });
});
