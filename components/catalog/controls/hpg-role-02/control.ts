import { defineControl } from "../../control";

/** HPG-ROLE-02: Nothing granted to PUBLIC. */
export const control = defineControl({
    id: "HPG-ROLE-02",
    title: "Nothing granted to PUBLIC",
    requirement: "No privilege on application schemas or tables is granted to PUBLIC, and PUBLIC cannot create in schema public.",
    frameworks: { "SOC 2": ["CC6.1", "CC6.3"], HIPAA: ["164.312(a)(1)"], "PCI DSS 4.0": ["7.2.1"], "NIST 800-53 r5": ["AC-3", "AC-6"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["no postgresql.Grant with role public", "REVOKE CREATE ON SCHEMA public FROM PUBLIC"],
    docs: ["https://www.postgresql.org/docs/current/ddl-priv.html", "https://www.postgresql.org/docs/current/ddl-schemas.html#DDL-SCHEMAS-PATTERNS"],
});
