/** The five parts of the benchmark, in the order they run. */
export type BenchPart = "tax" | "rls" | "check" | "verify" | "audit";
export const BENCH_PARTS: readonly BenchPart[] = ["tax", "rls", "check", "verify", "audit"];

/** What one `npm run bench` does; every field has a quick (smoke) and a full (published) default. */
export interface BenchOptions {
    /** `quick` is a smoke run (seconds per measurement, small data): its numbers are not for publication. */
    mode: "quick" | "full";
    parts: BenchPart[];
    /** Rounds of the interleaved rotation (a, b, c, …, a, b, c, …); medians are over rounds. */
    rounds: number;
    /** pgbench duration of one measured run, seconds. */
    pgbenchSeconds: number;
    /** An unrecorded pgbench run per server and workload before the first round, seconds (0: none). */
    warmupSeconds: number;
    /** pgbench scale factor (100 000 accounts per unit). */
    scale: number;
    /** pgbench clients and worker threads. */
    clients: number;
    threads: number;
    /** Rows of the multi-tenant table and how many tenants share them. */
    rlsRows: number;
    rlsTenants: number;
    /** Timed queries per RLS variant and round, when the tenant index serves the query / when it is a full scan. */
    rlsSamplesIndexed: number;
    rlsSamplesScan: number;
    /** How many HardenedPostgres components the generated programs declare. */
    checkDatabaseCounts: number[];
    /** Timed `verify` runs of the local twin, after one unrecorded run each: in the bench's process, and through the CLI as a child process. */
    verifyRunsInProcess: number;
    verifyRunsCli: number;
    /** The audit pipeline's throughput corpus: the shipping cluster's log, repeated to at least this many MiB. */
    auditCorpusMiB: number;
    /** Write docs/benchmarks.md (default: full runs of every part only, so a smoke or partial run never replaces the published table). */
    writeDocs: boolean;
}

const FULL: Omit<BenchOptions, "parts" | "writeDocs"> = {
    mode: "full",
    rounds: 3,
    pgbenchSeconds: 5,
    warmupSeconds: 2,
    scale: 10,
    clients: 4,
    threads: 2,
    rlsRows: 1_000_000,
    rlsTenants: 1_000,
    rlsSamplesIndexed: 200,
    rlsSamplesScan: 10,
    checkDatabaseCounts: [1, 10, 100],
    verifyRunsInProcess: 20,
    verifyRunsCli: 10,
    auditCorpusMiB: 32,
};

const QUICK: Omit<BenchOptions, "parts" | "writeDocs"> = {
    mode: "quick",
    rounds: 1,
    pgbenchSeconds: 1,
    warmupSeconds: 0,
    scale: 1,
    clients: 4,
    threads: 2,
    rlsRows: 100_000,
    rlsTenants: 100,
    rlsSamplesIndexed: 30,
    rlsSamplesScan: 3,
    checkDatabaseCounts: [1, 10],
    verifyRunsInProcess: 5,
    verifyRunsCli: 3,
    auditCorpusMiB: 4,
};

export const USAGE = [
    "usage: npm run bench -- [--quick] [--only tax,rls,check,verify,audit] [--rounds N] [--duration SECONDS] [--scale N] [--write-docs]",
    "",
    "  --quick        smoke run: 1 round of 1 s pgbench runs, scale 1, 100 000 RLS rows, 1 and 10 databases, 5 + 3 verify runs, a 4 MiB audit corpus (about a minute)",
    "  --only LIST    run only these parts: tax (pgbench a/b/c), rls (row-level security), check (offline check scaling),",
    "                 verify (live verify of the local twin, in-process and through the CLI),",
    "                 audit (parse + attribute + detect + archive throughput against JSON.parse, and TPS with archive shipping on/off)",
    "  --rounds N     interleaved rounds per configuration (full: 3)",
    "  --duration S   seconds per pgbench run (full: 5)",
    "  --scale N      pgbench scale factor (full: 10)",
    "  --write-docs   also write docs/benchmarks.md (on by default for a full run of every part)",
].join("\n");

/** A command-line mistake: `run` prints it with the usage and exits 2. */
export class BenchUsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "BenchUsageError";
    }
}

function positiveInteger(flag: string, value: string | undefined): number {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < 1) {
        throw new BenchUsageError(`[${flag}] must be a positive integer, got ${value === undefined ? "nothing" : `'${value}'`}`);
    }
    return n;
}

/** Options from `process.argv.slice(2)`. */
export function parseBenchArgs(argv: string[]): BenchOptions {
    const quick = argv.includes("--quick");
    const options: BenchOptions = { ...(quick ? QUICK : FULL), parts: [...BENCH_PARTS], writeDocs: false };
    let writeDocs = false;
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        switch (flag) {
            case "--quick":
                break;
            case "--write-docs":
                writeDocs = true;
                break;
            case "--only": {
                const parts = (argv[++i] ?? "").split(",").filter((p) => p !== "");
                const unknown = parts.filter((p) => !(BENCH_PARTS as readonly string[]).includes(p));
                if (parts.length === 0 || unknown.length > 0) {
                    throw new BenchUsageError(`[--only] takes a comma-separated list of ${BENCH_PARTS.join(", ")}, got '${argv[i] ?? ""}'`);
                }
                options.parts = BENCH_PARTS.filter((p) => parts.includes(p));
                break;
            }
            case "--rounds":
                options.rounds = positiveInteger(flag, argv[++i]);
                break;
            case "--duration":
                options.pgbenchSeconds = positiveInteger(flag, argv[++i]);
                break;
            case "--scale":
                options.scale = positiveInteger(flag, argv[++i]);
                break;
            default:
                throw new BenchUsageError(`unknown argument '${flag}'`);
        }
    }
    options.writeDocs = writeDocs || (!quick && options.parts.length === BENCH_PARTS.length);
    return options;
}
