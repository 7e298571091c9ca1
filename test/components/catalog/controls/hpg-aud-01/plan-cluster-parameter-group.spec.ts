import { clusterPgauditPreloaded as policy } from "../../../../../components/catalog/controls/hpg-aud-01/plan-cluster-parameter-group";
import { auroraInstanceGroup, clusterParameterGroup } from "../../../../support/cluster-parameter-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const FIX = "set it to a list including pgaudit";

describe("hpg-aud-01-cluster-pgaudit-preloaded", () => {
    it.each(["pg_stat_statements,pgaudit", "pgaudit", " PGAUDIT , pg_hint_plan"])("passes shared_preload_libraries '%s'", async (value) => {
        expect(await validateResource(policy, clusterParameterGroup({ shared_preload_libraries: value }))).toEqual([]);
    });

    it("blocks shared_preload_libraries without pgaudit", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ shared_preload_libraries: "pg_stat_statements" })))).toEqual([
            `mandatory [HPG-AUD-01] cluster parameter group 'cluster-params': shared_preload_libraries is 'pg_stat_statements'; ${FIX}`,
        ]);
    });

    it("blocks an undeclared shared_preload_libraries: neither RDS's postgres15 default nor Aurora's is confirmed", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ shared_preload_libraries: undefined }, "postgres15")))).toEqual([
            `mandatory [HPG-AUD-01] cluster parameter group 'cluster-params': shared_preload_libraries is not declared and the catalog has no confirmed RDS default for family 'postgres15'; declare it: ${FIX}`,
        ]);
        expect(lines(await validateResource(policy, clusterParameterGroup({ shared_preload_libraries: undefined }, "aurora-postgresql16")))).toEqual([
            `mandatory [HPG-AUD-01] cluster parameter group 'cluster-params': shared_preload_libraries is not declared and the catalog has no confirmed RDS default for family 'aurora-postgresql16'; declare it: ${FIX}`,
        ]);
    });

    it("blocks an Aurora instance group that drops pgaudit", async () => {
        expect(lines(await validateResource(policy, auroraInstanceGroup({ shared_preload_libraries: "auto_explain" })))).toEqual([
            `mandatory [HPG-AUD-01] Aurora instance parameter group 'member-params': shared_preload_libraries is 'auto_explain'; ${FIX}`,
        ]);
    });
});
