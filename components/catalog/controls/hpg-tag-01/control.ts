import { defineControl } from "../../control";

/** HPG-TAG-01: Snapshots carry classification tags. */
export const control = defineControl({
    id: "HPG-TAG-01",
    title: "Snapshots carry classification tags",
    requirement: "Snapshots inherit the instance's tags, so data classification follows the data into backups.",
    frameworks: { "SOC 2": ["CC6.1"], HIPAA: ["164.310(d)(1)"], "PCI DSS 4.0": ["9.4.2"], "NIST 800-53 r5": ["CM-8", "MP-3"] },
    severity: "low",
    enforcement: "mandatory",
    settings: ["copyTagsToSnapshot=true", "tag data-classification (and compliance-posture, when used, naming a posture)"],
    docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Tagging.html"],
});
