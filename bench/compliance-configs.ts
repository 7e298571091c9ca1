import { PgbenchProtocol, PgbenchWorkload } from "./pgbench";
import { Transport } from "./bench-cluster";

/** The server configurations of part 1; each runs as its own cluster, started once and measured in turn. */
export type ServerConfigId = "a" | "b" | "c" | "b-text-log" | "b-no-collector";

export interface ServerConfig {
    id: ServerConfigId;
    label: string;
    /** postgresql.conf overrides on top of the hardened profile (`initCluster`'s `settings`). TLS stays on in every one. */
    settings: Record<string, string>;
    /** Only the baseline also accepts plaintext, so TLS can be measured against the same server without it. */
    acceptsPlaintext: boolean;
}

export const SERVER_CONFIGS: readonly ServerConfig[] = [
    {
        id: "a",
        label: "a) TLS-only baseline",
        // Nothing preloaded, so neither pgaudit nor pg_stat_statements runs; no statement or connection logging.
        settings: { shared_preload_libraries: "", "pgaudit.log": "none", log_connections: "off", log_disconnections: "off" },
        acceptsPlaintext: true,
    },
    { id: "b", label: "b) our profile", settings: {}, acceptsPlaintext: false },
    {
        id: "c",
        label: "c) naive compliance",
        settings: { log_statement: "all", "pgaudit.log": "all", "pgaudit.log_parameter": "on" },
        acceptsPlaintext: false,
    },
    // Candidates that need their own server: the log destination and the collector are not per-session settings.
    { id: "b-text-log", label: "b with plain-text log files (collector, stderr format)", settings: { log_destination: "stderr" }, acceptsPlaintext: false },
    {
        id: "b-no-collector",
        label: "b without the logging collector (stderr to pg_ctl's file)",
        settings: { logging_collector: "off", log_destination: "stderr" },
        acceptsPlaintext: false,
    },
];

/** Why a case is measured; the report has one table per purpose. */
export type CasePurpose = "tax" | "transport" | "candidate";

/** One pgbench measurement, repeated once per round. */
export interface PgbenchCase {
    id: string;
    purpose: CasePurpose;
    server: ServerConfigId;
    label: string;
    workload: PgbenchWorkload;
    protocol: PgbenchProtocol;
    transport: Transport;
    connectionPerTransaction: boolean;
    /** Per-session settings (PGOPTIONS) for candidates that pgaudit lets a superuser set at login. */
    serverOptions?: string;
}

const steady = { protocol: "simple", transport: "tls", connectionPerTransaction: false } as const;

/** Every case, in the order each round takes them (a, b, c next to each other, so they share the machine's state). */
export const PGBENCH_CASES: readonly PgbenchCase[] = [
    { id: "tpcb-a", purpose: "tax", server: "a", label: "a) TLS-only baseline", workload: "tpcb-like", ...steady },
    { id: "tpcb-b", purpose: "tax", server: "b", label: "b) our profile", workload: "tpcb-like", ...steady },
    { id: "tpcb-c", purpose: "tax", server: "c", label: "c) naive compliance", workload: "tpcb-like", ...steady },
    { id: "select-a", purpose: "tax", server: "a", label: "a) TLS-only baseline", workload: "select-only", ...steady },
    { id: "select-b", purpose: "tax", server: "b", label: "b) our profile", workload: "select-only", ...steady },
    { id: "select-c", purpose: "tax", server: "c", label: "c) naive compliance", workload: "select-only", ...steady },
    { id: "select-a-plaintext", purpose: "transport", server: "a", label: "a, plaintext", workload: "select-only", ...steady, transport: "plaintext" },
    { id: "connect-a", purpose: "transport", server: "a", label: "a, TLS, new connection per transaction", workload: "select-only", ...steady, connectionPerTransaction: true },
    {
        id: "connect-a-plaintext",
        purpose: "transport",
        server: "a",
        label: "a, plaintext, new connection per transaction",
        workload: "select-only",
        ...steady,
        transport: "plaintext",
        connectionPerTransaction: true,
    },
    { id: "connect-b", purpose: "transport", server: "b", label: "b, TLS, new connection per transaction", workload: "select-only", ...steady, connectionPerTransaction: true },
    { id: "tpcb-b-statement-once", purpose: "candidate", server: "b", label: "b + pgaudit.log_statement_once=on", workload: "tpcb-like", ...steady, serverOptions: "-c pgaudit.log_statement_once=on" },
    { id: "tpcb-b-log-relation", purpose: "candidate", server: "b", label: "b + pgaudit.log_relation=on", workload: "tpcb-like", ...steady, serverOptions: "-c pgaudit.log_relation=on" },
    { id: "tpcb-b-no-log-catalog", purpose: "candidate", server: "b", label: "b + pgaudit.log_catalog=off", workload: "tpcb-like", ...steady, serverOptions: "-c pgaudit.log_catalog=off" },
    { id: "tpcb-b-text-log", purpose: "candidate", server: "b-text-log", label: "b, plain-text log (collector)", workload: "tpcb-like", ...steady },
    { id: "tpcb-b-no-collector", purpose: "candidate", server: "b-no-collector", label: "b, stderr without collector", workload: "tpcb-like", ...steady },
    { id: "tpcb-a-prepared", purpose: "candidate", server: "a", label: "a, prepared statements (-M prepared)", workload: "tpcb-like", ...steady, protocol: "prepared" },
    { id: "tpcb-b-prepared", purpose: "candidate", server: "b", label: "b, prepared statements (-M prepared)", workload: "tpcb-like", ...steady, protocol: "prepared" },
];

/** A ratio the report prints: numerator case over denominator case, TPS and latency. */
export interface CaseComparison {
    purpose: CasePurpose;
    label: string;
    numerator: string;
    denominator: string;
}

export const CASE_COMPARISONS: readonly CaseComparison[] = [
    { purpose: "tax", label: "tpcb-like b/a", numerator: "tpcb-b", denominator: "tpcb-a" },
    { purpose: "tax", label: "tpcb-like c/a", numerator: "tpcb-c", denominator: "tpcb-a" },
    { purpose: "tax", label: "select-only b/a", numerator: "select-b", denominator: "select-a" },
    { purpose: "tax", label: "select-only c/a", numerator: "select-c", denominator: "select-a" },
    { purpose: "transport", label: "TLS/plaintext, select-only, persistent connections", numerator: "select-a", denominator: "select-a-plaintext" },
    { purpose: "transport", label: "TLS/plaintext, select-only, a connection per transaction", numerator: "connect-a", denominator: "connect-a-plaintext" },
    { purpose: "transport", label: "connection logging + preload (b/a), a TLS connection per transaction", numerator: "connect-b", denominator: "connect-a" },
    { purpose: "candidate", label: "pgaudit.log_statement_once=on vs b", numerator: "tpcb-b-statement-once", denominator: "tpcb-b" },
    { purpose: "candidate", label: "pgaudit.log_relation=on vs b", numerator: "tpcb-b-log-relation", denominator: "tpcb-b" },
    { purpose: "candidate", label: "pgaudit.log_catalog=off vs b", numerator: "tpcb-b-no-log-catalog", denominator: "tpcb-b" },
    { purpose: "candidate", label: "plain-text log vs JSON log (b)", numerator: "tpcb-b-text-log", denominator: "tpcb-b" },
    { purpose: "candidate", label: "stderr without collector vs collector (b)", numerator: "tpcb-b-no-collector", denominator: "tpcb-b" },
    { purpose: "candidate", label: "prepared vs simple protocol, a", numerator: "tpcb-a-prepared", denominator: "tpcb-a" },
    { purpose: "candidate", label: "prepared vs simple protocol, b", numerator: "tpcb-b-prepared", denominator: "tpcb-b" },
    { purpose: "candidate", label: "tpcb-like b/a with prepared statements", numerator: "tpcb-b-prepared", denominator: "tpcb-a-prepared" },
];
