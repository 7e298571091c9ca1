import { RESOURCE_DEFAULTS, judgedValue } from "../../facts/resource-defaults";
import { instancePolicy, isAwsManagedKeyAlias } from "../../kit/plan/rds-instance";
import { control } from "./control";

/** HPG-MON-01: Performance Insights, when on, uses a customer-managed key; enhanced monitoring runs with its own role. */
export const monitoring = instancePolicy({
    control,
    name: "hpg-mon-01-monitoring",
    judges: "instance: Performance Insights on a customer-managed key; enhanced monitoring with its role",
    auroraMember: "instance",
    validate: (instance, _args, report) => {
        if (instance.performanceInsightsEnabled === true) {
            const key = instance.performanceInsightsKmsKeyId;
            const fix = "set performanceInsightsKmsKeyId to the instance's customer-managed KMS key";
            if (key === undefined || key === "") {
                report("Performance Insights is on without performanceInsightsKmsKeyId, so it uses the AWS-managed aws/rds key", fix);
            } else if (isAwsManagedKeyAlias(key)) {
                report(`performanceInsightsKmsKeyId is '${key}', an AWS-managed key`, fix);
            }
        }
        const interval = judgedValue(RESOURCE_DEFAULTS.instanceMonitoringInterval, instance.monitoringInterval) ?? 0;
        if (interval <= 0) {
            report("enhanced monitoring is off (monitoringInterval is 0 or not set)", "set monitoringInterval (e.g. 60) and monitoringRoleArn", "enhancedMonitoring");
        } else if (instance.monitoringRoleArn === undefined || instance.monitoringRoleArn === "") {
            report(`monitoringInterval is ${interval} without monitoringRoleArn`, "set monitoringRoleArn to a role trusted by monitoring.rds.amazonaws.com");
        }
    },
});
