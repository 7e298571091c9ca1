import { defineControl } from "../../control";

/** HPG-LOG-04: Log groups exist before RDS writes. */
export const control = defineControl({
    id: "HPG-LOG-04",
    title: "Log groups exist before RDS writes",
    requirement: "Every log group an instance exports to is declared in the same stack, so RDS never creates a never-expiring, unencrypted one itself.",
    frameworks: { "SOC 2": ["CC7.2"], HIPAA: ["164.312(b)"], "PCI DSS 4.0": ["10.5.1"], "NIST 800-53 r5": ["AU-11", "AU-9"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["aws.cloudwatch.LogGroup /aws/rds/instance/<identifier>/<type> for each exported type, created before the instance"],
    docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html"],
});
