import { clusterForceSsl as policy } from "../../../../../components/catalog/controls/hpg-tls-01/plan-cluster-parameter-group";
import { auroraInstanceGroup, clusterParameterGroup } from "../../../../support/cluster-parameter-fixtures";
import { parameterGroup } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const FIX = "set it to on (1)";

describe("hpg-tls-01-cluster-force-ssl", () => {
    it.each(["aurora-postgresql14", "aurora-postgresql15", "aurora-postgresql16", "aurora-postgresql17", "AURORA-POSTGRESQL16", "postgres15", "postgres16"])("passes a hardened %s cluster group", async (family) => {
        expect(await validateResource(policy, clusterParameterGroup({}, family))).toEqual([]);
    });

    it("blocks rds.force_ssl=0", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ "rds.force_ssl": "0" })))).toEqual([
            `mandatory [HPG-TLS-01] cluster parameter group 'cluster-params': rds.force_ssl is '0'; ${FIX}`,
        ]);
    });

    it("blocks an undeclared rds.force_ssl on Aurora, whose default is 0", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ "rds.force_ssl": undefined })))).toEqual([
            `mandatory [HPG-TLS-01] cluster parameter group 'cluster-params': rds.force_ssl is not declared, so it is the aurora-postgresql16 default '0'; ${FIX}`,
        ]);
    });

    it("passes an undeclared rds.force_ssl in a postgres16 Multi-AZ DB cluster group (RDS for PostgreSQL's default is 1 from 15), and blocks it on postgres14 (default 0)", async () => {
        expect(await validateResource(policy, clusterParameterGroup({ "rds.force_ssl": undefined }, "postgres16"))).toEqual([]);
        expect(lines(await validateResource(policy, clusterParameterGroup({ "rds.force_ssl": undefined }, "postgres14")))).toEqual([
            `mandatory [HPG-TLS-01] cluster parameter group 'cluster-params': rds.force_ssl is not declared, so it is the postgres14 default '0'; ${FIX}`,
        ]);
    });

    it("does not judge other engines' cluster groups", async () => {
        expect(await validateResource(policy, clusterParameterGroup({ "rds.force_ssl": "0" }, "aurora-mysql8.0"))).toEqual([]);
    });

    it("judges an Aurora instance group on what it declares: the rest comes from the cluster's group", async () => {
        expect(await validateResource(policy, auroraInstanceGroup({}))).toEqual([]);
        expect(await validateResource(policy, auroraInstanceGroup({ "rds.force_ssl": "1" }))).toEqual([]);
        expect(lines(await validateResource(policy, auroraInstanceGroup({ "rds.force_ssl": "0" }, "aurora-postgresql17")))).toEqual([
            `mandatory [HPG-TLS-01] Aurora instance parameter group 'member-params': rds.force_ssl is '0'; ${FIX}`,
        ]);
    });

    it("leaves RDS PostgreSQL instance groups to hpg-tls-01-force-ssl", async () => {
        expect(await validateResource(policy, parameterGroup({ "rds.force_ssl": "0" }))).toEqual([]);
    });
});
