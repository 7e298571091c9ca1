import { defineControl } from "../../control";

/** HPG-PWD-01: SCRAM password hashing. */
export const control = defineControl({
    id: "HPG-PWD-01",
    title: "SCRAM password hashing",
    requirement: "Passwords are stored and verified with SCRAM-SHA-256, never MD5 or plaintext.",
    frameworks: { "SOC 2": ["CC6.1"], HIPAA: ["164.312(d)"], "PCI DSS 4.0": ["8.3.2"], "NIST 800-53 r5": ["IA-5(1)"] },
    severity: "high",
    enforcement: "mandatory",
    settings: [
        "effective password_encryption=scram-sha-256",
        "every stored password a SCRAM-SHA-256 verifier (self-managed: read through hpg.password_verifier_types())",
        "RDS: rds.accepted_password_auth_method=scram (refuses MD5 logins)",
        "self-managed: pg_hba.conf method scram-sha-256",
    ],
    parameters: [
        {
            name: "password_encryption",
            rule: { kind: "equals", value: "scram-sha-256" },
            desired: "scram-sha-256",
            rdsDefault: "scram-sha-256",
            defaultSource: {
                confirmed: false,
                why: "AWS documents scram-sha-256 as the default only for Aurora (default.aurora-postgresql14, AuroraUserGuide/PostgreSQL_Password_Encryption_configuration); for RDS only the AWS Database Blog ('SCRAM Authentication in RDS for PostgreSQL 13') says PostgreSQL 14 changed the default, and the RDS User Guide's SCRAM page found states none",
            },
            applyMethod: "immediate",
        },
        {
            // RDS for PostgreSQL 13.1+: 'md5+scram' (the default) accepts an MD5 login, 'scram' refuses it. Dynamic.
            name: "rds.accepted_password_auth_method",
            rule: { kind: "equals", value: "scram" },
            desired: "scram",
            rdsDefault: "md5+scram",
            defaultSource: {
                confirmed: false,
                why: "the Aurora User Guide's SCRAM page calls md5+scram the default; the RDS User Guide's page found does not state it. The default fails the rule either way",
            },
            applyMethod: "immediate",
            rdsOnly: true,
        },
    ],
    docs: [
        "https://www.postgresql.org/docs/current/auth-password.html",
        "https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-PASSWORD-ENCRYPTION",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL_Password_Encryption_configuration.html",
    ],
});
