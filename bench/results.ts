import { CaseComparison, PgbenchCase, ServerConfig } from "./compliance-configs";
import { MachineInfo } from "./machine-info";
import { BenchOptions } from "./options";
import { PgbenchSummary } from "./pgbench";
import { Distribution, Spread } from "./stats";

/** One pgbench round of a case, with the log volume it caused. */
export interface PgbenchRound extends PgbenchSummary {
    round: number;
    /** Bytes the server logged during the run (audit, statement and connection logs), per transaction. */
    logBytesPerTransaction: number;
}

export interface PgbenchCaseResult {
    case: PgbenchCase;
    rounds: PgbenchRound[];
    tps: Spread;
    latencyMs: Spread;
    logBytesPerTransaction: number;
    /** Median "average connection time" over rounds, ms, for cases with a connection per transaction. */
    connectionMs?: number;
}

export interface ComparisonResult extends CaseComparison {
    /** Median TPS of the numerator over median TPS of the denominator. */
    tpsRatio: number;
    /** Median latency of the numerator over median latency of the denominator. */
    latencyRatio: number;
    /** The two cases' TPS ranges over the rounds overlap: the difference is within round-to-round noise. Undefined with one round. */
    withinNoise?: boolean;
}

export interface ComplianceTaxResult {
    servers: ServerConfig[];
    cases: PgbenchCaseResult[];
    comparisons: ComparisonResult[];
}

/** How the tenant-scoped query reaches the tenant's rows. */
export type RlsAccess = "explicit-where" | "rls-wrapped" | "rls-unwrapped" | "rls-wrapped+where";
export type RlsQuery = "tenant-aggregate" | "row-by-id";

export interface RlsVariantResult {
    id: string;
    query: RlsQuery;
    access: RlsAccess;
    tenantIndex: boolean;
    samples: number;
    p50Ms: number;
    p95Ms: number;
    /** p50 over the explicit-WHERE p50 of the same query and index. */
    p50RatioToExplicitWhere: number;
    /** The plan's nodes, outermost first, e.g. "Aggregate > Bitmap Heap Scan > Bitmap Index Scan". */
    plan: string;
}

export interface RlsResult {
    rows: number;
    tenants: number;
    tenantIdType: string;
    /** The policy predicate as created (wrapped form), so readers see exactly what was measured. */
    policyPredicate: string;
    unwrappedPredicate: string;
    policySource: string;
    variants: RlsVariantResult[];
}

export interface OfflineCheckRun {
    databases: number;
    round: number;
    wallMs: number;
    peakRssKiB: number;
    exitCode: number;
    /** Resources the check reported it judged, when its JSON says so. */
    resourcesChecked?: number;
}

export interface OfflineCheckScale {
    databases: number;
    wallMs: Spread;
    peakRssMiB: Spread;
    /** Median wall time per database. */
    msPerDatabase: number;
    /** Extra wall time per database over the previous count: (t(N) − t(prev)) / (N − prev). */
    marginalMsPerDatabase?: number;
    marginalRssMiBPerDatabase?: number;
}

export type OfflineCheckResult =
    | { measured: true; command: string; peakMemoryMethod: string; runs: OfflineCheckRun[]; scales: OfflineCheckScale[] }
    | { measured: false; reason: string };

/** One way of running `verify`, timed run by run. */
export interface VerifyTiming {
    /** What was timed: `verifyServer(url)` (policies/live, in the bench's process) or `node bin/infra/cli/main.js verify --url <url>`. */
    command: string;
    /** Unrecorded runs before the timed ones. */
    warmupRuns: number;
    /** Wall time of each timed run, ms, in run order. */
    runsMs: number[];
    ms: Distribution;
}

export interface VerifyResult {
    database: string;
    /** The login role verify connected as (the model's auditor). */
    role: string;
    /** The URL's sslmode, and whether TLS proved which server answered. */
    sslMode: string;
    serverIdentityVerified: boolean;
    platform: string;
    /** Live controls each run judged. */
    controls: number;
    /** Every run, warm-ups included, passed every control: the bench stops rather than time a failing verify. */
    everyControlPassed: true;
    inProcess: VerifyTiming;
    cli: VerifyTiming;
}

export interface BenchResults {
    startedAt: string;
    finishedAt: string;
    command: string;
    options: BenchOptions;
    machine: MachineInfo;
    complianceTax?: ComplianceTaxResult;
    rls?: RlsResult;
    offlineCheck?: OfflineCheckResult;
    verify?: VerifyResult;
}
