import { HardenedPostgresArgs } from "../../../components/hardened-postgres/args";
import { validateHardenedPostgresArgs } from "../../../components/hardened-postgres/validate";
import { problemsOf } from "../../support/argument-problems";

const base: HardenedPostgresArgs = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"] };

describe("enhancedMonitoringLogGroup", () => {
    it("defaults to external and accepts create", () => {
        expect(validateHardenedPostgresArgs("orders-db", base).enhancedMonitoringLogGroup).toBe("external");
        expect(validateHardenedPostgresArgs("orders-db", { ...base, enhancedMonitoringLogGroup: "create" }).enhancedMonitoringLogGroup).toBe("create");
        expect(validateHardenedPostgresArgs("orders-db", { ...base, enhancedMonitoringLogGroup: "external" }).enhancedMonitoringLogGroup).toBe("external");
    });

    it.each<[string, unknown, string]>([
        ["a boolean", true, "true"],
        ["another word", "yes", "'yes'"],
    ])("refuses %s", (_label, value, shown) => {
        expect(problemsOf({ enhancedMonitoringLogGroup: value })).toEqual([`[enhancedMonitoringLogGroup] ${shown} is not allowed; allowed: create (this stack declares RDSOSMetrics) or external`]);
    });
});
