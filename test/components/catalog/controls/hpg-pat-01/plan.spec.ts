import { supportedEngine as policy } from "../../../../../components/catalog/controls/hpg-pat-01/plan";
import { instance } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const FIX = "set engineVersion to a major in 14, 15, 16, 17";

describe("hpg-pat-01-supported-engine", () => {
    it.each(["14.20", "15", "16.4", "17.2"])("passes engineVersion %s with automatic minor upgrades", async (engineVersion) => {
        expect(await validateResource(policy, instance({ engineVersion }))).toEqual([]);
        expect(await validateResource(policy, instance({ engineVersion, autoMinorVersionUpgrade: undefined }))).toEqual([]);
    });

    it.each([
        ["an unsupported major", { engineVersion: "13.7" }, `engineVersion '13.7' is not a supported major; ${FIX}`],
        ["an unpinned version", { engineVersion: undefined }, `engineVersion is not set, so RDS picks its current default major; ${FIX}`],
        ["no automatic minor upgrades", { autoMinorVersionUpgrade: false }, "autoMinorVersionUpgrade is false, so minor-version security patches are not applied; set autoMinorVersionUpgrade: true"],
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
            "mandatory [HPG-PAT-01] RDS instance 'db': autoMinorVersionUpgrade is false, so minor-version security patches are not applied; set autoMinorVersionUpgrade: true",
        ]);
    });
});
