import { QueryEvidence } from "../types";
import { auditTotalsMarkdown, markdownTable, markdownText, personTable, roleTable } from "../../audit/report-markdown";
import { AuditTrailEvidence } from "./audit-trail";
import { EvidenceBundle } from "./bundle";

/** A cell of a Markdown table: one line, pipes escaped, JSON for structured values. */
function cell(value: unknown): string {
    const text = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
    return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function table(rows: Record<string, unknown>[]): string[] {
    if (rows.length === 0) {
        return ["_(no rows)_"];
    }
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    return [`| ${columns.map(cell).join(" | ")} |`, `| ${columns.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${columns.map((c) => cell(r[c])).join(" | ")} |`)];
}

/** A fenced block that no line of `text` can close early. */
function fence(language: string, text: string): string[] {
    const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
    const ticks = "`".repeat(longest + 1);
    return [`${ticks}${language}`, text, ticks];
}

function queryBlock(q: QueryEvidence, level: string): string[] {
    const lines = [`${level} ${q.title}`, "", ...fence("sql", q.sql), ""];
    if (q.params && q.params.length > 0) {
        lines.push(`Parameters: ${q.params.map((p, i) => `$${i + 1} = \`${cell(p)}\``).join(", ")}`, "");
    }
    if (q.error !== undefined) {
        lines.push(`**The server refused this query:** ${cell(q.error)}`, "");
    } else {
        lines.push(...table(q.rows), "");
    }
    return lines;
}

const STATUS_WORD = { pass: "PASS", fail: "FAIL", error: "NOT CHECKED" } as const;

/** A control's result in words; a pass with nothing judged says so, so it never reads like one that proved something. */
function resultWord(c: EvidenceBundle["controls"][number]): string {
    return c.vacuous !== undefined ? "PASS (nothing judged)" : STATUS_WORD[c.status];
}

/** The audit trail in operation: the period's activity by person × table × operation, its alerts, the archive's proof. Values from the log are escaped as the audit report escapes them. */
function auditTrailSection(trail: AuditTrailEvidence): string[] {
    const lines = ["## Audit trail in operation", ""];
    lines.push(trail.period ? `Period: ${trail.period.since} to ${trail.period.until}, both inclusive.` : "Period: none (no audit log was examined).", "");
    lines.push("### Audit activity", "");
    if (!trail.activity.examined) {
        lines.push(`**NOT EXAMINED.** ${markdownText(trail.activity.reason)}.`, "");
    } else {
        const a = trail.activity;
        lines.push(
            `Read from ${a.sources.map(markdownText).join(", ") || "(nothing)"}; classified (PHI) tables: ${a.classifiedTables.map(markdownText).join(", ") || "none configured"}.`,
            "",
            ...auditTotalsMarkdown(a.totals),
            "",
            "#### PHI access by person × table × operation",
            "",
            ...personTable(a.access.filter((r) => r.classified)),
            "",
            "#### Other tables by person × table × operation",
            "",
            ...personTable(a.access.filter((r) => !r.classified)),
            "",
            "#### Unattributed access, by role",
            "",
            ...roleTable(a.unattributed),
            "",
            ...(a.unreadable.length > 0 ? ["#### Unreadable log lines (in no count)", "", ...a.unreadable.map((u) => `- ${markdownText(u)}`), ""] : []),
        );
    }
    lines.push("### Alerts", "");
    if (!trail.alerts.examined) {
        lines.push(`**NOT EXAMINED.** ${markdownText(trail.alerts.reason)}.`, "");
    } else {
        lines.push(
            ...markdownTable(
                ["time", "detection", "severity", "person", "role", "table", "operation", "source address", "summary"],
                trail.alerts.items.map((al) => [al.time, al.detection, al.severity, al.person, al.role, al.table, al.operation, al.sourceAddress, al.summary]),
            ),
            "",
            "The log lines that prove each alert are in the JSON bundle (auditTrail.alerts.items[].evidence).",
            "",
        );
    }
    lines.push("### Audit archive integrity", "");
    if (!trail.archive.examined) {
        lines.push(`**NOT EXAMINED.** ${markdownText(trail.archive.reason)}.`, "");
        return lines;
    }
    const p = trail.archive;
    const yes = (b: boolean) => (b ? "yes" : "no");
    lines.push(
        `Result: **${p.result.toUpperCase()}**.`,
        "",
        ...markdownTable(
            ["field", "value"],
            [
                ["Archive", p.dir],
                ["Records", p.lastSeq !== undefined ? `${p.records} (seq ${p.firstSeq}–${p.lastSeq})` : p.records],
                ["Sessions", p.sessions],
                ["Entries from / to", p.firstTime ? `${p.firstTime} / ${p.lastTime}` : "(empty)"],
                ["Last hash (anchor: record it elsewhere)", p.lastHash],
                ["Intact (no record changed)", yes(p.intact)],
                ["Continuous (no record missing or reordered)", yes(p.continuous)],
                ...(p.anchor ? [["Expected anchor", `${p.anchor.expected}: ${p.anchor.matches ? `found at seq ${p.anchor.foundAtSeq}` : "not found"}`]] : []),
                ["Server OS user", p.access.serverUser],
                ["Owner separated from the server's OS user", yes(p.access.ownerSeparation)],
                ["Write-protected from the server's OS user and every database role", yes(p.access.writeProtected)],
            ],
        ),
        "",
        ...markdownTable(
            ["path", "kind", "owner", "group", "mode", "writable by server user"],
            p.access.paths.map((a) => [a.path, a.kind, a.ownerName, a.groupName, a.mode, yes(a.writableByServerUser)]),
        ),
        "",
        ...(p.problems.length > 0 ? ["**Problems**", "", ...p.problems.map((x) => `- ${markdownText(x.message)}`), ""] : []),
        ...(p.access.findings.length > 0 ? ["**Access findings**", "", ...p.access.findings.map((f) => `- ${markdownText(f)}`), ""] : []),
        "**What the chain proves and what it doesn't**",
        "",
        ...p.limits.map((l) => `- ${markdownText(l)}`),
        "",
    );
    return lines;
}

/** The bundle for people: the same facts as the JSON, in the order an auditor reads them. */
export function renderEvidenceMarkdown(bundle: EvidenceBundle): string {
    const s = bundle.server;
    const lines: string[] = [
        `# Database control evidence — ${s.database} on ${bundle.target.host}:${bundle.target.port}`,
        "",
        `Collected ${bundle.collectedAt} (server time) by ${bundle.tool.name} ${bundle.tool.version}. Result: **${bundle.summary.result.toUpperCase()}** — ` +
            `${bundle.summary.passed} of ${bundle.summary.controls} live controls passed, ${bundle.summary.failed} failed, ${bundle.summary.errors} could not be checked.`,
        "",
        ...(bundle.serverIdentity.verified
            ? []
            : [`> **Server identity not verified.** ${bundle.serverIdentity.detail}. These results describe whatever server answered on ${bundle.target.host}:${bundle.target.port}, not necessarily the one named.`, ""]),
        "## Server",
        "",
        ...table([
            { field: "Connection (password removed)", value: bundle.target.redactedUrl },
            { field: "Platform", value: bundle.platform },
            { field: "Server identity (TLS)", value: bundle.serverIdentity.detail },
            { field: "Server version", value: s.version },
            { field: "Server address (inet_server_addr)", value: s.server_address },
            { field: "Server port (inet_server_port)", value: s.server_port },
            { field: "Database", value: s.database },
            { field: "Connected as (session_user / current_user)", value: `${s.session_user} / ${s.current_user}` },
            { field: "Client address (inet_client_addr)", value: s.client_address },
            { field: "Cluster system identifier (pg_control_system)", value: s.system_identifier ?? "not readable by this role" },
            { field: "Server started", value: s.started_at },
            { field: "Session TLS", value: s.ssl ? `${s.tls_version} ${s.tls_cipher} (${s.tls_bits} bits)` : "not encrypted" },
        ]),
        "",
        `Judged with admin roles ${bundle.options.adminRoles.join(", ") || "(none)"} and tenant column \`${bundle.options.tenantColumn}\`.`,
        "",
        "## Summary",
        "",
        ...table(bundle.controls.map((c) => ({ control: c.id, title: c.title, severity: c.severity, result: resultWord(c), frameworks: c.frameworkReferences }))),
        "",
    ];
    for (const c of bundle.controls) {
        lines.push(`## ${c.id} — ${c.title}: ${resultWord(c)}`, "", `**Requirement.** ${c.requirement}`, "", `**Frameworks.** ${c.frameworkReferences}`, "");
        if (c.vacuous !== undefined) {
            lines.push(`**Nothing judged.** ${cell(c.vacuous)}`, "");
        }
        if (c.findings.length > 0) {
            lines.push("**Findings**", "", ...c.findings.map((f) => `- ${cell(f)}`), "");
        }
        if (c.unverified.length > 0) {
            lines.push("**Not checked**", "", ...c.unverified.map((f) => `- ${cell(f)}`), "");
        }
        if (c.notes.length > 0) {
            lines.push("**Notes**", "", ...c.notes.map((f) => `- ${cell(f)}`), "");
        }
        for (const q of c.evidence) {
            lines.push(...queryBlock(q, "###"));
        }
    }
    lines.push("## Access review and configuration", "");
    for (const q of bundle.accessReview) {
        lines.push(...queryBlock(q, "###"));
    }
    lines.push("## Server identity queries", "");
    for (const q of bundle.serverEvidence) {
        lines.push(...queryBlock(q, "###"));
    }
    if (bundle.waivers !== undefined) {
        lines.push(
            "## Accepted weakenings (waivers)",
            "",
            `Every named opt-out in force in the deployed plan, from \`${cell(bundle.waivers.source)}\` (\`hardened-postgres check --json\`), with the reason it was accepted.`,
            "",
            ...table(bundle.waivers.items.map((w) => ({ resource: `${w.type} '${w.name}'`, control: w.control, frameworks: w.frameworkReferences, "opt-out": w.optOut, allows: w.allows, reason: w.reason }))),
            "",
        );
    }
    lines.push(...auditTrailSection(bundle.auditTrail));
    lines.push(
        "## Controls judged outside the database",
        "",
        "These catalog controls concern cloud settings no query can see; the policy pack judges them before deployment (`hardened-postgres check`).",
        "",
        ...table(bundle.notCheckedHere.map((c) => ({ control: c.id, title: c.title, severity: c.severity, frameworks: c.frameworkReferences }))),
        "",
        "## Integrity",
        "",
        "`SHA256SUMS` in this directory holds the SHA-256 of this file and of the JSON bundle; check them with `sha256sum -c SHA256SUMS`.",
        "",
    );
    return lines.join("\n");
}
