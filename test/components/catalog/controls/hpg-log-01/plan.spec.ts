import { logExports as policy } from "../../../../../components/catalog/controls/hpg-log-01/plan";
import { instance } from "../../../../support/policy-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-log-01-log-exports", () => {
    it("passes postgresql and upgrade exports in any order", async () => {
        expect(await validateResource(policy, instance({ enabledCloudwatchLogsExports: ["upgrade", "postgresql"] }))).toEqual([]);
    });

    it.each([
        ["no exports", undefined, "enabledCloudwatchLogsExports exports nothing, missing postgresql and upgrade"],
        ["no upgrade logs", ["postgresql"], "enabledCloudwatchLogsExports exports 'postgresql', missing upgrade"],
        ["no postgresql logs", ["upgrade"], "enabledCloudwatchLogsExports exports 'upgrade', missing postgresql"],
    ])("blocks %s", async (_case, exportsValue, expected) => {
        expect(lines(await validateResource(policy, instance({ enabledCloudwatchLogsExports: exportsValue })))).toEqual([
            `mandatory [HPG-LOG-01] RDS instance 'db': ${expected}; set enabledCloudwatchLogsExports to include postgresql and upgrade`,
        ]);
    });

    it("can't run during preview while the export list is unknown", async () => {
        expect(lines(await validateResource(policy, instance({ enabledCloudwatchLogsExports: UNKNOWN.array })))).toEqual([
            cantRunDuringPreview("hpg-log-01-log-exports", "Array value at .enabledCloudwatchLogsExports"),
        ]);
    });
});
