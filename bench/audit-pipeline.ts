import * as fs from "fs";
import * as path from "path";
import { defaultDetectionSettings } from "../components/audit-trail/detections/settings";
import { LogEntry } from "../components/audit-trail/events";
import { auditLayout, ArchiveWriter, AuditLayout } from "../infra/local-twin/audit-archive";
import { startAuditShipper, stopAuditShipper } from "../infra/local-twin/audit-shipper";
import { ClusterHandle, initCluster, localRolePassword, startCluster, stopCluster } from "../infra/local-twin/cluster";
import { freePort } from "../infra/local-twin/free-port";
import { LOCAL_ACCESS_MODEL, LOCAL_DATABASE, provisionDatabase } from "../infra/local-twin/local-database";
import { findPgBinDir } from "../infra/local-twin/pg-binaries";
import { SAMPLE_TENANTS } from "../infra/local-twin/sample-schema";
import { analyze } from "../policies/audit/analyze";
import { ArchivedEntry, CHAIN_FILE } from "../policies/audit/archive-record";
import { attribute } from "../policies/audit/attribution";
import { parseLogText, pgauditRecordOf } from "../policies/audit/log-entries";
import { BenchCluster, libpqEnv } from "./bench-cluster";
import { runProgram } from "./child-programs";
import { throwIfInterrupted } from "./interruption";
import { BenchOptions } from "./options";
import { parsePgbenchSummary, PgbenchSummary } from "./pgbench";
import { roundOrder } from "./round-order";
import { median, rangesOverlap, spread, Spread } from "./stats";

/** The stages timed on the same bytes, each one the one before plus one step; the first is the practical limit. */
export const PIPELINE_STAGES = ["read + JSON.parse", "parse", "parse + attribute", "parse + attribute + detect", "parse + attribute + detect + archive", "parse, as RDS stderr"] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** One stage over the corpus: wall and CPU time per run, and the rates per CPU-second (one core: Node runs it on one thread). */
export interface StageResult {
    stage: PipelineStage;
    wallMs: Spread;
    cpuMs: Spread;
    /** pgaudit records per CPU-second, median run. */
    recordsPerCoreSecond: number;
    /** Corpus MB (10^6 bytes) per CPU-second, median run (the stderr stage: of the same entries written as RDS's stderr). */
    mbPerCoreSecond: number;
    /** This stage's MB per CPU-second over "read + JSON.parse"'s: 1 is the practical limit. */
    ratioToJsonParse: number;
}

export interface ThroughputResult {
    /** Where the corpus came from, and how often it was repeated to reach the size. */
    source: string;
    repeats: number;
    bytes: number;
    /** The same entries as RDS's stderr writes them (its prefix, TAB continuations, DETAIL/CONTEXT/STATEMENT lines). */
    stderrBytes: number;
    entries: number;
    pgauditRecords: number;
    /** Records the attribution gave a person. */
    attributed: number;
    alerts: number;
    runs: number;
    stages: StageResult[];
}

/** TPS of the same workload on two identical clusters but for the archive shipping. */
export interface ShippingTpsResult {
    workload: string;
    clients: number;
    threads: number;
    seconds: number;
    rounds: Array<{ round: number; on: PgbenchSummary; off: PgbenchSummary }>;
    on: Spread;
    off: Spread;
    /** Median TPS with shipping over median TPS without. */
    tpsRatio: number;
    /** The TPS ranges over the rounds overlap. Undefined with one round. */
    withinNoise?: boolean;
    /** Entries the server wrote while shipping was on, and records the archive holds once the shipper's last pass ran. */
    loggedEntries: number;
    archivedRecords: number;
}

export interface AuditPipelineResult {
    throughput: ThroughputResult;
    tps: ShippingTpsResult;
}

/** The person and tenant each transaction acts for: one of 1000 invented people in the first sample tenant. */
const PEOPLE = 1000;

/**
 * The application's transaction as `withActor` runs it (HPG-AUD-07): the actor first, then a PHI read (an OBJECT READ
 * record through the audit role) and a PHI write (a WRITE record), then COMMIT, which writes the context's close.
 */
export function auditWorkloadScript(schema = "app", tenant: string = SAMPLE_TENANTS[0]): string {
    return [
        `\\set person random(1, ${PEOPLE})`,
        "BEGIN;",
        `SELECT hpg.set_actor('clinician-' || :person, '${tenant}');`,
        `SELECT full_name, diagnosis FROM ${schema}.patients ORDER BY id LIMIT 1;`,
        `INSERT INTO ${schema}.appointments (tenant_id, patient_id, scheduled_at, notes) SELECT tenant_id, id, now(), 'bench visit ' || :person FROM ${schema}.patients ORDER BY id LIMIT 1;`,
        "COMMIT;",
        "",
    ].join("\n");
}

/** The text `times` times over: a corpus of a given size from a real server's log (whole lines, so still valid jsonlog). */
export function repeatCorpus(text: string, minBytes: number): { text: string; repeats: number } {
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes === 0) {
        throw new Error("the server wrote no log to build the corpus from");
    }
    if (!text.endsWith("\n")) {
        throw new Error("the corpus must end with a complete line");
    }
    const repeats = Math.max(1, Math.ceil(minBytes / bytes));
    return { text: text.repeat(repeats), repeats };
}

/** An entry as the shipper archives it: its bytes in the file instead of its line (infra/local-twin/audit-shipper). */
function archived(entries: LogEntry[], text: string, file: string): ArchivedEntry[] {
    const starts = [0];
    const bytes = Buffer.from(text, "utf8");
    for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) {
        starts.push(i + 1);
    }
    return entries.map(({ source, ...rest }) => ({ ...rest, source: { file, offset: starts[source.line - 1], length: Buffer.byteLength(rest.raw, "utf8") } }));
}

/** What one stage computes over the corpus file; returns the counts it saw so stages can be checked against each other. */
function runStage(stage: PipelineStage, corpusFile: string, archiveDir: string): { entries: number; records: number; attributed: number; alerts: number } {
    if (stage === "parse, as RDS stderr") {
        const entries = parseLogText(fs.readFileSync(stderrCorpusOf(corpusFile), "utf8"), "stderr", "postgresql.log");
        return { entries: entries.length, records: entries.filter((e) => pgauditRecordOf(e) !== undefined).length, attributed: 0, alerts: 0 };
    }
    const text = fs.readFileSync(corpusFile, "utf8");
    if (stage === "read + JSON.parse") {
        let entries = 0;
        let records = 0;
        for (const line of text.split("\n")) {
            if (line !== "") {
                const o = JSON.parse(line) as { message?: string };
                entries++;
                if (o.message?.startsWith("AUDIT: ")) records++;
            }
        }
        return { entries, records, attributed: 0, alerts: 0 };
    }
    const file = path.basename(corpusFile);
    const entries = parseLogText(text, "jsonlog", file);
    if (stage === "parse") {
        return { entries: entries.length, records: entries.filter((e) => pgauditRecordOf(e) !== undefined).length, attributed: 0, alerts: 0 };
    }
    if (stage === "parse + attribute") {
        const events = attribute(entries);
        return { entries: entries.length, records: events.length, attributed: events.filter((e) => e.actor).length, alerts: 0 };
    }
    const period = { since: new Date(entries[0].time), until: new Date(entries[entries.length - 1].time) };
    const { events, alerts } = analyze(entries, defaultDetectionSettings(), period);
    if (stage === "parse + attribute + detect + archive") {
        // measureThroughput removed the last run's archive before the clock started: deleting it is not archiving.
        fs.mkdirSync(archiveDir, { recursive: true });
        const writer = ArchiveWriter.open(archiveDir);
        try {
            writer.append(archived(entries, text, file));
        } finally {
            writer.close();
        }
    }
    return { entries: entries.length, records: events.length, attributed: events.filter((e) => e.actor).length, alerts: alerts.length };
}

/** Where the stderr rendering of a corpus is written. */
function stderrCorpusOf(corpusFile: string): string {
    return corpusFile.replace(/\.json$/, "") + ".log";
}

/**
 * Entries as RDS's stderr writes them: `%t:%r:%u@%d:[%p]:` (whole seconds; `[unknown]` before authentication, empty
 * for background processes), newlines in a message followed by a TAB, then DETAIL, CONTEXT and STATEMENT lines.
 */
export function asRdsStderr(entries: LogEntry[]): string {
    const out: string[] = [];
    for (const e of entries) {
        const t = `${e.time.slice(0, 10)} ${e.time.slice(11, 19)} UTC`;
        const remote = e.remoteHost !== undefined ? `${e.remoteHost}(${e.remotePort ?? ""})` : "";
        const who = e.user === undefined && e.database === undefined && e.remoteHost === undefined ? "@" : `${e.user ?? "[unknown]"}@${e.database ?? "[unknown]"}`;
        const prefix = `${t}:${remote}:${who}:[${e.pid}]:`;
        const line = (severity: string, text: string) => out.push(`${prefix}${severity}:  ${text.replace(/\n/g, "\n\t")}`);
        line(e.severity, e.message);
        if (e.detail !== undefined) line("DETAIL", e.detail);
        if (e.context !== undefined) line("CONTEXT", e.context);
        if (e.statement !== undefined) line("STATEMENT", e.statement);
    }
    return out.join("\n") + "\n";
}

/**
 * Times every stage `runs` times over the corpus file, the stages interleaved and rotated per run. CPU time is the
 * process's (user + system), so "per core" counts what the work cost, whatever else the machine was doing.
 */
export function measureThroughput(corpusFile: string, workDir: string, runs: number, source: string, repeats: number): ThroughputResult {
    const bytes = fs.statSync(corpusFile).size;
    fs.writeFileSync(stderrCorpusOf(corpusFile), asRdsStderr(parseLogText(fs.readFileSync(corpusFile, "utf8"), "jsonlog", path.basename(corpusFile))));
    const stderrBytes = fs.statSync(stderrCorpusOf(corpusFile)).size;
    const wall = new Map<PipelineStage, number[]>(PIPELINE_STAGES.map((s) => [s, []]));
    const cpu = new Map<PipelineStage, number[]>(PIPELINE_STAGES.map((s) => [s, []]));
    const seen = new Map<PipelineStage, ReturnType<typeof runStage>>();
    // One unrecorded pass of every stage: the file in the page cache, the code compiled.
    for (const stage of PIPELINE_STAGES) {
        fs.rmSync(path.join(workDir, "archive"), { recursive: true, force: true });
        seen.set(stage, runStage(stage, corpusFile, path.join(workDir, "archive")));
    }
    for (let run = 0; run < runs; run++) {
        for (const stage of roundOrder(PIPELINE_STAGES, run, runs)) {
            throwIfInterrupted();
            fs.rmSync(path.join(workDir, "archive"), { recursive: true, force: true });
            const c0 = process.cpuUsage();
            const t0 = process.hrtime.bigint();
            runStage(stage, corpusFile, path.join(workDir, "archive"));
            wall.get(stage)!.push(Number(process.hrtime.bigint() - t0) / 1e6);
            const c = process.cpuUsage(c0);
            cpu.get(stage)!.push((c.user + c.system) / 1000);
        }
    }
    fs.rmSync(path.join(workDir, "archive"), { recursive: true, force: true });
    const full = seen.get("parse + attribute + detect + archive")!;
    const limit = seen.get("read + JSON.parse")!;
    if (limit.entries !== full.entries || limit.records !== full.records) {
        throw new Error(`the stages saw different corpora: JSON.parse counted ${limit.entries} entries and ${limit.records} records, the pipeline ${full.entries} and ${full.records}`);
    }
    if (seen.get("parse, as RDS stderr")!.records !== full.records) {
        throw new Error(`the stderr rendering holds ${seen.get("parse, as RDS stderr")!.records} records, the jsonlog ${full.records}`);
    }
    fs.rmSync(stderrCorpusOf(corpusFile), { force: true });
    const baselineMbPerCoreSecond = bytes / 1e6 / (median(cpu.get("read + JSON.parse")!) / 1000);
    const stages = PIPELINE_STAGES.map((stage): StageResult => {
        const cpuMedianS = median(cpu.get(stage)!) / 1000;
        const mbPerCoreSecond = (stage === "parse, as RDS stderr" ? stderrBytes : bytes) / 1e6 / cpuMedianS;
        return {
            stage,
            wallMs: spread(wall.get(stage)!),
            cpuMs: spread(cpu.get(stage)!),
            recordsPerCoreSecond: full.records / cpuMedianS,
            mbPerCoreSecond,
            ratioToJsonParse: mbPerCoreSecond / baselineMbPerCoreSecond,
        };
    });
    return { source, repeats, bytes, stderrBytes, entries: full.entries, pgauditRecords: full.records, attributed: full.attributed, alerts: full.alerts, runs, stages };
}

/** Starts a durable hardened cluster (as `local up` makes it, with or without the audit layout) and provisions the sample database. */
async function startProvisioned(root: string, name: string, audit: AuditLayout | undefined, started: BenchCluster[]): Promise<BenchCluster> {
    throwIfInterrupted();
    const handle = await initCluster({ dataDir: path.join(root, name), port: await freePort(), auditDir: audit?.auditDir });
    const cluster: BenchCluster = { name, handle, settings: {}, acceptsPlaintext: false };
    started.push(cluster);
    await startCluster(handle);
    await provisionDatabase(handle, LOCAL_DATABASE, LOCAL_ACCESS_MODEL);
    return cluster;
}

/** pgbench running the workload script as the app role over verify-full TLS; nothing but the role's password from the environment. */
async function runWorkload(cluster: BenchCluster, scriptFile: string, options: BenchOptions, seconds: number): Promise<PgbenchSummary> {
    const h: ClusterHandle = cluster.handle;
    const env = { ...libpqEnv(cluster, "tls", LOCAL_DATABASE), PGUSER: "svc_api", PGPASSWORD: localRolePassword(h, "svc_api") };
    // -n: the workload's tables are not pgbench's, there is nothing of pgbench's to vacuum.
    const args = ["-n", "-f", scriptFile, "-M", "simple", "-c", String(options.clients), "-j", String(options.threads), "-T", String(seconds)];
    const r = await runProgram(path.join(findPgBinDir(), "pgbench"), args, { env, timeoutMs: (seconds + 120) * 1000 });
    if (r.code !== 0) {
        throw new Error(`pgbench ${args.join(" ")} on ${cluster.name} failed (exit ${r.code}): ${r.stderr.trim().split("\n").slice(-5).join("\n")}`);
    }
    const summary = parsePgbenchSummary(r.stdout);
    if (summary.failedTransactions > 0) {
        throw new Error(`pgbench on ${cluster.name}: ${summary.failedTransactions} transactions failed; the bench does not time a failing workload`);
    }
    return summary;
}

/** The server's jsonlog text in `logDir`, all files in order. */
function jsonLogText(logDir: string): string {
    return fs
        .readdirSync(logDir)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => fs.readFileSync(path.join(logDir, f), "utf8"))
        .join("");
}

/**
 * Part 5: the audit pipeline. Two identical clusters provisioned as `local up` does, one logging into an audit layout
 * whose shipper runs in the background (the twin's archive), one without; the same acting-person workload on each,
 * in turn, per round. Then the throughput of parse, attribution, detection and archiving over what the shipping
 * cluster's server wrote, against reading and JSON-parsing the same bytes.
 */
export async function runAuditPipeline(options: BenchOptions, root: string, started: BenchCluster[], log: (line: string) => void): Promise<AuditPipelineResult> {
    const layout = auditLayout(path.join(root, "audit-shipping"));
    log("audit: starting two clusters provisioned as `local up` does, one shipping its audit log to the archive");
    const on = await startProvisioned(root, "audit-on", layout, started);
    const off = await startProvisioned(root, "audit-off", undefined, started);
    const scriptFile = path.join(root, "audit-workload.sql");
    fs.writeFileSync(scriptFile, auditWorkloadScript(), { mode: 0o644 });
    await startAuditShipper(layout);
    const rounds: ShippingTpsResult["rounds"] = [];
    try {
        if (options.warmupSeconds > 0) {
            for (const c of [on, off]) await runWorkload(c, scriptFile, options, options.warmupSeconds);
        }
        for (let round = 0; round < options.rounds; round++) {
            const result: Partial<Record<"on" | "off", PgbenchSummary>> = {};
            for (const which of roundOrder(["on", "off"] as const, round, options.rounds)) {
                log(`audit: round ${round + 1}/${options.rounds}, shipping ${which}, ${options.pgbenchSeconds} s`);
                result[which] = await runWorkload(which === "on" ? on : off, scriptFile, options, options.pgbenchSeconds);
            }
            rounds.push({ round: round + 1, on: result.on!, off: result.off! });
        }
    } finally {
        // As `local down` does: the server first, then the shipper, whose last pass ships what the server wrote last.
        await stopCluster(on.handle).catch(() => undefined);
        await stopAuditShipper(layout);
    }
    const logText = jsonLogText(layout.logDir);
    const loggedEntries = parseLogText(logText, "jsonlog", "log").length;
    const archivedRecords = fs.readFileSync(path.join(layout.archiveDir, CHAIN_FILE), "utf8").split("\n").filter((l) => l !== "").length;
    const onTps = spread(rounds.map((r) => r.on.tps));
    const offTps = spread(rounds.map((r) => r.off.tps));
    const tps: ShippingTpsResult = {
        workload: "BEGIN; hpg.set_actor; SELECT a PHI row; INSERT an appointment; COMMIT (svc_api, TLS)",
        clients: options.clients,
        threads: options.threads,
        seconds: options.pgbenchSeconds,
        rounds,
        on: onTps,
        off: offTps,
        tpsRatio: onTps.median / offTps.median,
        ...(rounds.length > 1 ? { withinNoise: rangesOverlap(onTps, offTps) } : {}),
        loggedEntries,
        archivedRecords,
    };

    log(`audit: throughput over the shipping server's log (${options.auditCorpusMiB} MiB at least)`);
    const workDir = path.join(root, "audit-throughput");
    fs.mkdirSync(workDir, { recursive: true });
    const corpus = repeatCorpus(logText, options.auditCorpusMiB * 1024 * 1024);
    const corpusFile = path.join(workDir, "corpus.json");
    fs.writeFileSync(corpusFile, corpus.text);
    const throughput = measureThroughput(corpusFile, workDir, Math.max(3, options.rounds), "the shipping cluster's jsonlog from the TPS runs", corpus.repeats);
    fs.rmSync(workDir, { recursive: true, force: true });
    return { throughput, tps };
}

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");

/** The part's section of the bench report. */
export function auditPipelineMarkdown(r: AuditPipelineResult): string[] {
    const t = r.throughput;
    const s = r.tps;
    const percent = (x: number) => `${x >= 1 ? "+" : "−"}${Math.abs(Math.round((x - 1) * 100))}%`;
    return [
        "## 5. The audit pipeline",
        "",
        `Throughput over ${fixed(t.bytes / 1e6, 1)} MB of jsonlog (${t.source}${t.repeats > 1 ? `, repeated ${t.repeats} times` : ""}): ${t.entries} entries, ${t.pgauditRecords} pgaudit records, ` +
            `${t.attributed} attributed to a person, ${t.alerts} alerts. Each stage is the one before plus one step, run ${t.runs} times interleaved; ` +
            "rates are per CPU-second of the process (one core: Node runs it on one thread), medians over runs. “read + JSON.parse” is the practical limit: Node reading the same bytes and parsing each line. " +
            `“parse, as RDS stderr” parses the same entries written as RDS's stderr (${fixed(t.stderrBytes / 1e6, 1)} MB: its prefix, TAB continuations, CONTEXT and STATEMENT lines), the form CloudWatch holds.`,
        "",
        "| Stage | Wall ms | CPU ms | Records/s per core | MB/s per core | vs read + JSON.parse |",
        "|---|---|---|---|---|---|",
        ...t.stages.map((x) => `| ${x.stage} | ${fixed(x.wallMs.median, 0)} | ${fixed(x.cpuMs.median, 0)} | ${fixed(x.recordsPerCoreSecond, 0)} | ${fixed(x.mbPerCoreSecond, 1)} | ${fixed(x.ratioToJsonParse, 2)} |`),
        "",
        `TPS with the archive shipping on and off, in the same run: two clusters provisioned as \`local up\` does, one logging into the audit layout with its shipper running (a pass a second: parse, hash-chain, fsync). ` +
            `Workload: ${s.workload}; pgbench ${s.clients} clients, ${s.threads} threads, ${s.seconds} s per run, ${s.rounds.length} round(s), order rotated per round.`,
        "",
        "| Shipping | TPS median (min–max) |",
        "|---|---|",
        `| on | ${fixed(s.on.median, 0)} (${fixed(s.on.min, 0)}–${fixed(s.on.max, 0)}) |`,
        `| off | ${fixed(s.off.median, 0)} (${fixed(s.off.min, 0)}–${fixed(s.off.max, 0)}) |`,
        "",
        `TPS ratio on/off: ${fixed(s.tpsRatio, 2)} (${percent(s.tpsRatio)}); within noise: ${s.withinNoise === undefined ? "n/a (1 round)" : s.withinNoise ? "yes" : "no"}. ` +
            `The archive holds ${s.archivedRecords} records for the ${s.loggedEntries} entries the server wrote${s.archivedRecords === s.loggedEntries ? " (every one)" : ""}.`,
        "",
    ];
}
