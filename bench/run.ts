import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../policies/offline-check/project-root";
import { BenchCluster, createBenchRoot, destroyBenchClusters } from "./bench-cluster";
import { stopRunningPrograms } from "./child-programs";
import { runComplianceTax } from "./compliance-tax";
import { loadAverage, machineInfo } from "./machine-info";
import { BenchInterrupted, stopOnSignals } from "./interruption";
import { runOfflineCheck } from "./offline-check-scaling";
import { BenchUsageError, parseBenchArgs, USAGE } from "./options";
import { renderMarkdown } from "./report-markdown";
import { BenchResults } from "./results";
import { AuditPipelineResult, auditPipelineMarkdown, runAuditPipeline } from "./audit-pipeline";
import { runRls } from "./rls-latency";
import { runVerifyLatency } from "./verify-latency";

/** Where results go: git-ignored, one JSON per run plus the latest JSON and Markdown. */
const RESULTS_DIR = "bench-results";
/** The published table (full runs, or `--write-docs`). */
const DOCS_FILE = path.join("docs", "benchmarks.md");

function writeResults(repo: string, results: BenchResults, markdown: string): string[] {
    const dir = path.join(repo, RESULTS_DIR);
    fs.mkdirSync(dir, { recursive: true });
    const stamp = results.startedAt.replace(/[:.]/g, "-");
    const json = JSON.stringify(results, null, 2) + "\n";
    const written = [path.join(dir, `bench-${stamp}-${results.options.mode}.json`), path.join(dir, "latest.json"), path.join(dir, "latest.md")];
    fs.writeFileSync(written[0], json);
    fs.writeFileSync(written[1], json);
    fs.writeFileSync(written[2], markdown);
    if (results.options.writeDocs) {
        fs.mkdirSync(path.join(repo, "docs"), { recursive: true });
        fs.writeFileSync(path.join(repo, DOCS_FILE), markdown);
        written.push(path.join(repo, DOCS_FILE));
    }
    return written.map((f) => path.relative(repo, f));
}

export async function main(argv: string[]): Promise<number> {
    let options;
    try {
        options = parseBenchArgs(argv);
    } catch (e) {
        if (e instanceof BenchUsageError) {
            console.error(`bench: ${e.message}\n\n${USAGE}`);
            return 2;
        }
        throw e;
    }
    const repo = projectRoot(__dirname);
    const t0 = Date.now();
    const log = (line: string) => console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);
    const results: BenchResults & { auditPipeline?: AuditPipelineResult } = {
        startedAt: new Date().toISOString(),
        finishedAt: "",
        command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(" ")}` : ""}`,
        options,
        machine: machineInfo(),
    };

    const root = createBenchRoot();
    const started: BenchCluster[] = [];
    stopOnSignals(log, stopRunningPrograms);
    log(`${options.mode} run: ${options.parts.join(", ")}; clusters in ${root}`);
    try {
        if (options.parts.includes("tax")) {
            results.complianceTax = await runComplianceTax(options, root, started, log);
            await destroyBenchClusters(started);
        }
        if (options.parts.includes("rls")) {
            results.rls = await runRls(options, root, started, log);
            await destroyBenchClusters(started);
        }
        if (options.parts.includes("check")) {
            results.offlineCheck = await runOfflineCheck(options, root, log);
        }
        if (options.parts.includes("verify")) {
            results.verify = await runVerifyLatency(options, root, started, log);
            await destroyBenchClusters(started);
        }
        if (options.parts.includes("audit")) {
            results.auditPipeline = await runAuditPipeline(options, root, started, log);
            await destroyBenchClusters(started);
        }
    } finally {
        await destroyBenchClusters(started);
        fs.rmSync(root, { recursive: true, force: true });
    }
    results.finishedAt = new Date().toISOString();
    results.machine.loadAverageAtEnd = loadAverage();
    const markdown = renderMarkdown(results) + (results.auditPipeline ? "\n" + auditPipelineMarkdown(results.auditPipeline).join("\n") : "");
    const written = writeResults(repo, results, markdown);
    console.log(markdown);
    log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s; wrote ${written.join(", ")}`);
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e: unknown) => {
            console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
            process.exit(e instanceof BenchInterrupted ? 130 : 1);
        },
    );
}
