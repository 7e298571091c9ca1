import { clusterMinTlsVersion as policy } from "../../../../../components/catalog/controls/hpg-tls-02/plan-cluster-parameter-group";
import { auroraInstanceGroup, clusterParameterGroup } from "../../../../support/cluster-parameter-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-tls-02-cluster-min-tls-version", () => {
    it.each(["TLSv1.2", "TLSv1.3"])("passes %s", async (value) => {
        expect(await validateResource(policy, clusterParameterGroup({ ssl_min_protocol_version: value }))).toEqual([]);
    });

    it.each(["TLSv1.1", "TLSv1"])("blocks %s", async (value) => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ ssl_min_protocol_version: value }, "postgres16")))).toEqual([
            `mandatory [HPG-TLS-02] cluster parameter group 'cluster-params': ssl_min_protocol_version is '${value}'; set it to TLSv1.2 or higher`,
        ]);
    });

    it.each(["aurora-postgresql15", "postgres16"])("blocks an undeclared ssl_min_protocol_version in a %s group: no AWS page states its default", async (family) => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ ssl_min_protocol_version: undefined }, family)))).toEqual([
            `mandatory [HPG-TLS-02] cluster parameter group 'cluster-params': ssl_min_protocol_version is not declared and the catalog has no confirmed RDS default for family '${family}'; declare it: set it to TLSv1.2 or higher`,
        ]);
    });

    it("blocks an Aurora instance group that lowers it", async () => {
        expect(lines(await validateResource(policy, auroraInstanceGroup({ ssl_min_protocol_version: "TLSv1.1" })))).toEqual([
            "mandatory [HPG-TLS-02] Aurora instance parameter group 'member-params': ssl_min_protocol_version is 'TLSv1.1'; set it to TLSv1.2 or higher",
        ]);
    });
});
