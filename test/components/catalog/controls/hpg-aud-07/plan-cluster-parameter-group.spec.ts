import { clusterLogRows as policy } from "../../../../../components/catalog/controls/hpg-aud-07/plan-cluster-parameter-group";
import { clusterParameterGroup } from "../../../../support/cluster-parameter-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-aud-07-cluster-log-rows", () => {
    it.each(["aurora-postgresql16", "postgres16"])("passes the hardened group (%s)", async (family) => {
        expect(await validateResource(policy, clusterParameterGroup({}, family))).toEqual([]);
    });

    it("blocks pgaudit.log_rows=0", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ "pgaudit.log_rows": "0" })))).toEqual([
            "mandatory [HPG-AUD-07] cluster parameter group 'cluster-params': pgaudit.log_rows is '0'; set it to on (1)",
        ]);
    });

    it("blocks pgaudit.log_rows left undeclared (pgaudit's default is off)", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ "pgaudit.log_rows": undefined })))).toHaveLength(1);
    });

    it("blocks log_error_verbosity=terse", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ log_error_verbosity: "terse" })))).toEqual([
            "mandatory [HPG-AUD-07] cluster parameter group 'cluster-params': log_error_verbosity is 'terse', which drops the CONTEXT lines that prove a context record came from hpg.set_actor, so no audit record can be attributed; set log_error_verbosity to default (or verbose)",
        ]);
    });
});
