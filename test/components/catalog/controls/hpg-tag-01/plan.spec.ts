import { snapshotTags as policy } from "../../../../../components/catalog/controls/hpg-tag-01/plan";
import { instance } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-tag-01-snapshot-tags", () => {
    it("passes an instance that copies its classification tags to snapshots", async () => {
        expect(await validateResource(policy, instance())).toEqual([]);
    });

    it.each([
        ["snapshots without tags", { copyTagsToSnapshot: false }, "copyTagsToSnapshot is not true, so snapshots lose the classification tags; set copyTagsToSnapshot: true"],
        [
            "no posture tag",
            { tags: { "data-classification": "phi" } },
            "tag 'compliance-posture' is missing; tag it 'compliance-posture' with one of soc2, hipaa, pci",
        ],
        [
            "an unknown classification",
            { tags: { "compliance-posture": "soc2", "data-classification": "secret" } },
            "tag 'data-classification' is 'secret'; tag it 'data-classification' with one of confidential, phi, pci, pii, internal",
        ],
    ])("blocks %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, instance(overrides)))).toEqual([`mandatory [HPG-TAG-01] RDS instance 'db': ${expected}`]);
    });
});
