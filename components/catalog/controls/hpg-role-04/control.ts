import { defineControl } from "../../control";

/** HPG-ROLE-04: Only the owner owns objects. */
export const control = defineControl({
    id: "HPG-ROLE-04",
    title: "Only the owner owns objects",
    requirement: "Application objects are owned by the owner (migrator) role, never by a login or application role.",
    frameworks: { "SOC 2": ["CC6.3"], HIPAA: ["164.308(a)(4)"], "PCI DSS 4.0": ["7.2.2"], "NIST 800-53 r5": ["AC-6", "CM-5"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["ALTER ... OWNER TO the owner role; application roles hold grants only"],
    docs: ["https://www.postgresql.org/docs/current/ddl-priv.html"],
});
