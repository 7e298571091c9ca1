import { Client } from "pg";
import { bootstrapPassword, clientConfig } from "../infra/local-twin/cluster";
import { BenchCluster, libpqEnv, serverLogBytes, startBenchCluster } from "./bench-cluster";
import { CASE_COMPARISONS, PGBENCH_CASES, PgbenchCase, SERVER_CONFIGS, ServerConfigId } from "./compliance-configs";
import { BenchOptions } from "./options";
import { initPgbench, runPgbench } from "./pgbench";
import { roundOrder } from "./round-order";
import { ComparisonResult, ComplianceTaxResult, PgbenchCaseResult, PgbenchRound } from "./results";
import { median, rangesOverlap, spread } from "./stats";

/** The database pgbench's tables live in, on every cluster. */
const PGBENCH_DATABASE = "pgbench";
/** Time for the logging collector to write what the run's backends (and their disconnections) sent it. */
const LOG_SETTLE_MS = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function createDatabase(cluster: BenchCluster, database: string): Promise<void> {
    const client = new Client(clientConfig(cluster.handle, cluster.handle.bootstrapUser, bootstrapPassword(cluster.handle)));
    await client.connect();
    try {
        await client.query(`CREATE DATABASE ${database}`);
    } finally {
        await client.end();
    }
}

/** A setting's value as SHOW prints it, for comparing with what was asked (booleans have several spellings). */
function normalizedSetting(value: string): string {
    const v = value.trim().toLowerCase();
    return ["1", "true", "yes"].includes(v) ? "on" : ["0", "false", "no"].includes(v) ? "off" : v;
}

/** `-c name=value` pairs of a PGOPTIONS string. */
export function sessionSettings(serverOptions: string | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of (serverOptions ?? "").matchAll(/-c\s+([^=\s]+)=(\S*)/g)) {
        out[m[1]] = m[2];
    }
    return out;
}

/** Fails unless the server runs with `expected` in a session opened like the case's: a typo would measure the wrong thing. */
async function verifyEffectiveSettings(cluster: BenchCluster, expected: Record<string, string>, serverOptions?: string): Promise<void> {
    const client = new Client({ ...clientConfig(cluster.handle, cluster.handle.bootstrapUser, bootstrapPassword(cluster.handle)), ...(serverOptions ? { options: serverOptions } : {}) });
    await client.connect();
    try {
        for (const [name, value] of Object.entries(expected)) {
            const actual = (await client.query<{ v: string }>("SELECT pg_catalog.current_setting($1) AS v", [name])).rows[0].v;
            if (normalizedSetting(actual) !== normalizedSetting(value)) {
                throw new Error(`cluster ${cluster.name}: ${name} is '${actual}', the bench asked for '${value}'`);
            }
        }
    } finally {
        await client.end();
    }
}

async function runCase(cluster: BenchCluster, c: PgbenchCase, options: BenchOptions, seconds: number, round: number): Promise<PgbenchRound> {
    const env = libpqEnv(cluster, c.transport, PGBENCH_DATABASE, c.serverOptions);
    const before = serverLogBytes(cluster);
    const summary = await runPgbench(env, {
        workload: c.workload,
        protocol: c.protocol,
        connectionPerTransaction: c.connectionPerTransaction,
        seconds,
        clients: options.clients,
        threads: options.threads,
    });
    await sleep(LOG_SETTLE_MS);
    const logged = serverLogBytes(cluster) - before;
    return { round, ...summary, logBytesPerTransaction: summary.transactions > 0 ? logged / summary.transactions : 0 };
}

export function compareCases(results: readonly PgbenchCaseResult[]): ComparisonResult[] {
    const byId = new Map(results.map((r) => [r.case.id, r]));
    return CASE_COMPARISONS.filter((c) => byId.has(c.numerator) && byId.has(c.denominator)).map((c) => {
        const n = byId.get(c.numerator)!;
        const d = byId.get(c.denominator)!;
        const severalRounds = n.rounds.length > 1 && d.rounds.length > 1;
        return {
            ...c,
            tpsRatio: n.tps.median / d.tps.median,
            latencyRatio: n.latencyMs.median / d.latencyMs.median,
            ...(severalRounds ? { withinNoise: rangesOverlap(n.tps, d.tps) } : {}),
        };
    });
}

/**
 * Part 1: one cluster per server configuration, all started before the first measurement and kept running, then
 * `rounds` rounds that each run every case once, in turn. Clusters are appended to `started` for the caller to remove.
 */
export async function runComplianceTax(options: BenchOptions, root: string, started: BenchCluster[], log: (line: string) => void): Promise<ComplianceTaxResult> {
    const clusters = new Map<ServerConfigId, BenchCluster>();
    for (const config of SERVER_CONFIGS) {
        log(`tax: starting cluster ${config.id} and loading pgbench scale ${options.scale}`);
        const cluster = await startBenchCluster(root, `tax-${config.id}`, config.settings, { acceptsPlaintext: config.acceptsPlaintext, started });
        await createDatabase(cluster, PGBENCH_DATABASE);
        await initPgbench(libpqEnv(cluster, "tls", PGBENCH_DATABASE), options.scale);
        await verifyEffectiveSettings(cluster, config.settings);
        clusters.set(config.id, cluster);
    }
    for (const c of PGBENCH_CASES.filter((c) => c.serverOptions)) {
        await verifyEffectiveSettings(clusters.get(c.server)!, sessionSettings(c.serverOptions), c.serverOptions);
    }

    if (options.warmupSeconds > 0) {
        // One run per server and workload fills its caches; the variants on the same server share them.
        const warmups = PGBENCH_CASES.filter((c, i) => PGBENCH_CASES.findIndex((o) => o.server === c.server && o.workload === c.workload) === i);
        log(`tax: warm-up, ${warmups.length} runs of ${options.warmupSeconds} s`);
        for (const c of warmups) {
            await runCase(clusters.get(c.server)!, c, options, options.warmupSeconds, -1);
        }
    }

    const rounds = new Map<string, PgbenchRound[]>(PGBENCH_CASES.map((c) => [c.id, []]));
    for (let round = 0; round < options.rounds; round++) {
        log(`tax: round ${round + 1}/${options.rounds} (${PGBENCH_CASES.length} cases × ${options.pgbenchSeconds} s)`);
        for (const c of roundOrder(PGBENCH_CASES, round, options.rounds)) {
            const r = await runCase(clusters.get(c.server)!, c, options, options.pgbenchSeconds, round);
            if (r.failedTransactions > 0) {
                throw new Error(`pgbench case ${c.id}: ${r.failedTransactions} failed transactions; the numbers would not be comparable`);
            }
            rounds.get(c.id)!.push(r);
        }
    }

    const cases: PgbenchCaseResult[] = PGBENCH_CASES.map((c) => {
        const rs = rounds.get(c.id)!;
        return {
            case: c,
            rounds: rs,
            tps: spread(rs.map((r) => r.tps)),
            latencyMs: spread(rs.map((r) => r.latencyMs)),
            logBytesPerTransaction: median(rs.map((r) => r.logBytesPerTransaction)),
            ...(c.connectionPerTransaction ? { connectionMs: median(rs.map((r) => r.connectionMs ?? NaN)) } : {}),
        };
    });
    return { servers: [...SERVER_CONFIGS], cases, comparisons: compareCases(cases) };
}
