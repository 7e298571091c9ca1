import { defineControl } from "../../control";

/** HPG-TLS-03: Current certificate authority. */
export const control = defineControl({
    id: "HPG-TLS-03",
    title: "Current certificate authority",
    requirement: "The instance's server certificate is issued by a current RDS certificate authority.",
    frameworks: { "SOC 2": ["CC6.7"], HIPAA: ["164.312(e)(1)"], "PCI DSS 4.0": ["4.2.1.1"], "NIST 800-53 r5": ["SC-17"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["caCertIdentifier set explicitly to rds-ca-rsa2048-g1, rds-ca-rsa4096-g1 or rds-ca-ecc384-g1", "a Multi-AZ DB cluster: caCertificateIdentifier, from the same CAs"],
    docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL-certificate-rotation.html"],
});
