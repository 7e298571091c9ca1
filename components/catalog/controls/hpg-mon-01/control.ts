import { defineControl } from "../../control";

/** HPG-MON-01: Monitoring encrypted and enabled. */
export const control = defineControl({
    id: "HPG-MON-01",
    title: "Monitoring encrypted and enabled",
    requirement: "Performance Insights, when on, is encrypted with a customer-managed key, and enhanced monitoring runs with its own role.",
    frameworks: { "SOC 2": ["CC7.2"], HIPAA: ["164.312(b)"], "PCI DSS 4.0": ["10.2.1"], "NIST 800-53 r5": ["SI-4", "SC-28"] },
    severity: "medium",
    enforcement: "mandatory",
    optOuts: [
        { name: "performanceInsights", allows: "performanceInsights: false (an instance class without Performance Insights)" },
        { name: "enhancedMonitoring", allows: "monitoringInterval: 0 (no enhanced monitoring)" },
    ],
    settings: ["performanceInsightsKmsKeyId = a customer-managed key whenever performanceInsightsEnabled", "monitoringInterval > 0 with monitoringRoleArn"],
    docs: [
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.html",
    ],
});
