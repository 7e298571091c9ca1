import { defineControl } from "../../control";

/** HPG-AUD-01: pgaudit loaded. */
export const control = defineControl({
    id: "HPG-AUD-01",
    title: "pgaudit loaded",
    requirement: "The pgaudit extension is preloaded so that session and object audit logging is available.",
    frameworks: { "SOC 2": ["CC7.2"], HIPAA: ["164.312(b)"], "PCI DSS 4.0": ["10.2.1"], "NIST 800-53 r5": ["AU-2", "AU-12"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["shared_preload_libraries includes pgaudit (the component keeps RDS's pg_stat_statements beside it; no control requires it); static, applied at reboot", "CREATE EXTENSION pgaudit in the database"],
    parameters: [
        {
            name: "shared_preload_libraries",
            rule: { kind: "listIncludes", values: ["pgaudit"] },
            desired: "pg_stat_statements,pgaudit",
            rdsDefault: "pg_stat_statements",
            defaultSource: {
                confirmed: false,
                why: "no AWS page found states RDS's default list; the pgAudit setup page shows `rdsutils,pgaudit` after pgaudit is added (Appendix.PostgreSQL.CommonDBATasks.pgaudit.basic-setup). The default lacks pgaudit whatever it is, so the component declares the list",
            },
            applyMethod: "pending-reboot",
        },
    ],
    docs: [
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.html",
        "https://github.com/pgaudit/pgaudit/blob/main/README.md",
    ],
});
