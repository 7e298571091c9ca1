import * as fs from "fs";
import * as path from "path";
import { Client, ClientConfig } from "pg";
import { DEFAULT_ADMIN_ROLES, DEFAULT_MASTER_USERNAME } from "../../components/catalog";
import { auditLayout, AuditLayout, auditLogSettings, prepareAuditDirs } from "./audit-archive";
import { DirectoryRole, ensureWritableDir, explainingFileErrors } from "./file-errors";
import { LocalTwinError } from "./local-twin-error";
import { findPgBinDir } from "./pg-binaries";
import { firstDirServerCannotTraverse, ownByServer, runAsServer, SERVER_OS_USER } from "./os-user";
import { renderHbaConf, renderPostgresqlConf } from "./postgres-conf";
import { DEFAULT_STATE_ROOT } from "./server-dir";
import { readOrCreateSecret, readSecret, rolePasswordSecretName, secretsDir } from "./secrets";
import { entriesSince, LogMark, markLogs, startFailureReason } from "./start-failure";
import { ensureTlsCertificates, tlsFiles } from "./tls-certs";

export { findPgBinDir, PostgresNotInstalledError, INSTALL_PGAUDIT, INSTALL_POSTGRES } from "./pg-binaries";
export { LocalTwinError } from "./local-twin-error";
export { LocalFileError } from "./file-errors";
export { renderHbaConf, renderPostgresqlConf, hardenedProfile, AUDIT_ROLE } from "./postgres-conf";

/** What cluster to create or use. */
export interface ClusterSpec {
    /** What the caller reads: `secrets/` (0600 passwords) and `tls/` (the CA clients verify the server with). Created 0700. */
    dataDir: string;
    /**
     * What the server reads and writes, owned by the server's OS user (0700): `pgdata/`, `tls/` (its certificate and
     * key), `startup.log`. It and its parents must be traversable by that user. Default `dataDir` (one directory).
     */
    serverDir?: string;
    /** TCP port on 127.0.0.1. */
    port: number;
    /** postgresql.conf overrides applied after the hardened profile (benchmarks, tamper tests). `port` always comes from `port`. */
    settings?: Record<string, string>;
    /** A test cluster: initdb --no-sync and fsync/synchronous_commit/full_page_writes off. Never for `local up`. Default false. */
    throwaway?: boolean;
    /**
     * Ship the audit trail to an archive outside the server's reach (audit-archive.ts): the server logs into
     * `<auditDir>/log` (group hpg-audit, 0640) and the shipper appends to `<auditDir>/archive`. Default: the log stays in
     * `<pgdata>/log` and nothing is archived.
     */
    auditDir?: string;
    /** Tests only: `hostssl … scram-sha-256` lines appended to pg_hba.conf (e.g. a client bound to 127.0.0.2). Default none. */
    extraHbaLines?: string[];
}

/** A cluster's coordinates. Secrets are not in it: read them with `bootstrapPassword` / `localRolePassword`. */
export interface ClusterHandle {
    dataDir: string;
    /** The server's own files: `dataDir` itself, or a directory of their own (see `ClusterSpec.serverDir`). */
    serverDir: string;
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
export function clusterHandle(dataDir: string, port: number, serverDir: string = dataDir): ClusterHandle {
    const root = path.resolve(dataDir);
    const server = path.resolve(serverDir);
    return {
        dataDir: root,
        serverDir: server,
        pgdata: path.join(server, "pgdata"),
        host: "127.0.0.1",
        port,
        caFile: tlsFiles(path.join(root, "tls")).caCert,
        bootstrapUser: BOOTSTRAP_USER,
    };
}

export function isInitialised(h: ClusterHandle): boolean {
    return fs.existsSync(path.join(h.pgdata, "PG_VERSION"));
}

/** The server cannot reach its own directory: a parent is not traversable by its OS user. */
export class ServerDirUnreachableError extends LocalTwinError {}

/** How messages name the two directories and how to choose others. */
export const DATA_DIR_ROLE: DirectoryRole = { what: "the local cluster's data directory", chosenWith: "--data-dir (or HPG_LOCAL_DATA_DIR)" };
const SERVER_DIR_ROLE: DirectoryRole = { what: "the server's directory", chosenWith: "HPG_LOCAL_STATE_DIR" };

/**
 * Creates the data directory (0700, ours) and the server directory (0700, the server's OS user's); parents that do not
 * exist are created traversable (0755) for the server's sake; existing ones are never changed.
 */
async function prepareDirectories(h: ClusterHandle): Promise<void> {
    const split = h.serverDir !== h.dataDir;
    const create = (dir: string, role: DirectoryRole) => {
        if (!fs.existsSync(dir)) {
            explainingFileErrors(dir, role, () => fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 }));
        }
        ensureWritableDir(dir, 0o700, role);
        explainingFileErrors(dir, role, () => fs.chmodSync(dir, 0o700));
    };
    create(h.dataDir, DATA_DIR_ROLE);
    if (split) {
        create(h.serverDir, SERVER_DIR_ROLE);
    }
    explainingFileErrors(h.serverDir, split ? SERVER_DIR_ROLE : DATA_DIR_ROLE, () => ownByServer(h.serverDir));
    const blocked = await firstDirServerCannotTraverse(h.serverDir);
    if (blocked !== undefined) {
        throw new ServerDirUnreachableError(
            `the server's OS user '${SERVER_OS_USER}' cannot reach ${h.serverDir}: it may not traverse ${blocked}. ` +
                (split
                    ? `Fix: set HPG_LOCAL_STATE_DIR to a directory it can reach (the default is ${DEFAULT_STATE_ROOT}).`
                    : "Fix: choose a data directory it can reach with --data-dir (or HPG_LOCAL_DATA_DIR)."),
        );
    }
}

/**
 * The server's certificate and key where the server reads them (`<serverDir>/tls`, owned by its OS user). With one
 * directory that is the CA's directory itself; else a copy, so the CA key stays in the caller's data directory.
 */
function installServerTls(h: ClusterHandle, caTlsDir: string): void {
    const source = tlsFiles(caTlsDir);
    if (h.serverDir === h.dataDir) {
        ownByServer(caTlsDir, source.caCert, source.caKey, source.serverCert, source.serverKey);
        return;
    }
    const serverTlsDir = path.join(h.serverDir, "tls");
    const target = tlsFiles(serverTlsDir);
    fs.mkdirSync(serverTlsDir, { recursive: true, mode: 0o700 });
    for (const [from, to] of [
        [source.serverCert, target.serverCert],
        [source.serverKey, target.serverKey],
    ]) {
        fs.copyFileSync(from, to);
        // PostgreSQL refuses a key file readable by group or others.
        fs.chmodSync(to, 0o600);
    }
    ownByServer(serverTlsDir, target.serverCert, target.serverKey);
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
    const h = clusterHandle(spec.dataDir, spec.port, spec.serverDir ?? spec.dataDir);
    await prepareDirectories(h);

    const password = readOrCreateSecret(h.dataDir, BOOTSTRAP_SECRET);

    const tlsDir = path.join(h.dataDir, "tls");
    await ensureTlsCertificates(tlsDir);
    installServerTls(h, tlsDir);

    if (!isInitialised(h)) {
        if (fs.existsSync(h.pgdata) && fs.readdirSync(h.pgdata).length > 0) {
            throw new Error(`${h.pgdata} exists, is not empty and is not a PostgreSQL data directory; move it away or choose another data directory`);
        }
        // initdb reads the password as the server's OS user; the file lives only for the call.
        const pwfile = path.join(h.serverDir, ".initdb-password");
        fs.writeFileSync(pwfile, password + "\n", { mode: 0o600 });
        ownByServer(pwfile);
        try {
            const args = ["-D", h.pgdata, "-U", BOOTSTRAP_USER, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--data-checksums"];
            const r = await runAsServer(path.join(binDir, "initdb"), spec.throwaway ? [...args, "--no-sync"] : args, h.serverDir);
            if (r.code !== 0) {
                const lines = r.stderr.trim().split("\n");
                throw new LocalTwinError(`initdb failed (exit ${r.code}) for ${h.pgdata}: ${lines.find((l) => /error:/.test(l)) ?? lines.pop()}`);
            }
        } finally {
            fs.rmSync(pwfile, { force: true });
        }
    }

    const throwaway: Record<string, string> = spec.throwaway ? { fsync: "off", synchronous_commit: "off", full_page_writes: "off" } : {};
    let audit: Record<string, string> = {};
    if (spec.auditDir !== undefined) {
        const layout = auditLayout(spec.auditDir);
        prepareAuditDirs(layout);
        audit = auditLogSettings(layout);
    }
    writeServerFile(path.join(h.pgdata, "postgresql.conf"), renderPostgresqlConf({ ...throwaway, ...audit, ...(spec.settings ?? {}), port: String(spec.port) }));
    writeServerFile(path.join(h.pgdata, "pg_hba.conf"), renderHbaConf(spec.extraHbaLines));
    return h;
}

function writeServerFile(file: string, content: string): void {
    fs.writeFileSync(file, content, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    ownByServer(file);
}

async function pgCtl(h: ClusterHandle, args: string[]) {
    return runAsServer(path.join(findPgBinDir(), "pg_ctl"), [...args, "-D", h.pgdata], h.serverDir);
}

/** pg_ctl's own log for the time before the logging collector takes over. */
function startupLog(h: ClusterHandle): string {
    return path.join(h.serverDir, "startup.log");
}

/** The server did not start; the message holds the one log line that says why and the fix, not the whole log. */
export class StartFailedError extends LocalTwinError {
    constructor(
        message: string,
        /** The server log line that explains the failure, when there is one. */
        public readonly logLine?: string,
    ) {
        super(message);
    }
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
        const mark = markLogs(allLogFiles(h));
        const r = await pgCtl(h, ["start", "-w", "-t", String(READY_TIMEOUT_MS / 1000), "-s", "-l", startupLog(h)]);
        if (r.code !== 0) {
            throw startFailed(h, mark, `pg_ctl exit ${r.code}: ${r.stderr.trim().split("\n")[0]}`);
        }
    }
    await waitForTlsLogin(h);
}

function allLogFiles(h: ClusterHandle): string[] {
    return [startupLog(h), ...serverLogFiles(h)];
}

/** A `StartFailedError` naming the one log line of this attempt that explains it, and its fix. */
function startFailed(h: ClusterHandle, mark: LogMark, fallback: string): StartFailedError {
    const reason = startFailureReason(entriesSince(allLogFiles(h), mark), h.port);
    const where = `${h.host}:${h.port}`;
    const logs = `server log: ${serverLogDir(h)}`;
    return reason
        ? new StartFailedError(`PostgreSQL did not start on ${where}: ${reason.logLine}. Fix: ${reason.fix} (${logs})`, reason.logLine)
        : new StartFailedError(`PostgreSQL did not start on ${where} (${fallback}; ${logs})`);
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
                throw new StartFailedError(`PostgreSQL on ${h.host}:${h.port} does not accept TLS logins as ${h.bootstrapUser}: ${(e as Error).message} (server log: ${serverLogDir(h)})`);
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

/**
 * The port the running server listens on, from its `postmaster.pid` (line 4, written at start), or undefined when the
 * file is absent. Only meaningful while `pg_ctl status` says the server runs (a crash leaves a stale file).
 */
export function postmasterPort(h: ClusterHandle): number | undefined {
    const file = path.join(h.pgdata, "postmaster.pid");
    if (!fs.existsSync(file)) {
        return undefined;
    }
    const port = Number(fs.readFileSync(file, "utf8").split("\n")[3]);
    return Number.isInteger(port) && port > 0 ? port : undefined;
}

/**
 * Whether the cluster runs, its postmaster pid, and the port it really listens on (from postmaster.pid, whatever
 * `h.port` says); when a TLS login works, the server version. `port` is `h.port` when it does not run.
 */
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
    const port = postmasterPort(h) ?? h.port;
    let serverVersion: string | undefined;
    const client = new Client({ ...clientConfig({ ...h, port }, h.bootstrapUser, bootstrapPassword(h)), connectionTimeoutMillis: 5000 });
    try {
        await client.connect();
        serverVersion = (await client.query<{ server_version: string }>("show server_version")).rows[0].server_version;
    } catch {
        serverVersion = undefined;
    } finally {
        await client.end().catch(() => undefined);
    }
    return { running: true, ...(Number.isFinite(pid) ? { pid } : {}), ...base, port, ...(serverVersion ? { serverVersion } : {}) };
}

/** Stops the cluster and deletes `dataDir` and the server directory with the data, certificates and secrets (tests). */
export async function destroyCluster(h: ClusterHandle): Promise<void> {
    await stopCluster(h);
    fs.rmSync(h.serverDir, { recursive: true, force: true });
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

/**
 * The server's log directory: `log_directory` as initCluster wrote it into postgresql.conf (relative to pgdata, or
 * absolute when the audit trail is archived), else `<pgdata>/log`.
 */
export function serverLogDir(h: ClusterHandle): string {
    const conf = path.join(h.pgdata, "postgresql.conf");
    const line = fs.existsSync(conf) ? /^log_directory = '((?:[^'\\]|'')*)'$/m.exec(fs.readFileSync(conf, "utf8")) : null;
    return path.resolve(h.pgdata, line ? line[1].replace(/''/g, "'") : "log");
}

/** The audit layout the cluster logs into (its log_directory is an audit directory's `log/`), or undefined when it keeps its log in pgdata. */
export function clusterAuditLayout(h: ClusterHandle): AuditLayout | undefined {
    const logDir = serverLogDir(h);
    const fromPgdata = path.relative(h.pgdata, logDir);
    if (!fromPgdata.startsWith("..") && !path.isAbsolute(fromPgdata)) {
        return undefined;
    }
    const layout = auditLayout(path.dirname(logDir));
    return layout.logDir === logDir ? layout : undefined;
}

/** The server's JSON log files (pgaudit and connection logs), oldest first. */
export function serverLogFiles(h: ClusterHandle): string[] {
    const dir = serverLogDir(h);
    if (!fs.existsSync(dir)) {
        return [];
    }
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => path.join(dir, f));
}
