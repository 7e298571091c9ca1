import { CheckResult, QueryEvidence, VerifyReport } from "../../../policies/live";

const LABEL = { pass: "PASS ", fail: "FAIL ", error: "ERROR" } as const;

function rowsText(q: QueryEvidence): string[] {
    const lines = q.sql.split("\n").map((l) => `          ${l}`);
    if (q.params?.length) {
        lines.push(`          -- params: ${JSON.stringify(q.params)}`);
    }
    if (q.error !== undefined) {
        return [...lines, `          => refused: ${q.error}`];
    }
    return [...lines, ...(q.rows.length === 0 ? ["          => (no rows)"] : q.rows.map((r) => `          => ${JSON.stringify(r)}`))];
}

function resultLines(r: CheckResult, verbose: boolean): string[] {
    const lines = [`${LABEL[r.status]} ${r.control.padEnd(12)} ${r.title}`];
    lines.push(...r.findings.map((f) => `        - ${f}`));
    lines.push(...r.unverified.map((f) => `        ? ${f}`));
    if (r.vacuous !== undefined) {
        lines.push(`        passed with nothing to judge: ${r.vacuous}`);
    }
    if (verbose) {
        lines.push(...r.notes.map((n) => `        note: ${n}`));
        for (const q of r.evidence) {
            lines.push(`        [${q.title}]`, ...rowsText(q));
        }
    }
    return lines;
}

/** The human report of `verify`: one line per control, findings under failures; `verbose` adds every query and row. */
export function formatVerifyReport(report: VerifyReport, verbose = false): string {
    const s = report.server;
    const tls = s.ssl ? `${s.tls_version} ${s.tls_cipher}` : "no TLS";
    return [
        `${report.target.redactedUrl}`,
        `PostgreSQL ${s.server_version} (${report.platform}), database ${s.database}, as ${s.session_user}, session ${tls}`,
        ...(report.serverIdentity.verified ? [] : [`WARNING ${report.serverIdentity.detail}. These results are not evidence about a named server.`]),
        "",
        ...report.results.flatMap((r) => resultLines(r, verbose)),
        "",
        `${report.results.length} live controls: ${report.passed} passed, ${report.failed} failed, ${report.errors} could not be checked` +
            (verbose ? "" : " (--verbose shows every query and row; --json for machines)"),
    ].join("\n");
}
