import { clusterPgauditRole as policy } from "../../../../../components/catalog/controls/hpg-aud-05/plan-cluster-parameter-group";
import { auroraInstanceGroup, clusterParameterGroup } from "../../../../support/cluster-parameter-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-aud-05-cluster-pgaudit-role", () => {
    it("passes rds_pgaudit", async () => {
        expect(await validateResource(policy, clusterParameterGroup())).toEqual([]);
    });

    it("blocks another role", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ "pgaudit.role": "auditor" })))).toEqual([
            "mandatory [HPG-AUD-05] cluster parameter group 'cluster-params': pgaudit.role is 'auditor'; set it to 'rds_pgaudit'",
        ]);
    });

    it("blocks an undeclared pgaudit.role: pgaudit's default is unset", async () => {
        expect(lines(await validateResource(policy, clusterParameterGroup({ "pgaudit.role": undefined })))).toEqual([
            "mandatory [HPG-AUD-05] cluster parameter group 'cluster-params': pgaudit.role is not declared, so it is the aurora-postgresql16 default ''; set it to 'rds_pgaudit'",
        ]);
    });

    it("blocks an Aurora instance group that names another role", async () => {
        expect(lines(await validateResource(policy, auroraInstanceGroup({ "pgaudit.role": "" })))).toEqual([
            "mandatory [HPG-AUD-05] Aurora instance parameter group 'member-params': pgaudit.role is ''; set it to 'rds_pgaudit'",
        ]);
    });
});
