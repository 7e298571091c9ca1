import { deletionGuarded as policy } from "../../../../../components/catalog/controls/hpg-bak-02/plan";
import { instance } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-bak-02-deletion-guarded", () => {
    it("passes a protected instance with deletion protection and a named final snapshot", async () => {
        expect(await validateResource(policy, instance())).toEqual([]);
    });

    it.each([
        ["no deletion protection", { deletionProtection: false }, "deletionProtection is not true; set deletionProtection: true"],
        ["a skipped final snapshot", { skipFinalSnapshot: true }, "skipFinalSnapshot is true, so deleting the instance destroys its data; set skipFinalSnapshot: false and a finalSnapshotIdentifier"],
        ["no final snapshot name", { finalSnapshotIdentifier: undefined }, "finalSnapshotIdentifier is not set, so the instance can't be deleted with a final snapshot; set finalSnapshotIdentifier"],
    ])("blocks %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, instance(overrides)))).toEqual([`mandatory [HPG-BAK-02] RDS instance 'db': ${expected}`]);
    });

    it("blocks an instance without the protect resource option", async () => {
        expect(lines(await validateResource(policy, instance({}, { protect: false })))).toEqual([
            "mandatory [HPG-BAK-02] RDS instance 'db': the resource is not protected, so `pulumi destroy` or a removed declaration deletes it; set the resource option protect: true",
        ]);
    });
});
