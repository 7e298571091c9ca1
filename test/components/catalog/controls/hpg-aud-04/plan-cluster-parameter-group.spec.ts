import { clusterLogConnections as policy } from "../../../../../components/catalog/controls/hpg-aud-04/plan-cluster-parameter-group";
import { auroraInstanceGroup, clusterParameterGroup } from "../../../../support/cluster-parameter-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-aud-04-cluster-log-connections", () => {
    it("passes both on", async () => {
        expect(await validateResource(policy, clusterParameterGroup({ log_connections: "on", log_disconnections: "1" }))).toEqual([]);
    });

    it("blocks log_connections off", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ log_connections: "0" })))).toEqual([
            "mandatory [HPG-AUD-04] cluster parameter group 'cluster-params': log_connections is '0'; set it to on (1)",
        ]);
    });

    it("blocks an undeclared log_disconnections: PostgreSQL's default is off", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ log_disconnections: undefined }, "aurora-postgresql17")))).toEqual([
            "mandatory [HPG-AUD-04] cluster parameter group 'cluster-params': log_disconnections is not declared, so it is the aurora-postgresql17 default '0'; set it to on (1)",
        ]);
    });

    it("blocks an Aurora instance group that turns it off", async () => {
        expect(lines(await validateResource(policy, auroraInstanceGroup({ log_disconnections: "off" })))).toEqual([
            "mandatory [HPG-AUD-04] Aurora instance parameter group 'member-params': log_disconnections is 'off'; set it to on (1)",
        ]);
    });
});
