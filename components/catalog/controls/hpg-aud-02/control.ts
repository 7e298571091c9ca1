import { defineControl } from "../../control";
import { REQUIRED_PGAUDIT_CLASSES } from "../../facts/pgaudit";

/** HPG-AUD-02: DDL, write and role statements audited. */
export const control = defineControl({
    id: "HPG-AUD-02",
    title: "DDL, write and role statements audited",
    requirement: "pgaudit logs every DDL, write and role statement with the session user's name.",
    frameworks: { "SOC 2": ["CC7.2"], HIPAA: ["164.312(b)"], "PCI DSS 4.0": ["10.2.1.2", "10.2.1.5", "10.2.2"], "NIST 800-53 r5": ["AU-2", "AU-3", "AU-12"] },
    severity: "high",
    enforcement: "mandatory",
    settings: ["effective pgaudit.log covers ddl, write and role ('all' covers them; '-class' removes one)"],
    parameters: [
        {
            name: "pgaudit.log",
            rule: { kind: "pgauditCovers", classes: REQUIRED_PGAUDIT_CLASSES },
            desired: "ddl,write,role",
            rdsDefault: "none",
            applyMethod: "immediate",
        },
    ],
    docs: [
        "https://github.com/pgaudit/pgaudit/blob/main/README.md",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.html",
    ],
});
