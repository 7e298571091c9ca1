import { listEntries, parseBoolean, SettingsJudgement } from "../../facts/parameters";

/** Server message levels in the order log_min_messages compares them (PostgreSQL "When to Log": LOG ranks above ERROR). */
const SERVER_LOG_LEVELS = ["debug5", "debug4", "debug3", "debug2", "debug1", "info", "notice", "warning", "error", "log", "fatal", "panic"];

/** Destinations that write the server's own log files (the ones RDS exports); syslog and eventlog leave the server. */
const FILE_DESTINATIONS = ["stderr", "csvlog", "jsonlog"];

/**
 * HPG-AUD-02's routing half: pgaudit's records reach the server log. pgaudit writes at LOG unless pgaudit.log_client
 * is on, when it writes at pgaudit.log_level; log_min_messages drops every message below its level.
 */
export const AUDIT_RECORD_ROUTING: SettingsJudgement = {
    // RDS keeps PostgreSQL's and pgaudit's defaults for these in postgres14-17.
    reads: [
        { name: "log_min_messages", rdsDefault: "warning", defaultSource: { confirmed: false, why: "no AWS page found states RDS's default; warning is PostgreSQL's own" }, notDeclared: "no AWS page found lists it among the RDS for PostgreSQL parameters, and declaring a name the family's parameter group lacks fails `pulumi up`; verify judges the effective value" },
        { name: "pgaudit.log_client", rdsDefault: "0", defaultSource: { confirmed: false, why: "AWS's pgAudit reference doesn't list it; off is pgaudit's own default" }, notDeclared: "AWS's pgAudit reference doesn't list it as an RDS parameter, and declaring a name the family's parameter group lacks fails `pulumi up`; verify judges the effective value" },
        { name: "pgaudit.log_level", rdsDefault: "log", defaultSource: { confirmed: false, why: "AWS's pgAudit reference (Appendix.PostgreSQL.CommonDBATasks.pgaudit.reference) lists its allowed values without a default; log is pgaudit's own" } },
        { name: "log_destination", rdsDefault: "stderr", defaultSource: { confirmed: false, why: "no AWS page found states RDS's default; stderr is PostgreSQL's own" }, notDeclared: "no AWS page found lists it among the RDS for PostgreSQL parameters, and declaring a name the family's parameter group lacks fails `pulumi up`; verify judges the effective value" },
    ],
    judge: (value) => {
        const problems: string[] = [];
        const toClient = parseBoolean(value("pgaudit.log_client")) === true;
        const level = (toClient ? value("pgaudit.log_level") ?? "log" : "log").trim().toLowerCase();
        const minimum = (value("log_min_messages") ?? "warning").trim().toLowerCase();
        if (SERVER_LOG_LEVELS.indexOf(level) < SERVER_LOG_LEVELS.indexOf(minimum)) {
            const why = toClient ? `pgaudit.log_client is on and pgaudit.log_level is '${level}'` : "pgaudit writes its records at LOG";
            problems.push(`${why} while log_min_messages is '${minimum}', so the server log drops every audit record`);
        }
        const destinations = listEntries(value("log_destination") ?? "stderr");
        if (!destinations.some((d) => FILE_DESTINATIONS.includes(d))) {
            problems.push(`log_destination is '${value("log_destination")}', so audit records leave the server's log files`);
        }
        return problems;
    },
    fix: "keep log_min_messages at warning (or any level up to error), pgaudit.log_client off (or pgaudit.log_level at log), and log_destination on stderr, csvlog or jsonlog",
};
