import { clusterNotPubliclyAccessible as policy } from "../../../../../components/catalog/controls/hpg-net-01/plan-cluster";
import { auroraCluster, clusterInstance, multiAzCluster } from "../../../../support/cluster-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const SUBNET_FIX = "set dbSubnetGroupName to a DB subnet group of private subnets";

describe("hpg-net-01-cluster-not-publicly-accessible", () => {
    it("passes a private Aurora member, an Aurora cluster (its members decide), and a Multi-AZ DB cluster in a named subnet group", async () => {
        expect(await validateResource(policy, clusterInstance())).toEqual([]);
        expect(await validateResource(policy, clusterInstance({ publiclyAccessible: undefined }))).toEqual([]);
        expect(await validateResource(policy, auroraCluster({ dbSubnetGroupName: undefined }))).toEqual([]);
        expect(await validateResource(policy, multiAzCluster())).toEqual([]);
    });

    it("blocks a publicly accessible Aurora member", async () => {
        expect(lines(await validateResource(policy, clusterInstance({ publiclyAccessible: true })))).toEqual([
            "mandatory [HPG-NET-01] RDS cluster instance 'member': publiclyAccessible is true, so the endpoint resolves to a public IP; set publiclyAccessible: false and reach it from private subnets",
        ]);
    });

    it.each([
        ["without a DB subnet group", undefined, "not set"],
        ["in the default DB subnet group", "default", "'default'"],
    ])("blocks a Multi-AZ DB cluster %s", async (_case, dbSubnetGroupName, shown) => {
        expect(lines(await validateResource(policy, multiAzCluster({ dbSubnetGroupName })))).toEqual([
            `mandatory [HPG-NET-01] RDS cluster 'cluster': dbSubnetGroupName is ${shown}, so RDS makes the Multi-AZ DB cluster publicly accessible; ${SUBNET_FIX}`,
        ]);
    });

    it("does not judge other engines", async () => {
        expect(await validateResource(policy, clusterInstance({ engine: "aurora-mysql", publiclyAccessible: true }))).toEqual([]);
    });
});
