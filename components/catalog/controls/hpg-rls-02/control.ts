import { defineControl } from "../../control";

/** HPG-RLS-02: Views respect row-level security. */
export const control = defineControl({
    id: "HPG-RLS-02",
    title: "Views respect row-level security",
    requirement: "Views over tenant or classified tables run with the caller's privileges (security_invoker).",
    frameworks: { "SOC 2": ["CC6.1"], HIPAA: ["164.312(a)(1)"], "PCI DSS 4.0": ["7.2.1"], "NIST 800-53 r5": ["AC-3"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["CREATE VIEW ... WITH (security_invoker = true)"],
    docs: ["https://www.postgresql.org/docs/current/sql-createview.html"],
});
