import * as path from "path";
import { resolveAccessModel } from "../components/database-access";
import { connectionUrl, localRolePassword } from "../infra/local-twin/cluster";
import { LOCAL_ACCESS_MODEL, LOCAL_DATABASE, provisionDatabase } from "../infra/local-twin/local-database";
import { allPassed, redactUrl, verifyServer, VerifyReport } from "../policies/live";
import { projectRoot } from "../policies/offline-check/project-root";
import { BenchCluster, startBenchCluster } from "./bench-cluster";
import { runProgram } from "./child-programs";
import { throwIfInterrupted } from "./interruption";
import { BenchOptions } from "./options";
import { VerifyResult, VerifyTiming } from "./results";
import { distribution } from "./stats";

/** Where the built CLI lives, relative to the repository. */
const CLI = path.join("bin", "infra", "cli", "main.js");
/** Unrecorded runs of each form before the timed ones (first connection, JIT, file cache). */
const WARMUP_RUNS = 1;

/** The counts in the CLI's last line: "<N> live controls: <p> passed, <f> failed, <e> could not be checked (…)". */
export interface VerifySummary {
    controls: number;
    passed: number;
    failed: number;
    errors: number;
}

/** The summary line of `verify`'s human output, or undefined when the output has none (the CLI stopped early). */
export function parseVerifySummary(stdout: string): VerifySummary | undefined {
    const m = /^(\d+) live controls: (\d+) passed, (\d+) failed, (\d+) could not be checked\b/m.exec(stdout);
    return m ? { controls: Number(m[1]), passed: Number(m[2]), failed: Number(m[3]), errors: Number(m[4]) } : undefined;
}

/**
 * How the bench runs `verify` as a user would: the URL without its password on the command line (argv is readable by
 * every local user), the password in PGPASSWORD, and nothing else from the caller's environment (no PG* or HPG_*).
 */
export function verifyCliInvocation(cliFile: string, url: string, callerEnv: NodeJS.ProcessEnv = process.env): { args: string[]; env: NodeJS.ProcessEnv } {
    const password = decodeURIComponent(new URL(url).password);
    if (password === "") {
        throw new Error("[url] must carry the password the CLI is given in PGPASSWORD");
    }
    return {
        args: [cliFile, "verify", "--url", redactUrl(url)],
        env: { PATH: callerEnv.PATH, HOME: callerEnv.HOME, LC_ALL: "C", PGPASSWORD: password },
    };
}

/** The controls that did not pass, with their first finding or reason. */
function notPassing(report: VerifyReport): string {
    return report.results
        .filter((r) => r.status !== "pass")
        .map((r) => `${r.control} ${r.status}: ${[...r.findings, ...r.unverified][0] ?? "no detail"}`)
        .join("; ");
}

const elapsedMs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** `verifyServer(url)` in this process, connect to disconnect; every run must pass every control. */
async function timeInProcess(url: string, runs: number): Promise<{ timing: VerifyTiming; report: VerifyReport }> {
    const runsMs: number[] = [];
    let report: VerifyReport | undefined;
    for (let i = 0; i < WARMUP_RUNS + runs; i++) {
        throwIfInterrupted();
        const t0 = process.hrtime.bigint();
        const r = await verifyServer(url);
        const ms = elapsedMs(t0);
        if (!allPassed(r)) {
            throw new Error(`verify of the local twin did not pass (in-process run ${i + 1}): ${notPassing(r)}. The bench does not time a failing verify`);
        }
        if (!r.serverIdentity.verified) {
            throw new Error(`verify of the local twin ran without a verified server identity (${r.serverIdentity.detail}); the bench times verify over sslmode=verify-full only`);
        }
        if (report !== undefined && r.results.length !== report.results.length) {
            throw new Error(`verify judged ${r.results.length} live controls in run ${i + 1} and ${report.results.length} before`);
        }
        report = r;
        if (i >= WARMUP_RUNS) {
            runsMs.push(ms);
        }
    }
    return { timing: { command: "verifyServer(url)", warmupRuns: WARMUP_RUNS, runsMs, ms: distribution(runsMs) }, report: report! };
}

/** The CLI as a child process, start to exit; every run must exit 0 with every one of `controls` controls passed. */
async function timeCli(repo: string, url: string, runs: number, controls: number): Promise<VerifyTiming> {
    const { args, env } = verifyCliInvocation(path.join(repo, CLI), url);
    const runsMs: number[] = [];
    for (let i = 0; i < WARMUP_RUNS + runs; i++) {
        const r = await runProgram(process.execPath, args, { env, cwd: repo, timeoutMs: 60_000 });
        const summary = parseVerifySummary(r.stdout);
        if (r.code !== 0 || summary === undefined || summary.controls !== controls || summary.passed !== controls) {
            const output = [...r.stdout.trim().split("\n").filter((l) => !/^PASS /.test(l)), ...r.stderr.trim().split("\n")].filter((l) => l !== "").slice(0, 12);
            throw new Error(`${CLI} verify of the local twin did not pass (run ${i + 1}, exit ${r.code}, expected ${controls} controls passed). The bench does not time a failing verify:\n${output.join("\n")}`);
        }
        if (i >= WARMUP_RUNS) {
            runsMs.push(r.wallMs);
        }
    }
    return { command: `node ${CLI} verify --url <url>`, warmupRuns: WARMUP_RUNS, runsMs, ms: distribution(runsMs) };
}

/**
 * Part 4: how long one `verify` of the local twin takes, as the auditor login role over verify-full TLS. The cluster is
 * the library's hardened cluster provisioned by `provisionDatabase`, the function `local up` provisions it with; it is
 * appended to `started`.
 */
export async function runVerifyLatency(options: BenchOptions, root: string, started: BenchCluster[], log: (line: string) => void): Promise<VerifyResult> {
    log("verify: starting a cluster and provisioning it as `local up` provisions the twin");
    const cluster = await startBenchCluster(root, "verify", {}, { acceptsPlaintext: false, started });
    const h = cluster.handle;
    await provisionDatabase(h, LOCAL_DATABASE, LOCAL_ACCESS_MODEL);
    const model = resolveAccessModel(LOCAL_ACCESS_MODEL);
    const auditor = model.loginRoles.find((l) => l.group === "auditor");
    if (!auditor) {
        throw new Error("the local access model has no login role in the auditor group to verify as");
    }
    const url = connectionUrl(h, auditor.name, localRolePassword(h, auditor.name), LOCAL_DATABASE);

    log(`verify: ${WARMUP_RUNS} + ${options.verifyRunsInProcess} in-process runs as ${auditor.name}`);
    const { timing: inProcess, report } = await timeInProcess(url, options.verifyRunsInProcess);
    log(`verify: ${WARMUP_RUNS} + ${options.verifyRunsCli} CLI runs as ${auditor.name}`);
    const repo = projectRoot(__dirname);
    const cli = await timeCli(repo, url, options.verifyRunsCli, report.results.length);
    return {
        database: LOCAL_DATABASE,
        role: auditor.name,
        sslMode: report.serverIdentity.sslMode,
        serverIdentityVerified: report.serverIdentity.verified,
        platform: report.platform,
        controls: report.results.length,
        everyControlPassed: true,
        inProcess,
        cli,
    };
}
