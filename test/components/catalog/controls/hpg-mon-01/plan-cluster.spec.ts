import { clusterMonitoring as policy } from "../../../../../components/catalog/controls/hpg-mon-01/plan-cluster";
import { auroraCluster, clusterInstance, multiAzCluster } from "../../../../support/cluster-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const PI_FIX = "set performanceInsightsKmsKeyId to the database's customer-managed KMS key";
const MONITORING_OFF =
    "enhanced monitoring is off (monitoringInterval is 0 or not set); set monitoringInterval (e.g. 60) and monitoringRoleArn";
const NO_ROLE = "monitoringInterval is 60 without monitoringRoleArn; set monitoringRoleArn to a role trusted by monitoring.rds.amazonaws.com";

describe("hpg-mon-01-cluster-monitoring", () => {
    it("passes a monitored Aurora member, an Aurora cluster without cluster-level monitoring (its members carry it), and a monitored Multi-AZ DB cluster", async () => {
        expect(await validateResource(policy, clusterInstance())).toEqual([]);
        expect(await validateResource(policy, clusterInstance({ performanceInsightsEnabled: false, performanceInsightsKmsKeyId: undefined }))).toEqual([]);
        expect(await validateResource(policy, auroraCluster())).toEqual([]);
        expect(await validateResource(policy, multiAzCluster())).toEqual([]);
    });

    it.each([
        ["Performance Insights on the AWS-managed key", { performanceInsightsKmsKeyId: undefined }, `Performance Insights is on without performanceInsightsKmsKeyId, so it uses the AWS-managed aws/rds key; ${PI_FIX}`],
        ["Performance Insights on the aws/rds alias", { performanceInsightsKmsKeyId: "alias/aws/rds" }, `performanceInsightsKmsKeyId is 'alias/aws/rds', an AWS-managed key; ${PI_FIX}`],
        ["enhanced monitoring off", { monitoringInterval: 0 }, MONITORING_OFF],
        ["enhanced monitoring without its role", { monitoringRoleArn: undefined }, NO_ROLE],
    ])("blocks an Aurora member with %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, clusterInstance(overrides)))).toEqual([`mandatory [HPG-MON-01] RDS cluster instance 'member': ${expected}`]);
    });

    it.each([
        ["Performance Insights on the AWS-managed key", { performanceInsightsKmsKeyId: undefined }, `Performance Insights is on without performanceInsightsKmsKeyId, so it uses the AWS-managed aws/rds key; ${PI_FIX}`],
        ["enhanced monitoring off", { monitoringInterval: undefined }, MONITORING_OFF],
        ["enhanced monitoring without its role", { monitoringRoleArn: undefined }, NO_ROLE],
    ])("blocks a Multi-AZ DB cluster with %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, multiAzCluster(overrides)))).toEqual([`mandatory [HPG-MON-01] RDS cluster 'cluster': ${expected}`]);
    });

    it.each([
        ["cluster-level Performance Insights on the AWS-managed key", { performanceInsightsEnabled: true }, `Performance Insights is on without performanceInsightsKmsKeyId, so it uses the AWS-managed aws/rds key; ${PI_FIX}`],
        ["cluster-level enhanced monitoring without its role", { monitoringInterval: 60 }, NO_ROLE],
    ])("blocks an Aurora cluster with %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, auroraCluster(overrides)))).toEqual([`mandatory [HPG-MON-01] RDS cluster 'cluster': ${expected}`]);
    });

    it("waives nothing on a cluster or its member: the waiver report lists instances' waivers only, so a cluster's would be silent", async () => {
        const tags = { "data-classification": "internal", "hpg-opt-out:enhancedMonitoring": "instance class without enhanced monitoring" };
        expect(lines(await validateResource(policy, clusterInstance({ monitoringInterval: 0, monitoringRoleArn: undefined, tags })))).toEqual([
            `mandatory [HPG-MON-01] RDS cluster instance 'member': ${MONITORING_OFF}`,
        ]);
    });
});
