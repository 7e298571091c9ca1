import { RESOURCE_DEFAULTS, ResourceDefault, judgedValue } from "../../facts/resource-defaults";
import { ClusterInputs, ClusterInstanceInputs, ReportClusterProblem, clusterPolicy, isMultiAzDbCluster } from "../../kit/plan/rds-cluster";
import { isAwsManagedKeyAlias } from "../../kit/plan/rds-instance";
import { control } from "./control";

/** Performance Insights, when on, is on a customer-managed key. */
function judgePerformanceInsights(resource: ClusterInputs | ClusterInstanceInputs, report: ReportClusterProblem): void {
    if (resource.performanceInsightsEnabled === true) {
        const key = resource.performanceInsightsKmsKeyId;
        const fix = "set performanceInsightsKmsKeyId to the database's customer-managed KMS key";
        if (key === undefined || key === "") {
            report("Performance Insights is on without performanceInsightsKmsKeyId, so it uses the AWS-managed aws/rds key", fix);
        } else if (isAwsManagedKeyAlias(key)) {
            report(`performanceInsightsKmsKeyId is '${key}', an AWS-managed key`, fix);
        }
    }
}

/** Enhanced monitoring runs with its own role; `required` false only asks for the role when an interval is set. */
function judgeEnhancedMonitoring(resource: ClusterInputs | ClusterInstanceInputs, unset: ResourceDefault<number>, required: boolean, report: ReportClusterProblem): void {
    const interval = judgedValue(unset, resource.monitoringInterval) ?? 0;
    if (interval <= 0) {
        if (required) {
            report("enhanced monitoring is off (monitoringInterval is 0 or not set)", "set monitoringInterval (e.g. 60) and monitoringRoleArn");
        }
    } else if (resource.monitoringRoleArn === undefined || resource.monitoringRoleArn === "") {
        report(`monitoringInterval is ${interval} without monitoringRoleArn`, "set monitoringRoleArn to a role trusted by monitoring.rds.amazonaws.com");
    }
}

/**
 * HPG-MON-01 on clusters: an Aurora member is monitored as an instance is; a Multi-AZ DB cluster, whose members aren't
 * declared, carries the same settings itself. An Aurora cluster's own Performance Insights (Database Insights) is judged too.
 */
export const clusterMonitoring = clusterPolicy({
    control,
    name: "hpg-mon-01-cluster-monitoring",
    judges: "`aws.rds.ClusterInstance`, and a Multi-AZ DB cluster: Performance Insights on a customer-managed key; enhanced monitoring with its role",
    clusterInstance: (member, _args, report) => {
        judgePerformanceInsights(member, report);
        judgeEnhancedMonitoring(member, RESOURCE_DEFAULTS.clusterInstanceMonitoringInterval, true, report);
    },
    cluster: (cluster, _args, report) => {
        judgePerformanceInsights(cluster, report);
        judgeEnhancedMonitoring(cluster, RESOURCE_DEFAULTS.clusterMonitoringInterval, isMultiAzDbCluster(cluster), report);
    },
});
