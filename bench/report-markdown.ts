import { PgbenchCaseResult, BenchResults, ComparisonResult, VerifyTiming } from "./results";
import { medianResources } from "./offline-check-scaling";
import { Spread } from "./stats";

/** The command the published table is reproduced with. */
export const REPRODUCE_COMMAND = "npm run setup && npm run bench";

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");

/** "0.93 (−7%)": a ratio and the change it means. */
export function ratioText(r: number): string {
    if (!Number.isFinite(r)) {
        return "n/a";
    }
    const pct = Math.round((r - 1) * 100);
    return `${r.toFixed(2)} (${pct > 0 ? "+" : pct < 0 ? "−" : "±"}${Math.abs(pct)}%)`;
}

function spreadText(s: Spread, digits: number): string {
    return `${fixed(s.median, digits)} (${fixed(s.min, digits)}–${fixed(s.max, digits)})`;
}

function table(header: string[], rows: string[][]): string[] {
    return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

const noise = (c: ComparisonResult) => (c.withinNoise === undefined ? "n/a (1 round)" : c.withinNoise ? "yes" : "no");

function complianceTaxSection(r: NonNullable<BenchResults["complianceTax"]>, o: BenchResults["options"]): string[] {
    const byId = new Map(r.cases.map((c) => [c.case.id, c]));
    const ratioTo = (c: PgbenchCaseResult, baseId: string) => {
        const base = byId.get(baseId)!;
        return [ratioText(c.tps.median / base.tps.median), ratioText(c.latencyMs.median / base.latencyMs.median)];
    };
    const taxNoise = (c: PgbenchCaseResult, baseId: string) => {
        const comparison = r.comparisons.find((x) => x.numerator === c.case.id && x.denominator === baseId);
        return comparison ? noise(comparison) : "—";
    };
    const taxRows = r.cases
        .filter((c) => c.case.purpose === "tax")
        .map((c) => {
            const baseId = `${c.case.workload === "tpcb-like" ? "tpcb" : "select"}-a`;
            return [c.case.workload, c.case.label, spreadText(c.tps, 0), fixed(c.latencyMs.median, 3), ...ratioTo(c, baseId), fixed(c.logBytesPerTransaction, 0), taxNoise(c, baseId)];
        });
    const settings = r.servers
        .filter((s) => ["a", "b", "c"].includes(s.id))
        .map((s) => `- **${s.label}**: ${Object.keys(s.settings).length === 0 ? "the hardened profile as shipped" : "the hardened profile with " + Object.entries(s.settings).map(([k, v]) => `\`${k}=${v === "" ? "''" : v}\``).join(", ")}.`);
    const comparisonRows = (purpose: string) =>
        r.comparisons
            .filter((c) => c.purpose === purpose)
            .map((c) => [c.label, spreadText(byId.get(c.numerator)!.tps, 0), spreadText(byId.get(c.denominator)!.tps, 0), ratioText(c.tpsRatio), ratioText(c.latencyRatio), fixed(byId.get(c.numerator)!.logBytesPerTransaction, 0), noise(c)]);
    const connectionMs = (id: string) => {
        const ms = byId.get(id)?.connectionMs;
        return ms === undefined ? "—" : fixed(ms, 1);
    };
    const transportRows = r.comparisons
        .filter((c) => c.purpose === "transport")
        .map((c, i) => [...comparisonRows("transport")[i].slice(0, 5), `${connectionMs(c.numerator)} / ${connectionMs(c.denominator)}`, ...comparisonRows("transport")[i].slice(5)]);
    return [
        "## 1. The compliance tax (pgbench)",
        "",
        `pgbench ${o.clients} clients, ${o.threads} threads, scale ${o.scale}, ${o.pgbenchSeconds} s per run, ${o.rounds} round(s); every case once per round, in turn, the order rotated each round so no case always runs early or late. ` +
            "Each configuration is its own durable cluster (fsync and synchronous_commit on) on the same binaries, all running for the whole part. " +
            "Every connection uses TLS (sslmode=verify-full) except where the table says plaintext. TPS and latency are medians over rounds (min–max in brackets); ratios are medians over medians; " +
            "“within noise”: the two cases' TPS ranges over the rounds overlap.",
        "",
        ...settings,
        "",
        "The RLS sample schema does not apply to pgbench's tables (they are not tenant tables, and pgbench crosses tenants in every transaction); RLS is measured on its own in part 2.",
        "",
        ...table(["Workload", "Configuration", "TPS", "Latency avg (ms)", "TPS vs a", "Latency vs a", "Log bytes/tx", "Within noise"], taxRows),
        "",
        "### TLS, connections and connection logging",
        "",
        "Plaintext is allowed only on the baseline cluster, by a bench-only `hostnossl` line in its pg_hba.conf (`bench/bench-cluster.ts`); the product never accepts it. " +
            "“A connection per transaction” is `pgbench -C`: TCP, TLS handshake and SCRAM for every transaction.",
        "",
        ...table(["Comparison", "TPS", "TPS of reference", "TPS ratio", "Latency ratio", "Connection ms (vs reference)", "Log bytes/tx", "Within noise"], transportRows),
        "",
        "### Candidate settings (tpcb-like unless named)",
        "",
        "pgaudit settings are applied per session (`PGOPTIONS`) on cluster b; the log destination and the collector need their own clusters.",
        "",
        ...table(["Candidate", "TPS", "TPS of reference", "TPS ratio", "Latency ratio", "Log bytes/tx", "Within noise"], comparisonRows("candidate")),
        "",
    ];
}

function rlsSection(r: NonNullable<BenchResults["rls"]>): string[] {
    const rows = r.variants.map((v) => [v.query, v.tenantIndex ? "yes" : "no", v.access, fixed(v.p50Ms, 3), fixed(v.p95Ms, 3), ratioText(v.p50RatioToExplicitWhere), String(v.samples), v.plan]);
    return [
        "## 2. Row-level security",
        "",
        `${r.rows.toLocaleString("en-US")} rows, ${r.tenants.toLocaleString("en-US")} tenants (${r.tenantIdType} ids, each tenant's rows spread through the table), in two copies: with and without an index on the tenant column. ` +
            "Queries run as non-owner NOBYPASSRLS login roles over TLS, after setting the tenant in the query's own transaction (as `hpg.set_tenant` does); the time is the query alone, measured by the client. " +
            "`explicit-where` runs as a bench-only BYPASSRLS role, so it is the same query without RLS.",
        "",
        `- Policy (the product's, from ${r.policySource}): \`${r.policyPredicate}\``,
        `- Unwrapped form: \`${r.unwrappedPredicate}\``,
        "- `tenant-aggregate`: `count(*), sum(amount)` over the tenant's rows; `row-by-id`: one row by primary key.",
        "",
        ...table(["Query", "Tenant index", "Access", "p50 (ms)", "p95 (ms)", "p50 vs explicit WHERE", "Samples", "Plan"], rows),
        "",
    ];
}

function offlineCheckSection(r: NonNullable<BenchResults["offlineCheck"]>): string[] {
    if (!r.measured) {
        return ["## 3. Offline check", "", `Not measured: ${r.reason}.`, ""];
    }
    const rows = r.scales.map((s) => [
        String(s.databases),
        String(medianResources(r.runs, s.databases) ?? "n/a"),
        spreadText({ median: s.wallMs.median / 1000, min: s.wallMs.min / 1000, max: s.wallMs.max / 1000 }, 2),
        spreadText(s.peakRssMiB, 0),
        fixed(s.msPerDatabase, 0),
        s.marginalMsPerDatabase === undefined ? "—" : fixed(s.marginalMsPerDatabase, 1),
        s.marginalRssMiBPerDatabase === undefined ? "—" : fixed(s.marginalRssMiBPerDatabase, 2),
    ]);
    const exits = [...new Set(r.runs.map((x) => x.exitCode))].join(", ");
    return [
        "## 3. Offline check",
        "",
        `\`${r.command}\` on generated programs declaring N \`HardenedPostgres\` components; peak memory by ${r.peakMemoryMethod}. ` +
            `Wall time includes starting Node.js and compiling the program. Exit code(s): ${exits}. ` +
            "Linear scaling shows as a flat marginal cost: the extra time and memory per database from one count to the next.",
        "",
        ...table(["Databases", "Resources checked", "Wall (s)", "Peak RSS (MiB)", "ms per database", "Marginal ms per database", "Marginal MiB per database"], rows),
        "",
    ];
}

function verifySection(r: NonNullable<BenchResults["verify"]>): string[] {
    const row = (form: string, t: VerifyTiming) => [form, `\`${t.command}\``, String(t.warmupRuns), String(t.runsMs.length), fixed(t.ms.min, 0), fixed(t.ms.median, 0), fixed(t.ms.p95, 0), fixed(t.ms.max, 0)];
    return [
        "## 4. verify of the local twin",
        "",
        `\`verify\` of a fresh cluster provisioned as \`local up\` provisions the twin (database ${r.database}: the sample access model, schema and seed), ` +
            `as the auditor login role ${r.role} over TLS (sslmode=${r.sslMode}, server identity ${r.serverIdentityVerified ? "verified" : "not verified"}; platform ${r.platform}). ` +
            `${r.controls} live controls judged; every control passed in every run (the bench stops rather than time a failing verify). ` +
            "Times are wall clock, one whole verify each: in-process, connect, judge every control, disconnect; " +
            "CLI, a child process (password in PGPASSWORD, never on the command line) from start to exit, so it includes starting Node.js and loading the CLI.",
        "",
        ...table(["Form", "What is timed", "Warm-up runs", "Timed runs", "min (ms)", "median (ms)", "p95 (ms)", "max (ms)"], [row("in-process", r.inProcess), row("CLI", r.cli)]),
        "",
    ];
}

/** The whole Markdown report: machine, command, and one section per part that ran. */
export function renderMarkdown(results: BenchResults): string {
    const m = results.machine;
    const quick = results.options.mode === "quick";
    return [
        "# Benchmarks",
        "",
        "<!-- Written by `npm run bench` (bench/run.ts); edits are overwritten. -->",
        "",
        ...(quick ? ["> **Smoke run (`--quick`)**: seconds per measurement on small data. These numbers only show that the bench works; do not cite them.", ""] : []),
        `Taken ${results.startedAt} with \`${results.command}\`. Reproduce with \`${REPRODUCE_COMMAND}\` (full run; \`npm run bench -- --quick\` for a smoke run).`,
        "",
        ...table(
            ["Machine", ""],
            [
                ["CPUs (nproc)", String(m.cpus)],
                ["CPU model", m.cpuModel],
                ["Memory", `${m.memoryGiB} GiB`],
                ["Kernel", m.kernel],
                ["PostgreSQL", m.postgres],
                ["pgaudit", m.pgaudit],
                ["pgbench", m.pgbench],
                ["Node.js", m.node],
                ["Load average (1 min) at start / end", `${m.loadAverageAtStart.toFixed(2)} / ${m.loadAverageAtEnd?.toFixed(2) ?? "n/a"}`],
            ],
        ),
        "",
        ...(results.complianceTax ? complianceTaxSection(results.complianceTax, results.options) : []),
        ...(results.rls ? rlsSection(results.rls) : []),
        ...(results.offlineCheck ? offlineCheckSection(results.offlineCheck) : []),
        ...(results.verify ? verifySection(results.verify) : []),
    ].join("\n");
}
