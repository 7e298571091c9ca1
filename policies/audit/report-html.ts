import type { Alert } from "../../components/audit-trail/detections/detection";
import { AccessRow, AuditReport } from "./report";

/** Text as HTML character data or a quoted attribute value: the five characters HTML gives meaning to, as references. */
export function escapeHtml(value: unknown): string {
    const text = value === null || value === undefined ? "" : String(value);
    return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A value in its own bidi isolate, so an RTL person id or table name can't reorder the text around it (HTML §4.5.24). */
function isolated(value: unknown): string {
    return `<bdi>${escapeHtml(value)}</bdi>`;
}

/**
 * The page forbids every fetch and every script (CSP `default-src 'none'`): it is self-contained, and were a value
 * ever to escape the escaping, the browser would still refuse to run or load it.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1b1f24; margin: 2rem auto; max-width: 80rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.count { text-align: right; font-variant-numeric: tabular-nums; }
.none { color: #57606a; font-style: italic; }
.alert { border-left: 4px solid #cf222e; padding: 0.25rem 1rem; margin: 1rem 0; background: #fff8f8; }
.alert.low, .alert.medium { border-left-color: #bf8700; background: #fffbea; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.1rem 1rem; } dt { font-weight: 600; }
pre { background: #f6f8fa; padding: 0.5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
`;

interface Column {
    title: string;
    /** Right-aligned numbers. */
    count?: boolean;
}

function table(id: string, caption: string, columns: Column[], rows: unknown[][]): string {
    if (rows.length === 0) {
        return `<p id="${id}" class="none">${escapeHtml(caption)}: none.</p>`;
    }
    const head = columns.map((c) => `<th scope="col">${escapeHtml(c.title)}</th>`).join("");
    const body = rows.map((r) => `<tr>${r.map((v, i) => `<td${columns[i].count ? ' class="count"' : ""}>${isolated(v)}</td>`).join("")}</tr>`).join("\n");
    return `<table id="${id}"><caption>${escapeHtml(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

function rowsText(r: AccessRow): string {
    return r.statementsWithoutRowCount === 0 ? String(r.rows) : `${r.rows} (+${r.statementsWithoutRowCount} statements without a count)`;
}

const PERSON_COLUMNS: Column[] = [
    { title: "Person" },
    { title: "Table" },
    { title: "Operation" },
    { title: "Statements", count: true },
    { title: "Rows", count: true },
    { title: "Roles" },
    { title: "Tenants" },
    { title: "First" },
    { title: "Last" },
];

function personRows(rows: AccessRow[]): unknown[][] {
    return rows.map((r) => [r.person, r.table, r.operation, r.statements, rowsText(r), r.roles.join(", "), r.tenants.join(", "), r.firstTime, r.lastTime]);
}

const ROLE_COLUMNS: Column[] = [
    { title: "Role" },
    { title: "Table" },
    { title: "Operation" },
    { title: "Statements", count: true },
    { title: "Rows", count: true },
    { title: "Source addresses" },
    { title: "First" },
    { title: "Last" },
];

function roleRows(rows: AccessRow[]): unknown[][] {
    return rows.map((r) => [r.roles.join(", "), r.table, r.operation, r.statements, rowsText(r), r.sourceAddresses.join(", "), r.firstTime, r.lastTime]);
}

function alertSection(a: Alert): string {
    const facts: Array<[string, string | undefined]> = [
        ["Time", a.time],
        ["Severity", a.severity],
        ["Person", a.person],
        ["Tenant", a.tenant],
        ["Role", a.role],
        ["Table", a.table],
        ["Operation", a.operation],
        ["Source address", a.sourceAddress],
    ];
    const list = facts
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${isolated(v)}</dd>`)
        .join("");
    return [
        `<section class="alert ${escapeHtml(a.severity)}">`,
        `<h3>${escapeHtml(a.detection)}: ${isolated(a.summary)}</h3>`,
        `<dl>${list}</dl>`,
        `<p>Log lines that prove it:</p>`,
        `<pre>${escapeHtml(a.evidence.join("\n"))}</pre>`,
        `</section>`,
    ].join("\n");
}

/**
 * The report as one self-contained HTML page: inline CSS, no script, nothing fetched (the page's CSP forbids both),
 * every value escaped and bidi-isolated. Open it from disk or attach it to a ticket.
 */
export function renderAuditReportHtml(report: AuditReport): string {
    const t = report.totals;
    const title = `PHI access report: ${report.period.since} to ${report.period.until}`;
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">`,
        '<meta name="referrer" content="no-referrer">',
        `<title>${escapeHtml(title)}</title>`,
        `<style>${STYLE}</style>`,
        "</head>",
        "<body>",
        `<h1>${escapeHtml(title)}</h1>`,
        `<p>Format ${escapeHtml(report.format)}. The period includes both its start and its end. Read from: ${report.sources.map(isolated).join(", ") || "(no sources)"}.</p>`,
        `<p>Classified (PHI) tables: ${report.classifiedTables.map(isolated).join(", ") || "none configured: every table is listed under other tables"}.</p>`,
        "<h2>Totals</h2>",
        table(
            "totals",
            "Totals over the period",
            [{ title: "Measure" }, { title: "Count", count: true }],
            [
                ["Audited statements on tables", t.statements],
                ["On classified (PHI) tables", t.classifiedStatements],
                ["Attributed to a person", t.attributedStatements],
                ["Unattributed", t.unattributedStatements],
                ["Unattributed on classified tables", t.unattributedClassifiedStatements],
                ["Rows read or written", t.rows],
                ["Persons who accessed classified tables", t.personsWithClassifiedAccess],
                ["Audited statements whose records name no table", t.statementsWithoutTable],
                ["Alerts", t.alerts],
            ],
        ),
        "<h2>PHI access by person × table × operation</h2>",
        table("phi-access", "PHI access by person, table and operation", PERSON_COLUMNS, personRows(report.access.filter((r) => r.classified))),
        "<h2>Other tables by person × table × operation</h2>",
        table("other-access", "Other tables by person, table and operation", PERSON_COLUMNS, personRows(report.access.filter((r) => !r.classified))),
        "<h2>Unattributed access, by role</h2>",
        "<p>A statement is unattributed when it did not run inside a committed context of one person (hpg.set_actor), e.g. a rolled-back transaction or a role connecting directly.</p>",
        table("unattributed-access", "Unattributed access by role, table and operation", ROLE_COLUMNS, roleRows(report.unattributed)),
        "<h2>Alerts</h2>",
        table(
            "alert-counts",
            "Alerts by detection",
            [{ title: "Detection" }, { title: "Severity" }, { title: "Alerts", count: true }],
            report.alertCounts.map((c) => [c.detection, c.severity, c.count]),
        ),
        ...report.alerts.map(alertSection),
        ...(report.unreadable.length > 0
            ? ["<h2>Unreadable log lines</h2>", "<p>These stored lines could not be read; nothing in them is counted above.</p>", `<ul id="unreadable">${report.unreadable.map((u) => `<li>${isolated(u)}</li>`).join("")}</ul>`]
            : []),
        "</body>",
        "</html>",
        "",
    ].join("\n");
}
