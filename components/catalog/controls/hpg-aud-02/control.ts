import { defineControl } from "../../control";
import { REQUIRED_PGAUDIT_CLASSES } from "../../facts/pgaudit";
import { AUDIT_RECORD_ROUTING } from "./audit-record-routing";

/** HPG-AUD-02: DDL, write and role statements audited. */
export const control = defineControl({
    id: "HPG-AUD-02",
    title: "DDL, write and role statements audited",
    requirement: "pgaudit logs every DDL, write and role statement with the session user's name.",
    frameworks: { "SOC 2": ["CC7.2"], HIPAA: ["164.312(b)"], "PCI DSS 4.0": ["10.2.1.2", "10.2.1.5", "10.2.2"], "NIST 800-53 r5": ["AU-2", "AU-3", "AU-12"] },
    severity: "high",
    enforcement: "mandatory",
    settings: [
        "effective pgaudit.log covers ddl, write and role ('all' covers them; '-class' removes one)",
        "audit records reach the server log: log_min_messages at most error, pgaudit.log_client off or pgaudit.log_level at log, log_destination on stderr, csvlog or jsonlog",
    ],
    parameters: [
        {
            name: "pgaudit.log",
            rule: { kind: "pgauditCovers", classes: REQUIRED_PGAUDIT_CLASSES },
            desired: "ddl,write,role",
            rdsDefault: "none",
            defaultSource: {
                confirmed: false,
                why: "AWS states 'none: This is the default' only in the Aurora User Guide's pgAudit reference (AuroraUserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.reference); no RDS for PostgreSQL page found states it. The default fails the rule either way",
            },
            applyMethod: "immediate",
        },
    ],
    judgements: [AUDIT_RECORD_ROUTING],
    docs: [
        "https://github.com/pgaudit/pgaudit/blob/main/README.md",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.html",
    ],
});
