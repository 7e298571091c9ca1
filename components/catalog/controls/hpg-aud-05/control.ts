import { defineControl } from "../../control";
import { AUDITED_PRIVILEGES, AUDIT_ROLE } from "../../facts/pgaudit";

/** HPG-AUD-05: Classified data reads audited. */
export const control = defineControl({
    id: "HPG-AUD-05",
    title: "Classified data reads audited",
    requirement: "Reads and writes of tables holding classified data (PHI, PII, PCI) are logged through pgaudit object auditing.",
    frameworks: { "SOC 2": ["CC7.2"], HIPAA: ["164.312(b)"], "PCI DSS 4.0": ["10.2.1.1"], "NIST 800-53 r5": ["AU-2", "AU-12"] },
    severity: "high",
    enforcement: "mandatory",
    settings: [`pgaudit.role=${AUDIT_ROLE} (the audit role)`, `${AUDITED_PRIVILEGES.join(", ")} on each classified table granted to the audit role`],
    parameters: [
        {
            name: "pgaudit.role",
            rule: { kind: "equals", value: AUDIT_ROLE },
            desired: AUDIT_ROLE,
            rdsDefault: "",
            defaultSource: {
                confirmed: false,
                why: "AWS's pgAudit reference says only that rds_pgaudit is the one allowable entry, with no default; the default fails the rule either way",
            },
            applyMethod: "immediate",
            rdsOnly: true,
        },
    ],
    docs: [
        "https://github.com/pgaudit/pgaudit/blob/main/README.md",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.html",
    ],
});
