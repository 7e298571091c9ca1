import type { Alert } from "../../components/audit-trail/detections/detection";
import { AccessRow, AuditReport, AuditReportTotals } from "./report";

/**
 * Text as inert Markdown: one line, and every character CommonMark or GFM tables give meaning to backslash-escaped
 * (CommonMark 0.31 §2.4: any ASCII punctuation may be), so a role, table or statement from the log can't become HTML,
 * a link or a column.
 */
export function markdownText(value: unknown): string {
    const text = value === null || value === undefined ? "" : String(value);
    return text.replace(/[\\`*_[\]<>&|#!~]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, " ");
}

/** A GFM table; every cell escaped. */
export function markdownTable(columns: string[], rows: unknown[][]): string[] {
    if (rows.length === 0) {
        return ["_(none)_"];
    }
    return [`| ${columns.map(markdownText).join(" | ")} |`, `| ${columns.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(markdownText).join(" | ")} |`)];
}

/** A fenced block that no line of `text` can close early. */
function fence(text: string): string[] {
    const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
    const ticks = "`".repeat(longest + 1);
    return [`${ticks}text`, text, ticks];
}

function rowsText(r: AccessRow): string {
    return r.statementsWithoutRowCount === 0 ? String(r.rows) : `${r.rows} (+${r.statementsWithoutRowCount} statements without a count)`;
}

/** Attributed access rows: person × table × operation with counts. */
export function personTable(rows: AccessRow[]): string[] {
    return markdownTable(
        ["person", "table", "operation", "statements", "rows", "roles", "tenants", "first", "last"],
        rows.map((r) => [r.person, r.table, r.operation, r.statements, rowsText(r), r.roles.join(", "), r.tenants.join(", "), r.firstTime, r.lastTime]),
    );
}

/** Unattributed access rows: role × table × operation with counts. */
export function roleTable(rows: AccessRow[]): string[] {
    return markdownTable(
        ["role", "table", "operation", "statements", "rows", "source addresses", "first", "last"],
        rows.map((r) => [r.roles.join(", "), r.table, r.operation, r.statements, rowsText(r), r.sourceAddresses.join(", "), r.firstTime, r.lastTime]),
    );
}

function alertBlock(a: Alert, n: number): string[] {
    const facts: Array<[string, string | undefined]> = [
        ["time", a.time],
        ["severity", a.severity],
        ["person", a.person],
        ["tenant", a.tenant],
        ["role", a.role],
        ["table", a.table],
        ["operation", a.operation],
        ["source address", a.sourceAddress],
    ];
    return [
        `### ${n}. ${markdownText(a.detection)}: ${markdownText(a.summary)}`,
        "",
        ...facts.filter(([, v]) => v !== undefined).map(([k, v]) => `- ${k}: ${markdownText(v)}`),
        "",
        "Log lines that prove it:",
        "",
        ...fence(a.evidence.join("\n")),
        "",
    ];
}

/** The period's totals as a table (the evidence bundle shows the same). */
export function auditTotalsMarkdown(t: AuditReportTotals): string[] {
    return [
        ...markdownTable(
            ["measure", "count"],
            [
                ["audited statements on tables", t.statements],
                ["on classified (PHI) tables", t.classifiedStatements],
                ["attributed to a person", t.attributedStatements],
                ["unattributed", t.unattributedStatements],
                ["unattributed on classified tables", t.unattributedClassifiedStatements],
                ["rows read or written", t.rows],
                ["persons who accessed classified tables", t.personsWithClassifiedAccess],
                ["audited statements whose records name no table", t.statementsWithoutTable],
                ["alerts", t.alerts],
            ],
        ),
    ];
}

/** The report for people: the same facts as the JSON, PHI access first. */
export function renderAuditReportMarkdown(report: AuditReport): string {
    const classified = report.access.filter((r) => r.classified);
    const other = report.access.filter((r) => !r.classified);
    const lines = [
        `# PHI access report: ${report.period.since} to ${report.period.until}`,
        "",
        `Format ${report.format}. The period includes both its start and its end. Read from: ${report.sources.map(markdownText).join(", ") || "(no sources)"}.`,
        "",
        `Classified (PHI) tables: ${report.classifiedTables.map(markdownText).join(", ") || "none configured: every table is listed under other tables"}.`,
        "",
        "## Totals",
        "",
        ...auditTotalsMarkdown(report.totals),
        "",
        "## PHI access by person × table × operation",
        "",
        ...personTable(classified),
        "",
        "## Other tables by person × table × operation",
        "",
        ...personTable(other),
        "",
        "## Unattributed access (no person's context), by role",
        "",
        "A statement is unattributed when it did not run inside a committed context of one person (hpg.set_actor), e.g. a rolled-back transaction or a role connecting directly.",
        "",
        ...roleTable(report.unattributed),
        "",
        "## Alerts",
        "",
        ...markdownTable(
            ["detection", "severity", "alerts"],
            report.alertCounts.map((c) => [c.detection, c.severity, c.count]),
        ),
        "",
        ...report.alerts.flatMap((a, i) => alertBlock(a, i + 1)),
        ...(report.unreadable.length > 0 ? ["## Unreadable log lines", "", "These stored lines could not be read; nothing in them is counted above.", "", ...report.unreadable.map((u) => `- ${markdownText(u)}`), ""] : []),
    ];
    return lines.join("\n");
}
