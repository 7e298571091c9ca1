import { defineControl } from "../../control";
import { CONTEXT_LINES_JUDGEMENT } from "./context-lines";
import { ACTOR_CONTEXT_CLOSE_TRIGGER, ACTOR_CONTEXT_SCHEMA, ACTOR_CONTEXT_TABLE, SET_ACTOR_FUNCTION } from "./actor-context-objects";

/** HPG-AUD-07: Every audited statement is attributable to a person, with its row count. */
export const control = defineControl({
    id: "HPG-AUD-07",
    title: "Every audited statement is attributable to a person, with its row count",
    requirement:
        "Applications open a per-transaction context naming the acting person and tenant, the server log records where each context opens and commits, and each pgaudit record carries the number of rows it read or wrote.",
    frameworks: {
        "SOC 2": ["CC6.1", "CC7.2"],
        HIPAA: ["164.312(b)", "164.312(a)(2)(i)"],
        "PCI DSS 4.0": ["10.2.1.1", "10.2.2"],
        "NIST 800-53 r5": ["AU-3", "AU-12", "IA-2"],
    },
    severity: "high",
    enforcement: "mandatory",
    settings: [
        "pgaudit.log_rows=1 (pgaudit 1.6 and later: RDS for PostgreSQL 14, 15, 16 and 17 all ship one)",
        "log_error_verbosity default or verbose (terse drops the CONTEXT lines that prove where a context record came from)",
        `${ACTOR_CONTEXT_SCHEMA}.${SET_ACTOR_FUNCTION}(person, tenant): SECURITY DEFINER, owned by the owner group, with a fixed search_path`,
        `the DEFERRABLE INITIALLY DEFERRED constraint trigger ${ACTOR_CONTEXT_CLOSE_TRIGGER} on ${ACTOR_CONTEXT_SCHEMA}.${ACTOR_CONTEXT_TABLE}, enabled`,
        "applications call SELECT hpg.set_actor($1, $2) first in each transaction (withActor), with both values bound",
    ],
    parameters: [
        {
            name: "pgaudit.log_rows",
            rule: { kind: "boolean", value: true },
            desired: "1",
            rdsDefault: "0",
            defaultSource: {
                confirmed: false,
                why: "pgaudit's README gives off, but no AWS page found says RDS keeps pgaudit's default; the default fails the rule either way",
            },
            applyMethod: "immediate",
        },
    ],
    judgements: [CONTEXT_LINES_JUDGEMENT],
    docs: [
        "https://github.com/pgaudit/pgaudit/blob/main/README.md#pgauditlog_rows",
        "https://www.postgresql.org/docs/current/sql-createtrigger.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-extensions.html",
    ],
});
