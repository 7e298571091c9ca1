import { defineControl } from "../../control";

/** HPG-ROLE-03: No ALL privileges to login roles. */
export const control = defineControl({
    id: "HPG-ROLE-03",
    title: "No ALL privileges to login roles",
    requirement: "Login roles receive only the named privileges their group role needs, never ALL.",
    frameworks: { "SOC 2": ["CC6.3"], HIPAA: ["164.308(a)(4)"], "PCI DSS 4.0": ["7.2.2"], "NIST 800-53 r5": ["AC-6"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["postgresql.Grant privileges never ALL for a role with login"],
    docs: ["https://www.postgresql.org/docs/current/sql-grant.html"],
});
