import { defineControl } from "../../control";

/** HPG-ENC-02: Key rotation. */
export const control = defineControl({
    id: "HPG-ENC-02",
    title: "Key rotation",
    requirement: "Customer-managed KMS keys rotate their key material automatically.",
    frameworks: { "SOC 2": ["CC6.1"], HIPAA: ["164.312(a)(2)(iv)"], "PCI DSS 4.0": ["3.7.4"], "NIST 800-53 r5": ["SC-12"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["aws.kms.Key enableKeyRotation=true"],
    docs: ["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
});
