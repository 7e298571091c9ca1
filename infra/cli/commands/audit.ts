import * as fs from "fs";
import type { Alert } from "../../../components/audit-trail/detections/detection";
import type { LogEntry } from "../../../components/audit-trail/events";
import { auditAlerts, auditReport, AuditAlerts } from "../../../policies/audit/audit-period";
import type { AuditReport } from "../../../policies/audit/report";
import { renderAuditReportHtml } from "../../../policies/audit/report-html";
import { renderAuditReportMarkdown } from "../../../policies/audit/report-markdown";
import { CliError, EXIT } from "../errors";
import { AuditOptions, AuditSubcommand, parseAuditOptions } from "./audit-options";
import { readAuditSource } from "./audit-source";

const SUBCOMMANDS: Record<AuditSubcommand, string> = {
    report: "audit report [--since <ISO time>] [--until <ISO time>] [--json] [--html <file>] [--markdown <file>] [--config <file>] [--data-dir <dir>] [--port <port>] [--log <file>…]",
    alerts: "audit alerts [--since <ISO time>] [--until <ISO time>] [--json] [--config <file>] [--data-dir <dir>] [--port <port>] [--log <file>…]",
};

const HELP: Record<AuditSubcommand, string> = {
    report: "PHI access by person × table × operation over the period, with the totals, the unattributed access and the alerts. Exit 0; 2 for bad usage or unreadable input.",
    alerts: "The detections' alerts over the period, each with the log lines that prove it. Exit 0 when there are none, 1 when there is any, 2 for bad usage or unreadable input.",
};

const COMMON_HELP = [
    "  --since, --until  the period, ISO 8601 with a UTC offset or Z (both inclusive; default: the 24 hours up to now)",
    "  --config <file>   detection settings (JSON: classifiedTables, migratorRoles, allowedCidrs, bulkRead, businessHours, failedAuth, auditGap); default: the safe defaults",
    "  --log <file>…     exported server logs (jsonlog, csvlog, RDS stderr, CloudWatch exports, gzip'd or not) instead of the local twin",
    "  --data-dir, --port  the local twin, as for 'local' (default: .hpg/local): its audit archive, else its server log",
    "  --json            the result as JSON on stdout",
];

function help(sub: AuditSubcommand): string {
    return [
        `usage: hardened-postgres ${SUBCOMMANDS[sub]}`,
        "",
        HELP[sub],
        "",
        ...COMMON_HELP,
        ...(sub === "report" ? ["  --html <file>     also write the report as a self-contained HTML page", "  --markdown <file> also write the report as Markdown"] : []),
    ].join("\n");
}

/** Text from the log printed to a terminal: control characters (an escape sequence in a role name) shown, not obeyed. */
function printable(text: string | number | undefined): string {
    return String(text ?? "").replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Writes a rendered report to the file a flag named; a file we can't write is an environment error naming the flag. */
function writeOutput(flag: string, file: string, content: string): void {
    try {
        fs.writeFileSync(file, content, { mode: 0o600 });
    } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (typeof err?.code !== "string") {
            throw e;
        }
        throw new CliError(`--${flag} '${file}' can't be written (${err.message}); give a file path in a directory you can write to`, EXIT.usage);
    }
}

function table(header: string[], rows: Array<Array<string | number | undefined>>): string[] {
    const cells = [header, ...rows.map((r) => r.map(printable))];
    const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
    return cells.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join("  ").trimEnd());
}

function periodText(o: { since: string; until: string }): string {
    return `${o.since} to ${o.until}`;
}

function formatReport(r: AuditReport): string {
    const t = r.totals;
    const phi = r.access.filter((a) => a.classified);
    const other = r.access.filter((a) => !a.classified);
    const rowsOf = (rows: AuditReport["access"], who: (a: AuditReport["access"][number]) => string) => rows.map((a) => [who(a), a.table, a.operation, a.statements, a.rows]);
    return [
        `PHI access ${periodText(r.period)}: ${t.statements} audited statement(s) on tables, ${t.classifiedStatements} on classified tables; ${t.unattributedStatements} unattributed (${t.unattributedClassifiedStatements} on classified tables); ${t.alerts} alert(s)`,
        `read from: ${r.sources.map(printable).join(", ") || "(nothing)"}`,
        "",
        "PHI access by person × table × operation:",
        ...(phi.length > 0 ? table(["person", "table", "operation", "statements", "rows"], rowsOf(phi, (a) => a.person!)).map((l) => `  ${l}`) : ["  (none)"]),
        ...(other.length > 0 ? ["", "other tables by person × table × operation:", ...table(["person", "table", "operation", "statements", "rows"], rowsOf(other, (a) => a.person!)).map((l) => `  ${l}`)] : []),
        ...(r.unattributed.length > 0 ? ["", "unattributed (no person's context), by role:", ...table(["role", "table", "operation", "statements", "rows"], rowsOf(r.unattributed, (a) => a.roles.join(","))).map((l) => `  ${l}`)] : []),
        ...(r.alertCounts.length > 0 ? ["", `alerts: ${r.alertCounts.map((c) => `${c.detection} ${c.count} (${c.severity})`).join(", ")} (hardened-postgres audit alerts shows each)`] : []),
        ...(r.unreadable.length > 0 ? ["", `${r.unreadable.length} log line(s) could not be read and are in no count:`, ...r.unreadable.slice(0, 10).map((u) => `  ${printable(u)}`), ...(r.unreadable.length > 10 ? [`  … (${r.unreadable.length - 10} more in --json)`] : [])] : []),
    ].join("\n");
}

function formatAlert(a: Alert): string {
    const facts = [
        a.person !== undefined ? `person ${a.person}` : undefined,
        a.tenant !== undefined ? `tenant ${a.tenant}` : undefined,
        a.role !== undefined ? `role ${a.role}` : undefined,
        a.table !== undefined ? `table ${a.table}` : undefined,
        a.operation !== undefined ? `operation ${a.operation}` : undefined,
        a.sourceAddress !== undefined ? `from ${a.sourceAddress}` : undefined,
    ].filter((f) => f !== undefined);
    return [`${a.time} [${a.severity}] ${a.detection}: ${printable(a.summary)}`, ...(facts.length > 0 ? [`  ${printable(facts.join(", "))}`] : []), ...a.evidence.map((line) => `    | ${printable(line).replace(/\n/g, "\n    | ")}`)].join("\n");
}

function formatAlerts(r: AuditAlerts): string {
    if (r.alerts.length === 0) {
        return `no alerts ${periodText(r.period)} (read from: ${r.sources.map(printable).join(", ") || "nothing"})`;
    }
    return [`${r.alerts.length} alert(s) ${periodText(r.period)}:`, "", ...r.alerts.map(formatAlert).flatMap((a) => [a, ""])].join("\n").trimEnd();
}

async function run(options: AuditOptions): Promise<number> {
    const source = readAuditSource(options.source);
    for (const warning of source.warnings ?? []) {
        console.error(`warning: ${printable(warning)}`);
    }
    const input = { entries: source.entries as LogEntry[], sources: source.sources, unreadable: source.unreadable, settings: options.settings, since: options.since, until: options.until };
    if (options.subcommand === "report") {
        const report = auditReport(input);
        if (options.html !== undefined) {
            writeOutput("html", options.html, renderAuditReportHtml(report));
        }
        if (options.markdown !== undefined) {
            writeOutput("markdown", options.markdown, renderAuditReportMarkdown(report));
        }
        console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
        return EXIT.ok;
    }
    const result = auditAlerts(input);
    console.log(options.json ? JSON.stringify(result, null, 2) : formatAlerts(result));
    return result.alerts.length > 0 ? EXIT.controlFailed : EXIT.ok;
}

/**
 * `audit report|alerts [--since <ISO>] [--until <ISO>] [--json] [--config <file>] [--data-dir <dir>] [--port <port>]
 * [--log <file>…]` (report also `--html <file>`, `--markdown <file>`): reads the period's log entries (exported files,
 * or the local twin's archive, else its server log), attributes and analyzes them, and prints the report or the alerts.
 */
export async function runAudit(argv: string[], now: Date = new Date()): Promise<number> {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
        console.log(["usage:", ...Object.values(SUBCOMMANDS).map((s) => `  hardened-postgres ${s}`), "", "hardened-postgres audit <report|alerts> --help shows each one's options."].join("\n"));
        return sub === undefined ? EXIT.usage : EXIT.ok;
    }
    if (sub !== "report" && sub !== "alerts") {
        throw new CliError(`unknown subcommand '${sub}' (use: report | alerts)`);
    }
    if (rest.includes("--help") || rest.includes("-h")) {
        console.log(help(sub));
        return EXIT.ok;
    }
    return run(parseAuditOptions(sub, rest, now));
}
