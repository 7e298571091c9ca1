import { supportedEngine as policy } from "../../../../../components/catalog/controls/hpg-pat-01/plan";
import { instance } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const FIX = "set engineVersion to a major in 14, 15, 16, 17";
const AUTO_MINOR_OFF =
    "autoMinorVersionUpgrade is false, so minor-version security patches are not applied; set autoMinorVersionUpgrade: true (or waive it: tag hpg-opt-out:autoMinorVersionUpgrade with the reason)";

describe("hpg-pat-01-supported-engine", () => {
    it.each(["14.20", "15", "16.4", "17.2"])("passes engineVersion %s with automatic minor upgrades", async (engineVersion) => {
        expect(await validateResource(policy, instance({ engineVersion }))).toEqual([]);
        expect(await validateResource(policy, instance({ engineVersion, autoMinorVersionUpgrade: undefined }))).toEqual([]);
    });

    it.each([
        ["an unsupported major", { engineVersion: "13.7" }, `engineVersion '13.7' is not a supported major; ${FIX}`],
        ["an unpinned version", { engineVersion: undefined }, `engineVersion is not set, so RDS picks its current default major; ${FIX}`],
        ["no automatic minor upgrades", { autoMinorVersionUpgrade: false }, AUTO_MINOR_OFF],
    ])("blocks %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, instance(overrides)))).toEqual([`mandatory [HPG-PAT-01] RDS instance 'db': ${expected}`]);
    });

    it("takes the allowed majors from the policy config", async () => {
        const config = { "hpg-pat-01-supported-engine": { allowedEngineMajors: ["17"] } };
        expect(lines(await validateResource(policy, instance({ engineVersion: "16" }), config))).toEqual([
            "mandatory [HPG-PAT-01] RDS instance 'db': engineVersion '16' is not a supported major; set engineVersion to a major in 17",
        ]);
    });

    it("passes a read replica without engineVersion: it runs its source's, which is judged", async () => {
        expect(await validateResource(policy, instance({ replicateSourceDb: "db-0", engineVersion: undefined }))).toEqual([]);
    });

    it("blocks a read replica with minor-version upgrades off", async () => {
        expect(lines(await validateResource(policy, instance({ replicateSourceDb: "db-0", engineVersion: undefined, autoMinorVersionUpgrade: false })))).toEqual([
            `mandatory [HPG-PAT-01] RDS instance 'db': ${AUTO_MINOR_OFF}`,
        ]);
    });

    it("accepts a pinned minor with minor upgrades off that carries the autoMinorVersionUpgrade waiver with a reason, and only that waiver", async () => {
        const pinned = { engineVersion: "16.4", autoMinorVersionUpgrade: false };
        const waived = { "hpg-opt-out:autoMinorVersionUpgrade": "the vendor certifies 16.4 only; patched by hand each quarter" };
        expect(await validateResource(policy, instance({ ...pinned, tags: waived }))).toEqual([]);
        const notWaived: Record<string, string>[] = [{ "hpg-opt-out:singleAz": "staging" }, { "hpg-opt-out:autoMinorVersionUpgrade": "", "hpg-opt-outs": "autoMinorVersionUpgrade" }];
        for (const tags of notWaived) {
            expect(lines(await validateResource(policy, instance({ ...pinned, tags })))).toEqual([`mandatory [HPG-PAT-01] RDS instance 'db': ${AUTO_MINOR_OFF}`]);
        }
    });

    it("waives only minor upgrades: an unsupported major is still blocked under the waiver", async () => {
        const tags = { "hpg-opt-out:autoMinorVersionUpgrade": "pinned by vendor" };
        expect(lines(await validateResource(policy, instance({ engineVersion: "13.7", autoMinorVersionUpgrade: false, tags })))).toEqual([
            `mandatory [HPG-PAT-01] RDS instance 'db': engineVersion '13.7' is not a supported major; ${FIX}`,
        ]);
    });
});
