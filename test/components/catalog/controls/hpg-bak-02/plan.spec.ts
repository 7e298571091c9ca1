import { deletionGuarded as policy, pulumiProtect } from "../../../../../components/catalog/controls/hpg-bak-02/plan";
import { instance } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-bak-02-deletion-guarded", () => {
    it("passes a protected instance with deletion protection and a named final snapshot", async () => {
        expect(await validateResource(policy, instance())).toEqual([]);
    });

    it.each([
        ["no deletion protection", { deletionProtection: false }, "deletionProtection is not true; set deletionProtection: true (or waive it: tag hpg-opt-out:deletionProtection with the reason)"],
        ["a skipped final snapshot", { skipFinalSnapshot: true }, "skipFinalSnapshot is true, so deleting the instance destroys its data; set skipFinalSnapshot: false and a finalSnapshotIdentifier"],
        ["no final snapshot name", { finalSnapshotIdentifier: undefined }, "finalSnapshotIdentifier is not set, so the instance can't be deleted with a final snapshot; set finalSnapshotIdentifier"],
    ])("blocks %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, instance(overrides)))).toEqual([`mandatory [HPG-BAK-02] RDS instance 'db': ${expected}`]);
    });

    it("does not block an instance without Pulumi's protect: RDS deletion protection is the control (issue 10)", async () => {
        expect(await validateResource(policy, instance({}, { protect: false }))).toEqual([]);
    });

    it("advises Pulumi's protect in its own advisory policy", async () => {
        expect(await validateResource(pulumiProtect, instance())).toEqual([]);
        expect(lines(await validateResource(pulumiProtect, instance({}, { protect: false })))).toEqual([
            "advisory [HPG-BAK-02] RDS instance 'db': the resource is not protected, so `pulumi destroy` or a removed declaration deletes it; set the resource option protect: true (or waive it: tag hpg-opt-out:deletionProtection with the reason)",
        ]);
    });

    it("accepts what the deletionProtection opt-out allows when the instance carries its waiver tag with a reason", async () => {
        const waived = instance({ deletionProtection: false, tags: { "compliance-posture": "soc2", "data-classification": "confidential", "hpg-opt-out:deletionProtection": "ephemeral preview environment" } }, { protect: false });
        expect(lines(await validateResource(policy, waived))).toEqual([]);
    });

    it("still blocks what the waiver does not cover (a skipped final snapshot), an empty reason, and another control's opt-out", async () => {
        const tags = (extra: Record<string, string>) => ({ "compliance-posture": "soc2", "data-classification": "confidential", ...extra });
        expect(lines(await validateResource(policy, instance({ skipFinalSnapshot: true, tags: tags({ "hpg-opt-out:deletionProtection": "ephemeral" }) })))).toEqual([
            "mandatory [HPG-BAK-02] RDS instance 'db': skipFinalSnapshot is true, so deleting the instance destroys its data; set skipFinalSnapshot: false and a finalSnapshotIdentifier",
        ]);
        expect(lines(await validateResource(policy, instance({ deletionProtection: false, tags: tags({ "hpg-opt-out:deletionProtection": "  " }) })))).toEqual([
            "mandatory [HPG-BAK-02] RDS instance 'db': deletionProtection is not true; set deletionProtection: true (or waive it: tag hpg-opt-out:deletionProtection with the reason)",
        ]);
        expect(lines(await validateResource(policy, instance({ deletionProtection: false, tags: tags({ "hpg-opt-out:singleAz": "one zone" }) })))).toEqual([
            "mandatory [HPG-BAK-02] RDS instance 'db': deletionProtection is not true; set deletionProtection: true (or waive it: tag hpg-opt-out:deletionProtection with the reason)",
        ]);
    });

    it("passes a read replica deleted without a final snapshot, as DeleteDBInstance requires of replicas", async () => {
        expect(await validateResource(policy, instance({ replicateSourceDb: "db-0", skipFinalSnapshot: true, finalSnapshotIdentifier: undefined }))).toEqual([]);
    });

    it("blocks a read replica without deletion protection", async () => {
        expect(lines(await validateResource(policy, instance({ replicateSourceDb: "db-0", skipFinalSnapshot: true, finalSnapshotIdentifier: undefined, deletionProtection: false })))).toEqual([
            "mandatory [HPG-BAK-02] RDS instance 'db': deletionProtection is not true; set deletionProtection: true (or waive it: tag hpg-opt-out:deletionProtection with the reason)",
        ]);
    });
});
