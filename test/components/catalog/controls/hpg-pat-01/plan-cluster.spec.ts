import { clusterSupportedEngine as policy } from "../../../../../components/catalog/controls/hpg-pat-01/plan-cluster";
import { ENGINE_DEFAULTS } from "../../../../../components/catalog/controls/hpg-pat-01/plan";
import { auroraCluster, clusterInstance, multiAzCluster } from "../../../../support/cluster-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

// The allowed majors are the catalog's to change; what this spec pins is which versions pass and which are blocked.
const MAJOR_FIX = `set engineVersion to a major in ${ENGINE_DEFAULTS.allowedEngineMajors.join(", ")}`;
const AUTO_MINOR = "autoMinorVersionUpgrade is false, so minor-version security patches are not applied; set autoMinorVersionUpgrade: true";

describe("hpg-pat-01-cluster-supported-engine", () => {
    it("passes clusters pinned to a supported major (Aurora's 15.4 and 16.6, RDS's 16.4) and members that take minor upgrades", async () => {
        expect(await validateResource(policy, auroraCluster())).toEqual([]);
        expect(await validateResource(policy, auroraCluster({ engineVersion: "16.6" }))).toEqual([]);
        expect(await validateResource(policy, multiAzCluster())).toEqual([]);
        expect(await validateResource(policy, clusterInstance())).toEqual([]);
        expect(await validateResource(policy, clusterInstance({ autoMinorVersionUpgrade: undefined }))).toEqual([]);
    });

    it.each([
        ["no engineVersion", { engineVersion: undefined }, `engineVersion is not set, so RDS picks its current default major; ${MAJOR_FIX}`],
        ["an unsupported major", { engineVersion: "12.22" }, `engineVersion '12.22' is not a supported major; ${MAJOR_FIX}`],
    ])("blocks a cluster with %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, auroraCluster(overrides)))).toEqual([`mandatory [HPG-PAT-01] RDS cluster 'cluster': ${expected}`]);
    });

    it("blocks a Multi-AZ DB cluster with minor upgrades off; an Aurora cluster's members carry the setting", async () => {
        expect(lines(await validateResource(policy, multiAzCluster({ autoMinorVersionUpgrade: false })))).toEqual([`mandatory [HPG-PAT-01] RDS cluster 'cluster': ${AUTO_MINOR}`]);
        expect(await validateResource(policy, auroraCluster({ autoMinorVersionUpgrade: false }))).toEqual([]);
    });

    it("blocks a member with minor upgrades off", async () => {
        expect(lines(await validateResource(policy, clusterInstance({ autoMinorVersionUpgrade: false })))).toEqual([`mandatory [HPG-PAT-01] RDS cluster instance 'member': ${AUTO_MINOR}`]);
    });

    it("takes the allowed majors from its config", async () => {
        expect(lines(await validateResource(policy, auroraCluster(), { "hpg-pat-01-cluster-supported-engine": { allowedEngineMajors: ["16", "17"] } }))).toEqual([
            "mandatory [HPG-PAT-01] RDS cluster 'cluster': engineVersion '15.4' is not a supported major; set engineVersion to a major in 16, 17",
        ]);
    });
});
