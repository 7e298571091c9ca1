import { SettingsJudgement } from "../../facts/parameters";

/**
 * The attribution reads a context record only with its CONTEXT line, which names the function that wrote it (a DO
 * block can RAISE the same text). `log_error_verbosity = terse` drops CONTEXT from every log entry (PostgreSQL
 * "Error Reporting and Logging"), so no context could be proven and nothing would be attributed.
 */
export const CONTEXT_LINES_JUDGEMENT: SettingsJudgement = {
    // RDS keeps PostgreSQL's default (default) in postgres14-17.
    reads: [{ name: "log_error_verbosity", rdsDefault: "default", defaultSource: { confirmed: false, why: "no AWS page found states RDS's default; default is PostgreSQL's own" }, notDeclared: "no AWS page found lists it among the RDS for PostgreSQL parameters, and declaring a name the family's parameter group lacks fails `pulumi up`; verify judges the effective value" }],
    judge: (value) => {
        const verbosity = (value("log_error_verbosity") ?? "default").trim().toLowerCase();
        return verbosity === "terse" ? ["log_error_verbosity is 'terse', which drops the CONTEXT lines that prove a context record came from hpg.set_actor, so no audit record can be attributed"] : [];
    },
    fix: "set log_error_verbosity to default (or verbose)",
};
