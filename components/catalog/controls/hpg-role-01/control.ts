import { defineControl } from "../../control";

/** HPG-ROLE-01: No privileged login roles. */
export const control = defineControl({
    id: "HPG-ROLE-01",
    title: "No privileged login roles",
    requirement: "No role has SUPERUSER, BYPASSRLS, CREATEROLE or CREATEDB except the declared admin and migration roles.",
    frameworks: { "SOC 2": ["CC6.1", "CC6.3"], HIPAA: ["164.312(a)(1)", "164.308(a)(4)"], "PCI DSS 4.0": ["7.2.1", "7.2.2", "7.2.5"], "NIST 800-53 r5": ["AC-6", "AC-6(5)"] },
    severity: "critical",
    enforcement: "mandatory",
    settings: ["postgresql.Role superuser, bypassRowLevelSecurity, createRole, createDatabase false unless the role is on the admin list"],
    docs: ["https://www.postgresql.org/docs/current/role-attributes.html"],
});
