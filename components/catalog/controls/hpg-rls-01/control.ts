import { defineControl } from "../../control";

/** HPG-RLS-01: Tenant isolation by row-level security. */
export const control = defineControl({
    id: "HPG-RLS-01",
    title: "Tenant isolation by row-level security",
    requirement: "Every table with a tenant column or classified columns has row-level security enabled and forced, with a policy that returns no rows without a tenant context.",
    frameworks: { "SOC 2": ["CC6.1"], HIPAA: ["164.312(a)(1)", "164.308(a)(4)"], "PCI DSS 4.0": ["7.2.1"], "NIST 800-53 r5": ["AC-3", "AC-4"] },
    severity: "critical",
    enforcement: "mandatory",
    settings: [
        "ALTER TABLE ... ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE ... FORCE ROW LEVEL SECURITY",
        "a tenant policy USING and WITH CHECK on the tenant setting",
    ],
    docs: ["https://www.postgresql.org/docs/current/ddl-rowsecurity.html"],
});
