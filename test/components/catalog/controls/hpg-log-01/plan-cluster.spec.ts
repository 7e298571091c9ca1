import { clusterLogExports as policy } from "../../../../../components/catalog/controls/hpg-log-01/plan-cluster";
import { auroraCluster, clusterInstance, multiAzCluster } from "../../../../support/cluster-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-log-01-cluster-log-exports", () => {
    it("passes an Aurora cluster exporting postgresql logs (Aurora has no upgrade log) and a Multi-AZ DB cluster exporting postgresql and upgrade", async () => {
        expect(await validateResource(policy, auroraCluster())).toEqual([]);
        expect(await validateResource(policy, auroraCluster({ enabledCloudwatchLogsExports: ["instance", "postgresql", "iam-db-auth-error"] }))).toEqual([]);
        expect(await validateResource(policy, multiAzCluster())).toEqual([]);
        expect(await validateResource(policy, clusterInstance())).toEqual([]);
    });

    it.each([
        ["exports nothing", undefined, "enabledCloudwatchLogsExports exports nothing, missing postgresql; set enabledCloudwatchLogsExports to include postgresql"],
        ["exports other logs", ["instance"], "enabledCloudwatchLogsExports exports 'instance', missing postgresql; set enabledCloudwatchLogsExports to include postgresql"],
    ])("blocks an Aurora cluster that %s", async (_case, enabledCloudwatchLogsExports, expected) => {
        expect(lines(await validateResource(policy, auroraCluster({ enabledCloudwatchLogsExports })))).toEqual([`mandatory [HPG-LOG-01] RDS cluster 'cluster': ${expected}`]);
    });

    it("blocks a Multi-AZ DB cluster without its upgrade log", async () => {
        expect(lines(await validateResource(policy, multiAzCluster({ enabledCloudwatchLogsExports: ["postgresql"] })))).toEqual([
            "mandatory [HPG-LOG-01] RDS cluster 'cluster': enabledCloudwatchLogsExports exports 'postgresql', missing upgrade; set enabledCloudwatchLogsExports to include postgresql and upgrade",
        ]);
    });
});
