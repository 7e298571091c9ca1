import { defineControl } from "../../control";

/** HPG-AUD-04: Connections logged. */
export const control = defineControl({
    id: "HPG-AUD-04",
    title: "Connections logged",
    requirement: "Every connection and disconnection is logged with its user and origin.",
    frameworks: { "SOC 2": ["CC7.2"], HIPAA: ["164.308(a)(1)(ii)(D)", "164.312(b)"], "PCI DSS 4.0": ["10.2.1.4", "10.2.2"], "NIST 800-53 r5": ["AU-2", "AC-2(4)"] },
    severity: "medium",
    enforcement: "mandatory",
    settings: ["effective log_connections=1", "effective log_disconnections=1"],
    parameters: [
        {
            name: "log_connections",
            rule: { kind: "boolean", value: true },
            desired: "1",
            rdsDefault: "0",
            defaultSource: {
                confirmed: false,
                why: "no AWS page found states RDS's default; off is PostgreSQL's own (runtime-config-logging), which AWS doesn't say RDS keeps. The default fails the rule either way",
            },
            applyMethod: "immediate",
        },
        {
            name: "log_disconnections",
            rule: { kind: "boolean", value: true },
            desired: "1",
            rdsDefault: "0",
            defaultSource: {
                confirmed: false,
                why: "no AWS page found states RDS's default; off is PostgreSQL's own (runtime-config-logging), which AWS doesn't say RDS keeps. The default fails the rule either way",
            },
            applyMethod: "immediate",
        },
    ],
    docs: ["https://www.postgresql.org/docs/current/runtime-config-logging.html#GUC-LOG-CONNECTIONS"],
});
