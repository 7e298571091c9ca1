import { noLogParameter as policy } from "../../../../../components/catalog/controls/hpg-aud-03/plan";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-aud-03-no-log-parameter", () => {
    it("passes the default (off) and an explicit off", async () => {
        expect(await validateResource(policy, parameterGroup())).toEqual([]);
        expect(await validateResource(policy, parameterGroup({ "pgaudit.log_parameter": "off" }))).toEqual([]);
    });

    it.each(["1", "on"])("blocks pgaudit.log_parameter=%s", async (value) => {
        expect(lines(await validateResource(policy, parameterGroup({ "pgaudit.log_parameter": value })))).toEqual([
            `mandatory [HPG-AUD-03] parameter group 'db-params': pgaudit.log_parameter is '${value}'; set it to off (0)`,
        ]);
    });
});
