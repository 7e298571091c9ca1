import { defineControl } from "../../control";

/** HPG-IAM-01: IAM database authentication. */
export const control = defineControl({
    id: "HPG-IAM-01",
    title: "IAM database authentication",
    requirement: "IAM database authentication is enabled so services can log in with short-lived tokens instead of passwords.",
    frameworks: { "SOC 2": ["CC6.1"], HIPAA: ["164.312(d)"], "PCI DSS 4.0": ["8.3.1"], "NIST 800-53 r5": ["IA-2", "IA-5"] },
    severity: "low",
    enforcement: "advisory",
    settings: ["iamDatabaseAuthenticationEnabled=true"],
    docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html"],
});
