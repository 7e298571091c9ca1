import { defineControl } from "../../control";

/** HPG-AUD-03: No bound values in audit logs. */
export const control = defineControl({
    id: "HPG-AUD-03",
    title: "No bound values in audit logs",
    requirement: "Audit logs never contain statement parameter values, which often carry secrets or regulated data.",
    frameworks: { "SOC 2": ["CC6.1"], HIPAA: ["164.312(a)(1)"], "PCI DSS 4.0": ["3.3.1", "10.3.1"], "NIST 800-53 r5": ["AU-9", "SI-12"] },
    severity: "medium",
    enforcement: "mandatory",
    settings: ["effective pgaudit.log_parameter=0"],
    parameters: [
        {
            name: "pgaudit.log_parameter",
            rule: { kind: "boolean", value: false },
            desired: "0",
            rdsDefault: "0",
            applyMethod: "immediate",
        },
    ],
    docs: ["https://github.com/pgaudit/pgaudit/blob/main/README.md"],
});
