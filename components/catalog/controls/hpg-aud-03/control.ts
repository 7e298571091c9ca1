import { defineControl } from "../../control";
import { STATEMENT_LOGGING_JUDGEMENT } from "./statement-logging";

/** HPG-AUD-03: No bound values in the logs. */
export const control = defineControl({
    id: "HPG-AUD-03",
    title: "No bound values in the logs",
    requirement:
        "Neither audit records nor the server's statement logging contain statement parameter values, which often carry secrets or regulated data (RDS exports both to CloudWatch).",
    frameworks: { "SOC 2": ["CC6.1", "C1.1"], HIPAA: ["164.312(a)(1)", "164.502(b)"], "PCI DSS 4.0": ["3.3.1", "3.5.1", "10.3.1"], "NIST 800-53 r5": ["AU-9", "SI-12", "SC-28"] },
    severity: "high",
    enforcement: "mandatory",
    settings: [
        "effective pgaudit.log_parameter=0",
        "log_parameter_max_length=0, or every statement-logging route off (log_statement none or ddl, log_min_duration_statement -1, log_min_duration_sample -1 or log_statement_sample_rate 0, log_transaction_sample_rate 0)",
        "log_parameter_max_length_on_error=0",
        "with auto_explain preloaded: auto_explain.log_parameter_max_length=0 or auto_explain.log_min_duration -1",
    ],
    parameters: [
        {
            name: "pgaudit.log_parameter",
            rule: { kind: "boolean", value: false },
            desired: "0",
            rdsDefault: "0",
            defaultSource: {
                confirmed: false,
                why: "pgaudit's README gives off, but AWS's pgAudit reference lists pgaudit.log_parameter without a default and no AWS page found says RDS keeps pgaudit's",
            },
            applyMethod: "immediate",
        },
    ],
    judgements: [STATEMENT_LOGGING_JUDGEMENT],
    docs: [
        "https://github.com/pgaudit/pgaudit/blob/main/README.md",
        "https://www.postgresql.org/docs/current/runtime-config-logging.html#GUC-LOG-PARAMETER-MAX-LENGTH",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Concepts.PostgreSQL.html",
    ],
});
