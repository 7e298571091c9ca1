import { snapshotTags as policy } from "../../../../../components/catalog/controls/hpg-tag-01/plan";
import { instance } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-tag-01-snapshot-tags", () => {
    it("passes an instance that copies its classification tags to snapshots", async () => {
        expect(await validateResource(policy, instance())).toEqual([]);
    });

    it("passes a hand-written instance without this project's compliance-posture tag (a convention, never required)", async () => {
        expect(await validateResource(policy, instance({ tags: { "data-classification": "phi" } }))).toEqual([]);
    });

    it.each([
        ["snapshots without tags", { copyTagsToSnapshot: false }, "copyTagsToSnapshot is not true, so snapshots lose the classification tags; set copyTagsToSnapshot: true"],
        [
            "a posture tag that names no posture",
            { tags: { "compliance-posture": "fedramp-ish", "data-classification": "phi" } },
            "tag 'compliance-posture' is 'fedramp-ish'; tag it 'compliance-posture' with one of soc2, hipaa, pci",
        ],
        ["no classification tag", { tags: { "compliance-posture": "soc2" } }, "tag 'data-classification' is missing; tag it 'data-classification' with one of confidential, phi, pci, pii, internal"],
        [
            "an unknown classification",
            { tags: { "compliance-posture": "soc2", "data-classification": "secret" } },
            "tag 'data-classification' is 'secret'; tag it 'data-classification' with one of confidential, phi, pci, pii, internal",
        ],
    ])("blocks %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, instance(overrides)))).toEqual([`mandatory [HPG-TAG-01] RDS instance 'db': ${expected}`]);
    });
});
