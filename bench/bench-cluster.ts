import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bootstrapPassword, ClusterHandle, destroyCluster, initCluster, startCluster } from "../infra/local-twin/cluster";
import { ownByServer } from "../infra/local-twin/os-user";
import { renderHbaConf } from "../infra/local-twin/postgres-conf";
import { throwIfInterrupted } from "./interruption";
import { freePort } from "../infra/local-twin/free-port";

/** A cluster the bench started: the library's hardened cluster, with the bench's settings overrides. */
export interface BenchCluster {
    name: string;
    handle: ClusterHandle;
    /** The settings applied after the hardened profile. */
    settings: Record<string, string>;
    /** Whether pg_hba.conf also accepts plaintext from loopback (the TLS-vs-plaintext measurement only). */
    acceptsPlaintext: boolean;
}

/** How a client reaches the server: TLS verified against the local CA (verify-full), or plaintext. */
export type Transport = "tls" | "plaintext";

/**
 * A fresh directory for this run's clusters and programs. 0711: the server runs as the `postgres` OS user when we are
 * root and must be able to pass through it to its own data directory.
 */
export function createBenchRoot(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-bench-"));
    fs.chmodSync(root, 0o711);
    return root;
}

/**
 * The library's pg_hba.conf plus one `hostnossl` line for loopback. Bench-only: the product never accepts plaintext
 * (HPG-TLS-01); this exists so the cost of TLS can be measured against the same server without it.
 */
export function plaintextBenchHbaConf(): string {
    return (
        renderHbaConf() +
        ["# Bench only (bench/bench-cluster.ts): plaintext from loopback, to measure what TLS costs.", "hostnossl  all  all  127.0.0.1/32  scram-sha-256", ""].join("\n")
    );
}

/**
 * Creates and starts a durable cluster (fsync and synchronous_commit as in production) in `<root>/<name>`, and
 * registers it in `started` before starting it, so the caller's `finally` removes it even when the start fails.
 */
export async function startBenchCluster(
    root: string,
    name: string,
    settings: Record<string, string>,
    options: { acceptsPlaintext: boolean; started: BenchCluster[] },
): Promise<BenchCluster> {
    throwIfInterrupted();
    const handle = await initCluster({ dataDir: path.join(root, name), port: await freePort(), settings });
    const cluster: BenchCluster = { name, handle, settings, acceptsPlaintext: options.acceptsPlaintext };
    options.started.push(cluster);
    if (options.acceptsPlaintext) {
        const hba = path.join(handle.pgdata, "pg_hba.conf");
        fs.writeFileSync(hba, plaintextBenchHbaConf(), { mode: 0o600 });
        ownByServer(hba);
    }
    await startCluster(handle);
    return cluster;
}

/** Stops and removes every cluster in `started` (emptying it); reports, without throwing, what it could not remove. */
export async function destroyBenchClusters(started: BenchCluster[]): Promise<void> {
    for (const cluster of started.splice(0)) {
        await destroyCluster(cluster.handle).catch((e: unknown) => {
            console.error(`bench: could not remove cluster ${cluster.name} at ${cluster.handle.dataDir}: ${(e as Error).message}`);
        });
    }
}

/** Environment for libpq programs (pgbench, psql) as the bootstrap user; nothing is inherited from the caller's PG* variables. */
export function libpqEnv(cluster: BenchCluster, transport: Transport, database: string, serverOptions?: string): NodeJS.ProcessEnv {
    if (transport === "plaintext" && !cluster.acceptsPlaintext) {
        throw new Error(`cluster ${cluster.name} accepts TLS only; plaintext is measured on the cluster that allows it`);
    }
    return {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LC_ALL: "C",
        PGHOST: cluster.handle.host,
        PGPORT: String(cluster.handle.port),
        PGUSER: cluster.handle.bootstrapUser,
        PGPASSWORD: bootstrapPassword(cluster.handle),
        PGDATABASE: database,
        PGSSLMODE: transport === "tls" ? "verify-full" : "disable",
        PGSSLROOTCERT: cluster.handle.caFile,
        PGCONNECT_TIMEOUT: "10",
        PGAPPNAME: "hpg-bench",
        ...(serverOptions ? { PGOPTIONS: serverOptions } : {}),
    };
}

/** Bytes the server has written to its logs so far: the collector's files and pg_ctl's file (stderr without a collector). */
export function serverLogBytes(cluster: BenchCluster): number {
    const logDir = path.join(cluster.handle.pgdata, "log");
    const files = fs.existsSync(logDir) ? fs.readdirSync(logDir).map((f) => path.join(logDir, f)) : [];
    files.push(path.join(cluster.handle.dataDir, "startup.log"));
    return files.reduce((sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}
