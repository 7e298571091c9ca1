import { defineControl } from "../../control";

/** HPG-LOG-03: Logs encrypted and protected. */
export const control = defineControl({
    id: "HPG-LOG-03",
    title: "Logs encrypted and protected",
    requirement: "Database log groups are encrypted with a customer-managed KMS key.",
    frameworks: { "SOC 2": ["CC6.1"], HIPAA: ["164.312(a)(2)(iv)"], "PCI DSS 4.0": ["10.3.2"], "NIST 800-53 r5": ["AU-9", "SC-28"] },
    severity: "medium",
    enforcement: "mandatory",
    settings: ["aws.cloudwatch.LogGroup kmsKeyId set"],
    docs: ["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html"],
});
