import { defineControl } from "../../control";

/** HPG-TLS-02: TLS 1.2 or higher. */
export const control = defineControl({
    id: "HPG-TLS-02",
    title: "TLS 1.2 or higher",
    requirement: "The server accepts no TLS protocol older than TLS 1.2.",
    frameworks: { "SOC 2": ["CC6.7"], HIPAA: ["164.312(e)(2)(ii)"], "PCI DSS 4.0": ["4.2.1"], "NIST 800-53 r5": ["SC-8(1)", "SC-13"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["effective ssl_min_protocol_version = TLSv1.2 or TLSv1.3"],
    parameters: [
        {
            name: "ssl_min_protocol_version",
            rule: { kind: "tlsAtLeast", value: "TLSv1.2" },
            desired: "TLSv1.2",
            rdsDefault: "TLSv1.2",
            defaultSource: {
                confirmed: false,
                why: "AWS's SSL page for RDS for PostgreSQL (PostgreSQL.Concepts.General.SSL) lists the TLS versions RDS supports but states no default for ssl_min_protocol_version; TLSv1.2 is PostgreSQL's own default since 13 (commit b1abfec8), which AWS doesn't say RDS keeps",
            },
            applyMethod: "immediate",
        },
    ],
    docs: [
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html",
        "https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-SSL-MIN-PROTOCOL-VERSION",
    ],
});
