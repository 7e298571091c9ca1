import { clusterSnapshotTags as policy } from "../../../../../components/catalog/controls/hpg-tag-01/plan-cluster";
import { auroraCluster, clusterInstance, multiAzCluster } from "../../../../support/cluster-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-tag-01-cluster-snapshot-tags", () => {
    it("passes classified clusters copying tags to snapshots, with or without a posture tag", async () => {
        expect(await validateResource(policy, auroraCluster())).toEqual([]);
        expect(await validateResource(policy, auroraCluster({ tags: { "data-classification": "pii" } }))).toEqual([]);
        expect(await validateResource(policy, multiAzCluster())).toEqual([]);
        expect(await validateResource(policy, clusterInstance())).toEqual([]);
    });

    it.each([
        ["tags not copied to snapshots", { copyTagsToSnapshot: undefined }, "copyTagsToSnapshot is not true, so snapshots lose the classification tags; set copyTagsToSnapshot: true"],
        ["no data-classification tag", { tags: { "compliance-posture": "soc2" } }, "tag 'data-classification' is missing; tag it 'data-classification' with one of confidential, phi, pci, pii, internal"],
        ["an unknown data-classification", { tags: { "data-classification": "secret" } }, "tag 'data-classification' is 'secret'; tag it 'data-classification' with one of confidential, phi, pci, pii, internal"],
        [
            "an unknown posture",
            { tags: { "compliance-posture": "iso", "data-classification": "internal" } },
            "tag 'compliance-posture' is 'iso'; tag it 'compliance-posture' with one of soc2, hipaa, pci",
        ],
    ])("blocks a cluster with %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, auroraCluster(overrides)))).toEqual([`mandatory [HPG-TAG-01] RDS cluster 'cluster': ${expected}`]);
    });
});
