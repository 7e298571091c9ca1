import { defineControl } from "../../control";

/** HPG-PWD-02: No master password in state. */
export const control = defineControl({
    id: "HPG-PWD-02",
    title: "No master password in state",
    requirement: "The master password is generated and rotated by Secrets Manager and never appears in infrastructure state: no resource or provider input holds it (DatabaseAccess reads the secret only when its SQL runs).",
    frameworks: { "SOC 2": ["CC6.1"], HIPAA: ["164.312(d)"], "PCI DSS 4.0": ["8.3.2", "8.6.2"], "NIST 800-53 r5": ["IA-5", "IA-5(7)"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["manageMasterUserPassword=true", "no password argument", "a non-default master user name"],
    docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html"],
});
