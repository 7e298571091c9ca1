import { QueryEvidence } from "../types";
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
        ...table(bundle.controls.map((c) => ({ control: c.id, title: c.title, severity: c.severity, result: STATUS_WORD[c.status], frameworks: c.frameworkReferences }))),
        "",
    ];
    for (const c of bundle.controls) {
        lines.push(`## ${c.id} — ${c.title}: ${STATUS_WORD[c.status]}`, "", `**Requirement.** ${c.requirement}`, "", `**Frameworks.** ${c.frameworkReferences}`, "");
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
