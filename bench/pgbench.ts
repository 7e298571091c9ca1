import * as path from "path";
import { findPgBinDir } from "../infra/local-twin/pg-binaries";
import { runProgram } from "./child-programs";

/** pgbench's built-in scripts the issue asks for. */
export type PgbenchWorkload = "tpcb-like" | "select-only";
/** pgbench's query protocols: `simple` (one Query message, what most ORMs do) or `prepared` (Parse once, then Bind/Execute). */
export type PgbenchProtocol = "simple" | "prepared";

export interface PgbenchRunSpec {
    workload: PgbenchWorkload;
    protocol: PgbenchProtocol;
    /** A new connection (TCP, TLS handshake, SCRAM) for every transaction (`-C`): what connection logging and TLS cost per login. */
    connectionPerTransaction: boolean;
    seconds: number;
    clients: number;
    threads: number;
}

/** pgbench's summary of one run. */
export interface PgbenchSummary {
    tps: number;
    /** pgbench's "latency average", ms. */
    latencyMs: number;
    transactions: number;
    failedTransactions: number;
    /** pgbench's "average connection time", ms: printed for runs with a connection per transaction (-C). */
    connectionMs?: number;
}

function pgbenchPath(): string {
    return path.join(findPgBinDir(), "pgbench");
}

/** `pgbench -i` with server-side data generation (fast), primary keys and a vacuum. */
export async function initPgbench(env: NodeJS.ProcessEnv, scale: number): Promise<void> {
    const r = await runProgram(pgbenchPath(), ["-i", "-I", "dtGvp", "-s", String(scale)], { env, timeoutMs: 30 * 60_000 });
    if (r.code !== 0) {
        throw new Error(`pgbench -i failed (exit ${r.code}): ${r.stderr.trim()}`);
    }
}

/** pgbench's arguments for a run. */
export function pgbenchArgs(spec: PgbenchRunSpec): string[] {
    return [
        ...(spec.workload === "select-only" ? ["-S"] : []),
        "-M",
        spec.protocol,
        ...(spec.connectionPerTransaction ? ["-C"] : []),
        "-c",
        String(spec.clients),
        "-j",
        String(spec.threads),
        "-T",
        String(spec.seconds),
    ];
}

/** Reads pgbench's summary; throws when a field is missing (pgbench changed its output or the run failed). */
export function parsePgbenchSummary(stdout: string): PgbenchSummary {
    const num = (re: RegExp, what: string): number => {
        const m = re.exec(stdout);
        if (!m) {
            throw new Error(`pgbench printed no ${what}:\n${stdout.trim()}`);
        }
        return Number(m[1]);
    };
    return {
        tps: num(/^tps = ([\d.]+)/m, "tps"),
        latencyMs: num(/^latency average = ([\d.]+) ms/m, "latency average"),
        transactions: num(/^number of transactions actually processed: (\d+)/m, "transaction count"),
        // pgbench 15 reports failures; older versions do not, and their runs abort instead.
        failedTransactions: /^number of failed transactions: (\d+)/m.test(stdout) ? num(/^number of failed transactions: (\d+)/m, "failure count") : 0,
        ...(/^average connection time = /m.test(stdout) ? { connectionMs: num(/^average connection time = ([\d.]+) ms/m, "connection time") } : {}),
    };
}

export async function runPgbench(env: NodeJS.ProcessEnv, spec: PgbenchRunSpec): Promise<PgbenchSummary> {
    const args = pgbenchArgs(spec);
    const r = await runProgram(pgbenchPath(), args, { env, timeoutMs: (spec.seconds + 120) * 1000 });
    if (r.code !== 0) {
        throw new Error(`pgbench ${args.join(" ")} failed (exit ${r.code}): ${r.stderr.trim().split("\n").slice(-5).join("\n")}`);
    }
    return parsePgbenchSummary(r.stdout);
}
