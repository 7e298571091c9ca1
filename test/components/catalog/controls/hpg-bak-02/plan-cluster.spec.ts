import { clusterDeletionGuarded as policy, clusterPulumiProtect } from "../../../../../components/catalog/controls/hpg-bak-02/plan-cluster";
import { auroraCluster, clusterInstance, multiAzCluster } from "../../../../support/cluster-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-bak-02-cluster-deletion-guarded", () => {
    it("passes protected clusters with a named final snapshot, and does not judge members (the data is the cluster's)", async () => {
        expect(await validateResource(policy, auroraCluster())).toEqual([]);
        expect(await validateResource(policy, multiAzCluster())).toEqual([]);
        expect(await validateResource(policy, clusterInstance())).toEqual([]);
    });

    it.each([
        ["deletion protection off", { deletionProtection: false }, "deletionProtection is not true; set deletionProtection: true"],
        ["deletion protection unset (RDS's false)", { deletionProtection: undefined }, "deletionProtection is not true; set deletionProtection: true"],
        ["the final snapshot skipped", { skipFinalSnapshot: true }, "skipFinalSnapshot is true, so deleting the cluster destroys its data; set skipFinalSnapshot: false and a finalSnapshotIdentifier"],
        ["no final snapshot name", { finalSnapshotIdentifier: undefined }, "finalSnapshotIdentifier is not set, so the cluster can't be deleted with a final snapshot; set finalSnapshotIdentifier"],
    ])("blocks a cluster with %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, auroraCluster(overrides)))).toEqual([`mandatory [HPG-BAK-02] RDS cluster 'cluster': ${expected}`]);
    });

    it("waives nothing on a cluster: the waiver report lists instances' waivers only, so a cluster's would be silent", async () => {
        const tags = { "data-classification": "internal", "hpg-opt-out:deletionProtection": "ephemeral preview environment" };
        expect(lines(await validateResource(policy, auroraCluster({ deletionProtection: false, tags })))).toEqual([
            "mandatory [HPG-BAK-02] RDS cluster 'cluster': deletionProtection is not true; set deletionProtection: true",
        ]);
    });
});

describe("hpg-bak-02-cluster-pulumi-protect", () => {
    it("passes a protected cluster, and does not judge members (the data is the cluster's)", async () => {
        expect(await validateResource(clusterPulumiProtect, auroraCluster())).toEqual([]);
        expect(await validateResource(clusterPulumiProtect, clusterInstance())).toEqual([]);
    });

    it("advises protect on an unprotected cluster, without blocking", async () => {
        expect(lines(await validateResource(clusterPulumiProtect, multiAzCluster({}, { protect: false })))).toEqual([
            "advisory [HPG-BAK-02] RDS cluster 'cluster': the resource is not protected, so `pulumi destroy` or a removed declaration deletes it; set the resource option protect: true",
        ]);
    });
});
