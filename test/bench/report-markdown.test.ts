import { PGBENCH_CASES, SERVER_CONFIGS } from "../../bench/compliance-configs";
import { compareCases } from "../../bench/compliance-tax";
import { parseBenchArgs } from "../../bench/options";
import { ratioText, renderMarkdown } from "../../bench/report-markdown";
import { BenchResults, PgbenchCaseResult } from "../../bench/results";

const caseById = (id: string) => PGBENCH_CASES.find((c) => c.id === id)!;

/** A case's result with its rounds reduced to what the report reads (the spreads), not recomputed here. */
function caseResult(id: string, tps: [number, number, number], latencyMs: number, logBytesPerTransaction: number, connectionMs?: number): PgbenchCaseResult {
    const [median, min, max] = tps;
    const round = { tps: median, latencyMs, transactions: 1000, failedTransactions: 0, logBytesPerTransaction };
    return {
        case: caseById(id),
        rounds: [0, 1, 2].map((r) => ({ ...round, round: r })),
        tps: { median, min, max },
        latencyMs: { median: latencyMs, min: latencyMs, max: latencyMs },
        logBytesPerTransaction,
        ...(connectionMs === undefined ? {} : { connectionMs }),
    };
}

function results(): BenchResults {
    const cases = [
        caseResult("tpcb-a", [1000, 950, 1050], 4, 0),
        caseResult("tpcb-b", [900, 880, 960], 4.4, 850.3),
        caseResult("tpcb-c", [500, 490, 510], 8, 20480.6),
        caseResult("connect-a", [700, 690, 710], 5.75, 0, 2.25),
        caseResult("connect-b", [560, 550, 570], 7.2, 412, 3.5),
    ];
    return {
        startedAt: "2026-11-22T20:00:00.000Z",
        finishedAt: "2026-11-22T20:30:00.000Z",
        command: "npm run bench",
        options: parseBenchArgs([]),
        machine: {
            cpus: 2,
            cpuModel: "Test CPU",
            memoryGiB: 8,
            kernel: "6.1.0",
            postgres: "PostgreSQL 15.18",
            pgaudit: "1.7.0",
            pgbench: "pgbench (PostgreSQL) 15.18",
            node: "v20.19.0",
            loadAverageAtStart: 0.5,
            loadAverageAtEnd: 1.25,
        },
        complianceTax: { servers: [...SERVER_CONFIGS], cases, comparisons: compareCases(cases) },
        rls: {
            rows: 1_000_000,
            tenants: 1_000,
            tenantIdType: "uuid",
            policyPredicate: "tenant_id = (SELECT …)",
            unwrappedPredicate: "tenant_id = current_setting(…)::uuid",
            policySource: "tenant-isolation-sql.ts",
            variants: [
                { id: "agg-where", query: "tenant-aggregate", access: "explicit-where", tenantIndex: false, samples: 10, p50Ms: 2.75, p95Ms: 3.5, p50RatioToExplicitWhere: 1, plan: "Aggregate > Seq Scan" },
                { id: "agg-rls", query: "tenant-aggregate", access: "rls-wrapped", tenantIndex: true, samples: 200, p50Ms: 2.5, p95Ms: 3, p50RatioToExplicitWhere: 1.04, plan: "Aggregate > Bitmap Heap Scan > Bitmap Index Scan" },
            ],
        },
        offlineCheck: {
            measured: true,
            command: "hardened-postgres check --json",
            peakMemoryMethod: "GNU time",
            runs: [
                { databases: 1, round: 0, wallMs: 3000, peakRssKiB: 204800, exitCode: 0, resourcesChecked: 12 },
                { databases: 10, round: 0, wallMs: 4800, peakRssKiB: 256000, exitCode: 0, resourcesChecked: 120 },
            ],
            scales: [
                { databases: 1, wallMs: { median: 3000, min: 2900, max: 3100 }, peakRssMiB: { median: 200, min: 198, max: 202 }, msPerDatabase: 3000 },
                {
                    databases: 10,
                    wallMs: { median: 4800, min: 4700, max: 5000 },
                    peakRssMiB: { median: 250, min: 249, max: 251 },
                    msPerDatabase: 480,
                    marginalMsPerDatabase: 200,
                    marginalRssMiBPerDatabase: 5.5555,
                },
            ],
        },
        verify: {
            database: "hpg_app",
            role: "svc_audit",
            sslMode: "verify-full",
            serverIdentityVerified: true,
            platform: "self-managed",
            controls: 13,
            everyControlPassed: true,
            inProcess: { command: "verifyServer(url)", warmupRuns: 1, runsMs: [150.4, 183.6, 171.2], ms: { min: 150.4, median: 171.2, p95: 182.36, max: 183.6 } },
            cli: { command: "node bin/infra/cli/main.js verify --url <url>", warmupRuns: 1, runsMs: [451, 559.5], ms: { min: 451, median: 505.25, p95: 554.075, max: 559.5 } },
        },
    };
}

const lines = (markdown: string) => markdown.split("\n");
/** The table rows (header and separator excluded) that follow the line `header`. */
function tableAfter(markdown: string, header: string): string[] {
    const all = lines(markdown);
    const start = all.indexOf(header);
    expect(start).toBeGreaterThanOrEqual(0);
    const rows: string[] = [];
    for (let i = start + 2; i < all.length && all[i].startsWith("|"); i++) {
        rows.push(all[i]);
    }
    return rows;
}

describe("ratioText", () => {
    test.each([
        [0.9, "0.90 (−10%)"],
        [1.1, "1.10 (+10%)"],
        [1, "1.00 (±0%)"],
        [1.004, "1.00 (±0%)"],
        [54.8, "54.80 (+5380%)"],
        [NaN, "n/a"],
        [Infinity, "n/a"],
    ])("%p → %s", (r, text) => {
        expect(ratioText(r)).toBe(text);
    });
});

describe("renderMarkdown", () => {
    const markdown = renderMarkdown(results());

    test("the compliance-tax table: medians (min–max), ratios to the baseline of the same workload, log bytes, noise", () => {
        expect(tableAfter(markdown, "| Workload | Configuration | TPS | Latency avg (ms) | TPS vs a | Latency vs a | Log bytes/tx | Within noise |")).toEqual([
            "| tpcb-like | a) TLS-only baseline | 1000 (950–1050) | 4.000 | 1.00 (±0%) | 1.00 (±0%) | 0 | — |",
            "| tpcb-like | b) our profile | 900 (880–960) | 4.400 | 0.90 (−10%) | 1.10 (+10%) | 850 | yes |",
            "| tpcb-like | c) naive compliance | 500 (490–510) | 8.000 | 0.50 (−50%) | 2.00 (+100%) | 20481 | no |",
        ]);
    });

    test("the transport table shows both cases' connection times", () => {
        expect(tableAfter(markdown, "| Comparison | TPS | TPS of reference | TPS ratio | Latency ratio | Connection ms (vs reference) | Log bytes/tx | Within noise |")).toEqual([
            "| connection logging + preload (b/a), a TLS connection per transaction | 560 (550–570) | 700 (690–710) | 0.80 (−20%) | 1.25 (+25%) | 3.5 / 2.3 | 412 | no |",
        ]);
    });

    test("the RLS table: one row per variant with p50, p95 and the ratio to the explicit WHERE", () => {
        expect(tableAfter(markdown, "| Query | Tenant index | Access | p50 (ms) | p95 (ms) | p50 vs explicit WHERE | Samples | Plan |")).toEqual([
            "| tenant-aggregate | no | explicit-where | 2.750 | 3.500 | 1.00 (±0%) | 10 | Aggregate > Seq Scan |",
            "| tenant-aggregate | yes | rls-wrapped | 2.500 | 3.000 | 1.04 (+4%) | 200 | Aggregate > Bitmap Heap Scan > Bitmap Index Scan |",
        ]);
        expect(lines(markdown)).toContain("1,000,000 rows, 1,000 tenants (uuid ids, each tenant's rows spread through the table), in two copies: with and without an index on the tenant column. Queries run as non-owner NOBYPASSRLS login roles over TLS, after setting the tenant in the query's own transaction (as `hpg.set_tenant` does); the time is the query alone, measured by the client. `explicit-where` runs as a bench-only BYPASSRLS role, so it is the same query without RLS.");
    });

    test("the offline-check table: wall time in seconds, marginal costs from the second count on", () => {
        expect(tableAfter(markdown, "| Databases | Resources checked | Wall (s) | Peak RSS (MiB) | ms per database | Marginal ms per database | Marginal MiB per database |")).toEqual([
            "| 1 | 12 | 3.00 (2.90–3.10) | 200 (198–202) | 3000 | — | — |",
            "| 10 | 120 | 4.80 (4.70–5.00) | 250 (249–251) | 480 | 200.0 | 5.56 |",
        ]);
    });

    test("the verify table: min, median, p95 and max per form, with what was timed and how many runs", () => {
        expect(tableAfter(markdown, "| Form | What is timed | Warm-up runs | Timed runs | min (ms) | median (ms) | p95 (ms) | max (ms) |")).toEqual([
            "| in-process | `verifyServer(url)` | 1 | 3 | 150 | 171 | 182 | 184 |",
            "| CLI | `node bin/infra/cli/main.js verify --url <url>` | 1 | 2 | 451 | 505 | 554 | 560 |",
        ]);
        expect(lines(markdown)).toContain(
            "`verify` of a fresh cluster provisioned as `local up` provisions the twin (database hpg_app: the sample access model, schema and seed), as the auditor login role svc_audit over TLS (sslmode=verify-full, server identity verified; platform self-managed). " +
                "13 live controls judged; every control passed in every run (the bench stops rather than time a failing verify). " +
                "Times are wall clock, one whole verify each: in-process, connect, judge every control, disconnect; CLI, a child process (password in PGPASSWORD, never on the command line) from start to exit, so it includes starting Node.js and loading the CLI.",
        );
    });

    test("the machine table and the header name the run; a full run carries no smoke-run warning", () => {
        expect(tableAfter(markdown, "| Machine |  |")).toEqual([
            "| CPUs (nproc) | 2 |",
            "| CPU model | Test CPU |",
            "| Memory | 8 GiB |",
            "| Kernel | 6.1.0 |",
            "| PostgreSQL | PostgreSQL 15.18 |",
            "| pgaudit | 1.7.0 |",
            "| pgbench | pgbench (PostgreSQL) 15.18 |",
            "| Node.js | v20.19.0 |",
            "| Load average (1 min) at start / end | 0.50 / 1.25 |",
        ]);
        expect(lines(markdown)).toContain(
            "Taken 2026-11-22T20:00:00.000Z with `npm run bench`. Reproduce with `npm run setup && npm run bench` (full run; `npm run bench -- --quick` for a smoke run).",
        );
        expect(markdown).not.toContain("Smoke run");
    });

    test("a quick run is marked as a smoke run, and parts that did not run have no section", () => {
        const quick = { ...results(), options: parseBenchArgs(["--quick"]), complianceTax: undefined, offlineCheck: { measured: false as const, reason: "GNU time is not installed" } };
        const md = renderMarkdown(quick);
        expect(lines(md)).toContain("> **Smoke run (`--quick`)**: seconds per measurement on small data. These numbers only show that the bench works; do not cite them.");
        expect(md).not.toContain("## 1. The compliance tax (pgbench)");
        expect(md).toContain("## 2. Row-level security");
        expect(md).toContain("## 3. Offline check\n\nNot measured: GNU time is not installed.\n");
        expect(md).toContain("## 4. verify of the local twin");
        expect(renderMarkdown({ ...quick, verify: undefined })).not.toContain("## 4. verify of the local twin");
    });
});
