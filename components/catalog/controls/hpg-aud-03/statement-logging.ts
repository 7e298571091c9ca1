import { listEntries, numericSetting, SettingsJudgement } from "../../facts/parameters";

/** Bound values are cut from every statement-logging message when this is 0 (-1, the default, logs them in full). */
const MAX_LENGTH = "log_parameter_max_length";

/**
 * The routes by which the server writes a statement with its bound parameters to the log (PostgreSQL "Error
 * Reporting and Logging"), each with the values that turn it on. All are governed by log_parameter_max_length.
 */
function statementLoggingRoutes(value: (name: string) => string | undefined): string[] {
    const routes: string[] = [];
    const statement = (value("log_statement") ?? "none").trim().toLowerCase();
    if (statement === "mod" || statement === "all") {
        routes.push(`log_statement is '${statement}'`);
    }
    if ((numericSetting(value("log_min_duration_statement")) ?? -1) >= 0) {
        routes.push(`log_min_duration_statement is '${value("log_min_duration_statement")}'`);
    }
    if ((numericSetting(value("log_min_duration_sample")) ?? -1) >= 0 && (numericSetting(value("log_statement_sample_rate")) ?? 1) > 0) {
        routes.push(`log_min_duration_sample is '${value("log_min_duration_sample")}' with log_statement_sample_rate '${value("log_statement_sample_rate")}'`);
    }
    if ((numericSetting(value("log_transaction_sample_rate")) ?? 0) > 0) {
        routes.push(`log_transaction_sample_rate is '${value("log_transaction_sample_rate")}'`);
    }
    return routes;
}

/**
 * HPG-AUD-03's second half: the server's own statement logging writes no bound values. Statement logging is legal
 * (log_statement=all is a common forensic setting) as long as log_parameter_max_length cuts the values to 0.
 */
export const STATEMENT_LOGGING_JUDGEMENT: SettingsJudgement = {
    // RDS keeps PostgreSQL's defaults for these in postgres14-17 (statement logging off, bound values in full).
    reads: [
        { name: "log_statement", rdsDefault: "none", defaultSource: { confirmed: true, url: "https://docs.amazonaws.cn/AmazonRDS/latest/UserGuide/USER_LogAccess.Concepts.PostgreSQL.Query_Logging.html", states: "This parameter specifies the type of SQL statements that should be sent to the log. The default value is none (translated from the Chinese edition)" } },
        { name: "log_min_duration_statement", rdsDefault: "-1", defaultSource: { confirmed: false, why: "AWS's query-logging page (USER_LogAccess.Concepts.PostgreSQL.Query_Logging) says only 'By default, this parameter isn't set'; -1 is PostgreSQL's own default, which AWS doesn't state" } },
        { name: "log_min_duration_sample", rdsDefault: "-1", defaultSource: { confirmed: false, why: "AWS's query-logging page (USER_LogAccess.Concepts.PostgreSQL.Query_Logging) lists it without a default; -1 is PostgreSQL's own" } },
        { name: "log_statement_sample_rate", rdsDefault: "1", defaultSource: { confirmed: false, why: "AWS's query-logging page (USER_LogAccess.Concepts.PostgreSQL.Query_Logging) lists it without a default; 1 is PostgreSQL's own" } },
        { name: "log_transaction_sample_rate", rdsDefault: "0", defaultSource: { confirmed: false, why: "no AWS page found states RDS's default; 0 is PostgreSQL's own" }, notDeclared: "no AWS page found lists it among the RDS for PostgreSQL parameters, and declaring a name the family's parameter group lacks fails `pulumi up`; verify judges the effective value" },
        { name: MAX_LENGTH, rdsDefault: "-1", defaultSource: { confirmed: false, why: "no AWS page found states RDS's default; -1 (values in full) is PostgreSQL's own, and the judgement assumes that unsafe value" }, notDeclared: "no AWS page found lists it among the RDS for PostgreSQL parameters, and declaring a name the family's parameter group lacks fails `pulumi up`; verify judges the effective value" },
        { name: "log_parameter_max_length_on_error", rdsDefault: "0", defaultSource: { confirmed: false, why: "no AWS page found states RDS's default; 0 is PostgreSQL's own" }, notDeclared: "no AWS page found lists it among the RDS for PostgreSQL parameters, and declaring a name the family's parameter group lacks fails `pulumi up`; verify judges the effective value" },
        { name: "shared_preload_libraries", rdsDefault: "pg_stat_statements", defaultSource: { confirmed: false, why: "no AWS page found states RDS's default list (HPG-AUD-01's record says the same)" } },
        { name: "auto_explain.log_min_duration", rdsDefault: "-1", defaultSource: { confirmed: false, why: "no AWS page found states RDS's default; -1 is auto_explain's own" }, notDeclared: "no AWS page found lists it among the RDS for PostgreSQL parameters, and declaring a name the family's parameter group lacks fails `pulumi up`; verify judges the effective value; it matters only with auto_explain preloaded, which the component never does" },
        { name: "auto_explain.log_parameter_max_length", rdsDefault: "-1", defaultSource: { confirmed: false, why: "no AWS page found states RDS's default; -1 is auto_explain's own (PostgreSQL 16 and later have it)" }, notDeclared: "it exists only from PostgreSQL 16, so a postgres14/15 group can't declare it; it matters only with auto_explain preloaded, which the component never does" },
    ],
    judge: (value) => {
        const problems: string[] = [];
        const routes = statementLoggingRoutes(value);
        if (routes.length > 0 && numericSetting(value(MAX_LENGTH)) !== 0) {
            problems.push(`${routes.join(" and ")} while ${MAX_LENGTH} is '${value(MAX_LENGTH) ?? "-1"}', so each logged statement carries its bound values`);
        }
        const onError = value("log_parameter_max_length_on_error");
        if (onError !== undefined && numericSetting(onError) !== 0) {
            problems.push(`log_parameter_max_length_on_error is '${onError}', so a failing statement logs its bound values`);
        }
        const explain = value("auto_explain.log_min_duration");
        const explainMax = value("auto_explain.log_parameter_max_length");
        if (listEntries(value("shared_preload_libraries")).includes("auto_explain") && (numericSetting(explain) ?? -1) >= 0 && numericSetting(explainMax ?? "-1") !== 0) {
            problems.push(`auto_explain logs plans of statements over '${explain}' with auto_explain.log_parameter_max_length '${explainMax ?? "-1"}', so the plans carry bound values`);
        }
        return problems;
    },
    fix: "set log_parameter_max_length to 0 (or turn statement logging off), log_parameter_max_length_on_error to 0, and auto_explain.log_parameter_max_length to 0 where auto_explain logs",
};
