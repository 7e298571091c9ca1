import * as fs from "fs";
import * as path from "path";
import { Client, ClientConfig } from "pg";
import { DEFAULT_ADMIN_ROLES, DEFAULT_MASTER_USERNAME } from "../../components/catalog";
import { findPgBinDir } from "./pg-binaries";
import { ownByServer, runAsServer } from "./os-user";
import { renderHbaConf, renderPostgresqlConf } from "./postgres-conf";
import { readOrCreateSecret, readSecret, rolePasswordSecretName, secretsDir } from "./secrets";
import { ensureTlsCertificates, tlsFiles } from "./tls-certs";

export { findPgBinDir, PostgresNotInstalledError, INSTALL_PGAUDIT, INSTALL_POSTGRES } from "./pg-binaries";
export { renderHbaConf, renderPostgresqlConf, hardenedProfile, AUDIT_ROLE } from "./postgres-conf";

/** What cluster to create or use. */
export interface ClusterSpec {
    /** Root of the cluster's files: `pgdata/` (the cluster), `tls/` (CA and server certificate), `secrets/` (0600 passwords). */
    dataDir: string;
    /** TCP port on 127.0.0.1. */
    port: number;
    /** postgresql.conf overrides applied after the hardened profile (benchmarks, tamper tests). `port` always comes from `port`. */
    settings?: Record<string, string>;
    /** A test cluster: initdb --no-sync and fsync/synchronous_commit/full_page_writes off. Never for `local up`. Default false. */
    throwaway?: boolean;
}

/** A cluster's coordinates. Secrets are not in it: read them with `bootstrapPassword` / `localRolePassword`. */
export interface ClusterHandle {
    dataDir: string;
    pgdata: string;
    host: "127.0.0.1";
    port: number;
    /** The local CA certificate clients verify the server against (verify-full). */
    caFile: string;
    /** The superuser created by initdb, used only to apply the access model. */
    bootstrapUser: string;
}

/** The bootstrap superuser: the catalog's admin role name, so `verify` accepts it as a declared admin (HPG-ROLE-01). */
export const BOOTSTRAP_USER = DEFAULT_MASTER_USERNAME;
if (!DEFAULT_ADMIN_ROLES.includes(BOOTSTRAP_USER)) {
    throw new Error(`BOOTSTRAP_USER '${BOOTSTRAP_USER}' is not one of the catalog's DEFAULT_ADMIN_ROLES`);
}
const BOOTSTRAP_SECRET = "bootstrap.password";
/** How long `startCluster` waits for the server to accept a TLS login. */
const READY_TIMEOUT_MS = 60_000;

/** The handle of a cluster at `dataDir` without touching anything (for `status`, `down`, `url` on an existing cluster). */
export function clusterHandle(dataDir: string, port: number): ClusterHandle {
    const root = path.resolve(dataDir);
    return {
        dataDir: root,
        pgdata: path.join(root, "pgdata"),
        host: "127.0.0.1",
        port,
        caFile: tlsFiles(path.join(root, "tls")).caCert,
        bootstrapUser: BOOTSTRAP_USER,
    };
}

function isInitialised(h: ClusterHandle): boolean {
    return fs.existsSync(path.join(h.pgdata, "PG_VERSION"));
}

/**
 * Creates what is missing (initdb with a generated bootstrap password, the local CA and server certificate) and
 * rewrites postgresql.conf and pg_hba.conf from the hardened profile. Idempotent: an existing cluster, CA and password
 * are kept. A running cluster picks up the new configuration at the next `startCluster` (reload) or restart.
 */
export async function initCluster(spec: ClusterSpec): Promise<ClusterHandle> {
    if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65535) {
        throw new Error(`[port] must be an integer from 1 to 65535, got ${spec.port}`);
    }
    const binDir = findPgBinDir();
    const h = clusterHandle(spec.dataDir, spec.port);
    fs.mkdirSync(h.dataDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(h.dataDir, 0o700);
    ownByServer(h.dataDir);

    const password = readOrCreateSecret(h.dataDir, BOOTSTRAP_SECRET);

    const tlsDir = path.join(h.dataDir, "tls");
    const files = await ensureTlsCertificates(tlsDir);
    ownByServer(tlsDir, files.caCert, files.caKey, files.serverCert, files.serverKey);

    if (!isInitialised(h)) {
        if (fs.existsSync(h.pgdata) && fs.readdirSync(h.pgdata).length > 0) {
            throw new Error(`${h.pgdata} exists, is not empty and is not a PostgreSQL data directory; move it away or choose another data directory`);
        }
        // initdb reads the password as the server's OS user; the file lives only for the call.
        const pwfile = path.join(h.dataDir, ".initdb-password");
        fs.writeFileSync(pwfile, password + "\n", { mode: 0o600 });
        ownByServer(pwfile);
        try {
            const args = ["-D", h.pgdata, "-U", BOOTSTRAP_USER, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--data-checksums"];
            const r = await runAsServer(path.join(binDir, "initdb"), spec.throwaway ? [...args, "--no-sync"] : args, h.dataDir);
            if (r.code !== 0) {
                throw new Error(`initdb failed (exit ${r.code}) for ${h.pgdata}: ${r.stderr.trim()}. The server's OS user must be able to reach ${h.dataDir}.`);
            }
        } finally {
            fs.rmSync(pwfile, { force: true });
        }
    }

    const throwaway: Record<string, string> = spec.throwaway ? { fsync: "off", synchronous_commit: "off", full_page_writes: "off" } : {};
    writeServerFile(path.join(h.pgdata, "postgresql.conf"), renderPostgresqlConf({ ...throwaway, ...(spec.settings ?? {}), port: String(spec.port) }));
    writeServerFile(path.join(h.pgdata, "pg_hba.conf"), renderHbaConf());
    return h;
}

function writeServerFile(file: string, content: string): void {
    fs.writeFileSync(file, content, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    ownByServer(file);
}

async function pgCtl(h: ClusterHandle, args: string[]) {
    return runAsServer(path.join(findPgBinDir(), "pg_ctl"), [...args, "-D", h.pgdata], h.dataDir);
}

/** pg_ctl's own log for the time before the logging collector takes over. */
function startupLog(h: ClusterHandle): string {
    return path.join(h.dataDir, "startup.log");
}

/** Starts the cluster (or reloads its configuration if it runs) and waits until the bootstrap user can log in over TLS. */
export async function startCluster(h: ClusterHandle): Promise<void> {
    if (!isInitialised(h)) {
        throw new Error(`no cluster at ${h.pgdata}: run initCluster first`);
    }
    const status = await pgCtl(h, ["status"]);
    if (status.code === 0) {
        const reload = await pgCtl(h, ["reload", "-s"]);
        if (reload.code !== 0) {
            throw new Error(`pg_ctl reload failed: ${reload.stderr.trim()}`);
        }
    } else {
        const r = await pgCtl(h, ["start", "-w", "-t", String(READY_TIMEOUT_MS / 1000), "-s", "-l", startupLog(h)]);
        if (r.code !== 0) {
            throw new Error(`PostgreSQL did not start (pg_ctl exit ${r.code}): ${r.stderr.trim()}\n${serverLogTail(h)}`);
        }
    }
    await waitForTlsLogin(h);
}

async function waitForTlsLogin(h: ClusterHandle): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
        const client = new Client(clientConfig(h, h.bootstrapUser, bootstrapPassword(h)));
        try {
            await client.connect();
            await client.query("select 1");
            return;
        } catch (e) {
            if (Date.now() > deadline) {
                throw new Error(`PostgreSQL on 127.0.0.1:${h.port} does not accept TLS logins: ${(e as Error).message}\n${serverLogTail(h)}`);
            }
            await new Promise((r) => setTimeout(r, 200));
        } finally {
            await client.end().catch(() => undefined);
        }
    }
}

/** Stops the cluster (fast shutdown: open sessions are rolled back) and keeps its data. No-op when it is not running. */
export async function stopCluster(h: ClusterHandle): Promise<void> {
    if (!isInitialised(h) || (await pgCtl(h, ["status"])).code !== 0) {
        return;
    }
    const r = await pgCtl(h, ["stop", "-m", "fast", "-w", "-t", "60", "-s"]);
    if (r.code !== 0) {
        throw new Error(`pg_ctl stop failed (exit ${r.code}): ${r.stderr.trim()}`);
    }
}

/** Whether the cluster runs, its postmaster pid and, when a TLS login works, the server version. */
export async function clusterStatus(h: ClusterHandle): Promise<{ running: boolean; pid?: number; port: number; dataDir: string; serverVersion?: string }> {
    const base = { port: h.port, dataDir: h.dataDir };
    if (!isInitialised(h)) {
        return { running: false, ...base };
    }
    const r = await pgCtl(h, ["status"]);
    if (r.code !== 0) {
        return { running: false, ...base };
    }
    const pid = Number(/PID: (\d+)/.exec(r.stdout)?.[1]);
    let serverVersion: string | undefined;
    const client = new Client({ ...clientConfig(h, h.bootstrapUser, bootstrapPassword(h)), connectionTimeoutMillis: 5000 });
    try {
        await client.connect();
        serverVersion = (await client.query<{ server_version: string }>("show server_version")).rows[0].server_version;
    } catch {
        serverVersion = undefined;
    } finally {
        await client.end().catch(() => undefined);
    }
    return { running: true, ...(Number.isFinite(pid) ? { pid } : {}), ...base, ...(serverVersion ? { serverVersion } : {}) };
}

/** Stops the cluster and deletes `dataDir` with its data, certificates and secrets (tests). */
export async function destroyCluster(h: ClusterHandle): Promise<void> {
    await stopCluster(h);
    fs.rmSync(h.dataDir, { recursive: true, force: true });
}

/** The bootstrap superuser's password. Never log it. */
export function bootstrapPassword(h: ClusterHandle): string {
    const password = readSecret(h.dataDir, BOOTSTRAP_SECRET);
    if (password === undefined) {
        throw new Error(`no bootstrap password in ${secretsDir(h.dataDir)}: run initCluster first`);
    }
    return password;
}

/** A local login role's password, generated and stored 0600 in `<dataDir>/secrets` the first time. Never log it. */
export function localRolePassword(h: ClusterHandle, role: string): string {
    return readOrCreateSecret(h.dataDir, rolePasswordSecretName(role));
}

/** node-postgres settings for a TLS connection that verifies the server against the local CA (verify-full: IP SAN 127.0.0.1). */
export function clientConfig(h: ClusterHandle, user: string, password: string, database = "postgres"): ClientConfig {
    return {
        host: h.host,
        port: h.port,
        user,
        password,
        database,
        ssl: { ca: fs.readFileSync(h.caFile, "utf8"), rejectUnauthorized: true },
        connectionTimeoutMillis: 10_000,
    };
}

/** A libpq connection URI with sslmode=verify-full and the local CA; works with psql and node-postgres. */
export function connectionUrl(h: ClusterHandle, user: string, password: string, database = "postgres"): string {
    const enc = encodeURIComponent;
    return `postgresql://${enc(user)}:${enc(password)}@${h.host}:${h.port}/${enc(database)}?sslmode=verify-full&sslrootcert=${enc(h.caFile)}`;
}

/** The server's JSON log files (pgaudit and connection logs), oldest first. */
export function serverLogFiles(h: ClusterHandle): string[] {
    const dir = path.join(h.pgdata, "log");
    if (!fs.existsSync(dir)) {
        return [];
    }
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => path.join(dir, f));
}

/** The last lines of the startup log and the newest server log, for error messages. */
function serverLogTail(h: ClusterHandle): string {
    const files = [startupLog(h), ...serverLogFiles(h).slice(-1)].filter((f) => fs.existsSync(f));
    return files
        .map((f) => `--- ${f}\n${fs.readFileSync(f, "utf8").split("\n").slice(-15).join("\n")}`)
        .join("\n");
}
