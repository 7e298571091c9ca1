import { defineControl } from "../../control";
import { postureMinimumText } from "../../facts/postures";

const MINIMUM = postureMinimumText((p) => p.minLogRetentionDays);

/** HPG-LOG-02: Logs kept a year. */
export const control = defineControl({
    id: "HPG-LOG-02",
    title: "Logs kept a year",
    requirement: `Database log groups are retained at least ${MINIMUM} (or never expire).`,
    frameworks: { "SOC 2": ["CC7.2"], HIPAA: ["164.312(b)"], "PCI DSS 4.0": ["10.5.1"], "NIST 800-53 r5": ["AU-11"] },
    severity: "high",
    enforcement: "mandatory",
    optOuts: [
        { name: "deleteKeyAndLogsWithStack", allows: "the KMS key and the log groups are deleted with the stack instead of retained", formerNames: ["retainOnDelete"] },
    ],
    settings: [`aws.cloudwatch.LogGroup retentionInDays >= ${MINIMUM.replace(/ days$/, "")} (or 0, never expire)`],
    docs: ["https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html"],
});
