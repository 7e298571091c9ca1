import { defineControl } from "../../control";

/** HPG-TLS-01: TLS required for every connection. */
export const control = defineControl({
    id: "HPG-TLS-01",
    title: "TLS required for every connection",
    requirement: "The server refuses connections that are not encrypted with TLS.",
    frameworks: { "SOC 2": ["CC6.7"], HIPAA: ["164.312(e)(1)", "164.312(e)(2)(ii)"], "PCI DSS 4.0": ["4.2.1"], "NIST 800-53 r5": ["SC-8", "SC-8(1)"] },
    severity: "critical",
    enforcement: "mandatory",
    settings: ["RDS: effective rds.force_ssl=1", "self-managed: ssl=on and pg_hba.conf with hostssl entries only", "aws.rds.Proxy (engine family POSTGRESQL): requireTls=true"],
    parameters: [
        {
            name: "rds.force_ssl",
            rule: { kind: "boolean", value: true },
            desired: "1",
            // RDS for PostgreSQL: 1 (on) by default from version 15, 0 (off) on 14 and older.
            rdsDefault: "1",
            rdsDefaultByFamily: { postgres14: "0" },
            defaultSource: {
                confirmed: true,
                url: "https://docs.amazonaws.cn/AmazonRDS/latest/UserGuide/ssl-certificate-rotation-postgresql.html",
                // The page found is the Chinese edition; the words are its translation.
                states: "By default, rds.force_ssl is set to 0 (off) for DB instances using PostgreSQL versions before 15, and to 1 (on) for DB instances using PostgreSQL 15 and higher major versions",
            },
            // Static on postgres14, where the component declares it: RDS refuses `immediate` for a static parameter.
            applyMethod: "pending-reboot",
            rdsOnly: true,
        },
    ],
    docs: [
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html",
        "https://www.postgresql.org/docs/current/ssl-tcp.html",
    ],
});
