import { monitoring as policy } from "../../../../../components/catalog/controls/hpg-mon-01/plan";
import { instance } from "../../../../support/policy-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-mon-01-monitoring", () => {
    it("passes encrypted Performance Insights with enhanced monitoring, and Performance Insights off", async () => {
        expect(await validateResource(policy, instance())).toEqual([]);
        expect(await validateResource(policy, instance({ performanceInsightsEnabled: false, performanceInsightsKmsKeyId: undefined }))).toEqual([]);
    });

    it.each([
        [
            "Performance Insights on the AWS-managed key",
            { performanceInsightsKmsKeyId: undefined },
            "Performance Insights is on without performanceInsightsKmsKeyId, so it uses the AWS-managed aws/rds key; set performanceInsightsKmsKeyId to the instance's customer-managed KMS key",
        ],
        [
            "Performance Insights on the aws/rds alias",
            { performanceInsightsKmsKeyId: "alias/aws/rds" },
            "performanceInsightsKmsKeyId is 'alias/aws/rds', an AWS-managed key; set performanceInsightsKmsKeyId to the instance's customer-managed KMS key",
        ],
        ["enhanced monitoring off", { monitoringInterval: 0 }, "enhanced monitoring is off (monitoringInterval is 0 or not set); set monitoringInterval (e.g. 60) and monitoringRoleArn (or waive it: tag hpg-opt-out:enhancedMonitoring with the reason)"],
        [
            "enhanced monitoring without its role",
            { monitoringRoleArn: undefined },
            "monitoringInterval is 60 without monitoringRoleArn; set monitoringRoleArn to a role trusted by monitoring.rds.amazonaws.com",
        ],
    ])("blocks %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, instance(overrides)))).toEqual([`mandatory [HPG-MON-01] RDS instance 'db': ${expected}`]);
    });

    it("can't run during preview while the Performance Insights key is unknown", async () => {
        expect(lines(await validateResource(policy, instance({ performanceInsightsKmsKeyId: UNKNOWN.string })))).toEqual([
            cantRunDuringPreview("hpg-mon-01-monitoring", "string value at .performanceInsightsKmsKeyId"),
        ]);
    });

    it("accepts enhanced monitoring off under the enhancedMonitoring waiver, but still judges Performance Insights", async () => {
        const tags = { "compliance-posture": "soc2", "data-classification": "confidential", "hpg-opt-out:enhancedMonitoring": "instance class without enhanced monitoring" };
        expect(lines(await validateResource(policy, instance({ monitoringInterval: 0, monitoringRoleArn: undefined, tags })))).toEqual([]);
        expect(lines(await validateResource(policy, instance({ monitoringInterval: 0, performanceInsightsKmsKeyId: "alias/aws/rds", tags })))).toEqual([
            "mandatory [HPG-MON-01] RDS instance 'db': performanceInsightsKmsKeyId is 'alias/aws/rds', an AWS-managed key; set performanceInsightsKmsKeyId to the instance's customer-managed KMS key",
        ]);
    });
});
