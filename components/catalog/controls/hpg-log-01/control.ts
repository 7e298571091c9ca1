import { defineControl } from "../../control";

/** HPG-LOG-01: Logs leave the instance. */
export const control = defineControl({
    id: "HPG-LOG-01",
    title: "Logs leave the instance",
    requirement: "PostgreSQL and upgrade logs are exported to CloudWatch Logs, outside the database superuser's reach.",
    frameworks: { "SOC 2": ["CC7.2"], HIPAA: ["164.312(b)"], "PCI DSS 4.0": ["10.3.3"], "NIST 800-53 r5": ["AU-4(1)", "AU-9(2)"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["enabledCloudwatchLogsExports includes postgresql and upgrade", "an Aurora PostgreSQL cluster, which has no upgrade log: enabledCloudwatchLogsExports includes postgresql"],
    docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html"],
});
