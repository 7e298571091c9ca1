import { clusterIamAuth as policy } from "../../../../../components/catalog/controls/hpg-iam-01/plan-cluster";
import { auroraCluster, clusterInstance, multiAzCluster } from "../../../../support/cluster-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-iam-01-cluster-iam-auth", () => {
    it("passes clusters with IAM database authentication, and does not judge members (it is the cluster's setting)", async () => {
        expect(await validateResource(policy, auroraCluster())).toEqual([]);
        expect(await validateResource(policy, multiAzCluster())).toEqual([]);
        expect(await validateResource(policy, clusterInstance())).toEqual([]);
    });

    it.each([
        ["off", false],
        ["unset", undefined],
    ])("advises IAM database authentication when it is %s", async (_case, iamDatabaseAuthenticationEnabled) => {
        expect(lines(await validateResource(policy, auroraCluster({ iamDatabaseAuthenticationEnabled })))).toEqual([
            "advisory [HPG-IAM-01] RDS cluster 'cluster': iamDatabaseAuthenticationEnabled is not true; set iamDatabaseAuthenticationEnabled: true",
        ]);
    });
});
