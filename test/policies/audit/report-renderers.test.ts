import { buildAuditReport } from "../../../policies/audit/report";
import { escapeHtml, renderAuditReportHtml } from "../../../policies/audit/report-html";
import { markdownText, renderAuditReportMarkdown } from "../../../policies/audit/report-markdown";
import { HOSTILE_PERSON, SINCE, sampleInput, UNTIL } from "./report-fixture";

describe("renderAuditReportMarkdown", () => {
    const md = renderAuditReportMarkdown(buildAuditReport(sampleInput()));

    it("shows the PHI rows person × table × operation with counts", () => {
        expect(md).toContain("| person | table | operation | statements | rows | roles | tenants | first | last |");
        expect(md).toContain("| alice@clinic.example | public.patients | SELECT | 2 | 5 | hpg\\_app | 00000000-0000-4000-8000-00000000000a | 2026-11-26T09:00:00.000Z | 2026-11-26T09:05:00.000Z |");
        expect(md).toContain(`| ${HOSTILE_PERSON} | public."\\<script\\>window.\\_\\_pwned=1\\</script\\>" | SELECT | 1 | 7 |`);
        expect(md).toContain("| bob | public.appointments | INSERT | 1 | 0 (+1 statements without a count) |");
    });

    it("escapes every character that would make markup, a link or a column", () => {
        expect(markdownText("a|b\n<i>[x](y) `c` *d* & e\\")).toBe("a\\|b \\<i\\>\\[x\\](y) \\`c\\` \\*d\\* \\& e\\\\");
        // Inside a fence, text is literal (CommonMark §4.5); outside one, no markup may remain.
        expect(md.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, "")).not.toMatch(/(^|[^\\])[<>]/m);
    });

    it("lists the alerts with their proof in a fence no log line can close", () => {
        expect(md).toContain("| bulk-read | high | 2 |");
        expect(md).toContain("### 1. bulk-read: bulk read by \\<img src=http://127.0.0.1:9/x onerror=\"window.\\_\\_pwned=2\"\\> \\& \"friends\"");
        expect(md).toContain("- source address: 127.0.0.2");
        expect(md).toMatch(/```text\n2026-11-26 10:00:00 UTC:127\.0\.0\.1\(5\):hpg_app@hpg_app:\[1\]:LOG: {2}AUDIT: SESSION,1,1,READ,SELECT/);
    });

    it("names the log lines it could not read", () => {
        expect(md).toContain("## Unreadable log lines\n\nThese stored lines could not be read; nothing in them is counted above.\n\n- /var/log/postgresql/postgresql.json:9: \\[timestamp\\] is \"\\<b\\>yesterday\\</b\\>\"; allowed: 'YYYY-MM-DD HH:MM:SS\\[.fff\\] UTC'");
    });

    it("says none rather than an empty table", () => {
        const empty = renderAuditReportMarkdown(buildAuditReport({ events: [], alerts: [], since: SINCE, until: UNTIL, classifiedTables: [], sources: [] }));
        expect(empty).toContain("## PHI access by person × table × operation\n\n_(none)_");
        expect(empty).toContain("Classified (PHI) tables: none configured");
        expect(empty).not.toContain("Unreadable");
    });
});

describe("renderAuditReportHtml", () => {
    const html = renderAuditReportHtml(buildAuditReport(sampleInput()));

    it("escapes the five characters HTML gives meaning to", () => {
        expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    });

    it("holds no script, no external reference and a CSP that forbids both", () => {
        expect(html).not.toMatch(/<script|<img|<link|<iframe|<object/i);
        expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;">`);
    });

    it("isolates each value's direction", () => {
        expect(html).toContain(`<td><bdi>${HOSTILE_PERSON}</bdi></td>`);
    });
});
