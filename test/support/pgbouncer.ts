import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { Client, ClientConfig } from "pg";
import { scramSha256Verifier } from "../../components/database-access/password-sql";
import { ClusterHandle } from "../../infra/local-twin/cluster";
import { freePort } from "../../infra/local-twin/free-port";
import { ownByServer, runningAsRoot, serverOsIds } from "../../infra/local-twin/os-user";
import { generatePassword } from "../../infra/local-twin/secrets";
import { ensureTlsCertificates } from "../../infra/local-twin/tls-certs";

/** Where Debian's `pgbouncer` package (installed by scripts/setup.sh) puts the program; /usr/sbin is often not on PATH. */
const DEBIAN_PGBOUNCER = "/usr/sbin/pgbouncer";

/** The pgbouncer program, or an error that says how to install it. */
export function findPgBouncer(): string {
    const candidates = [...(process.env.PATH ?? "").split(path.delimiter).filter((d) => d !== "").map((d) => path.join(d, "pgbouncer")), DEBIAN_PGBOUNCER];
    const found = candidates.find((p) => {
        try {
            fs.accessSync(p, fs.constants.X_OK);
            return true;
        } catch {
            return false;
        }
    });
    if (!found) {
        throw new Error("pgbouncer is not installed. Fix: npm run setup (it installs the Debian package pgbouncer), or apt-get install pgbouncer");
    }
    return found;
}

/** util-linux's setpriv: changes user and sets a parent-death signal, then execs the program (same pid). */
const SETPRIV = "/usr/bin/setpriv";

/**
 * How to run PgBouncer: as the server's OS user when we are root (PgBouncer refuses to run as root), and, where setpriv
 * exists, killed by the kernel when the test process dies without its cleanup (a crashed or killed jest worker).
 */
function pgbouncerCommand(program: string, iniFile: string): { file: string; args: string[]; ids: { uid?: number; gid?: number } } {
    const asServer = runningAsRoot() ? serverOsIds() : undefined;
    if (!fs.existsSync(SETPRIV)) {
        // libuv's setuid also drops root's supplementary groups.
        return { file: program, args: [iniFile], ids: asServer ?? {} };
    }
    const user = asServer ? ["--reuid", String(asServer.uid), "--regid", String(asServer.gid), "--clear-groups"] : [];
    return { file: SETPRIV, args: [...user, "--pdeathsig", "KILL", "--", program, iniFile], ids: {} };
}

/** One `[databases]` entry: an alias clients connect to, for a database of the cluster. */
export interface PooledDatabase {
    /** The database on the server. */
    dbname: string;
    /** Server connections per user of this alias. Default: the instance's `default_pool_size`. */
    poolSize?: number;
}

export interface PgBouncerSpec {
    /** The cluster to pool for; PgBouncer reaches it over TLS with verify-full against the cluster's CA. */
    cluster: ClusterHandle;
    /** A superuser client of the cluster: it reads the roles' SCRAM verifiers from pg_authid for the auth file. */
    superuser: Client;
    /** Login roles that may connect through PgBouncer (their server verifiers are copied, so SCRAM passes through). */
    roles: string[];
    /** Client-facing aliases → databases. */
    databases: Record<string, PooledDatabase>;
    /**
     * `[pgbouncer]` settings (pooling, TLS modes, reset query …). Where this instance's files, address, port and admin user
     * are (listen_addr, listen_port, unix_socket_dir, auth_file, *_tls_*_file, admin_users, logfile, pidfile) is always
     * this function's choice.
     */
    settings: Record<string, string>;
    /** The CA PgBouncer verifies the server's certificate with. Default: the cluster's (`cluster.caFile`). */
    serverCaFile?: string;
}

/** A running PgBouncer of a test, on 127.0.0.1, owned by the server's OS user when we are root. */
export interface PgBouncer {
    port: number;
    /** The CA certificate that signed PgBouncer's own certificate (clients verify PgBouncer with it: verify-full). */
    caFile: string;
    /** The auth file (0600, the SCRAM verifiers); `stop` deletes it. */
    authFile: string;
    /** node-postgres settings for a verify-full TLS connection to `database` (an alias) through PgBouncer. */
    clientConfig(user: string, password: string, database: string): ClientConfig;
    /** A connected client through PgBouncer; `stop` ends it if the test did not. */
    connect(user: string, password: string, database: string, extra?: Partial<ClientConfig>): Promise<Client>;
    /** Rows of an admin console command (`SHOW POOLS`, `SHOW SERVERS` …), as the console's admin user. */
    show(what: "POOLS" | "SERVERS" | "CLIENTS" | "STATS"): Promise<Array<Record<string, string | number | null>>>;
    /** What PgBouncer wrote to stderr so far (its log: logins, errors), for failure messages. */
    log(): string;
    /** Ends every client, stops PgBouncer (SIGTERM, then SIGKILL) and deletes its directory, auth file included. */
    stop(): Promise<void>;
}

/** The admin console's user: exists only in PgBouncer's auth file, never in PostgreSQL. */
const CONSOLE_USER = "hpg_pgbouncer_admin";
const READY_TIMEOUT_MS = 15_000;

/** A user and secret as one line of PgBouncer's auth file: both double-quoted, inner double quotes doubled. */
function authFileLine(user: string, secret: string): string {
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    return `${q(user)} ${q(secret)}`;
}

/** A value as pgbouncer.ini takes it: one line, without the `;`/`#` that would start a comment. */
function iniValue(name: string, value: string): string {
    if (/[\r\n;#]/.test(value) || !/^[a-z_]+$/.test(name)) {
        throw new Error(`[settings] ${name} = ${JSON.stringify(value)} cannot be written to pgbouncer.ini`);
    }
    return `${name} = ${value}`;
}

/** The SCRAM verifiers of `roles` as the server stores them (PgBouncer can log in to the server only with identical ones). */
async function serverVerifiers(superuser: Client, roles: string[]): Promise<Array<{ role: string; verifier: string }>> {
    const { rows } = await superuser.query<{ rolname: string; rolpassword: string | null }>(
        "SELECT rolname, rolpassword FROM pg_catalog.pg_authid WHERE rolname = ANY($1::text[]) ORDER BY rolname",
        [roles],
    );
    const missing = roles.filter((r) => !rows.some((row) => row.rolname === r && row.rolpassword?.startsWith("SCRAM-SHA-256$")));
    if (missing.length > 0) {
        throw new Error(`no SCRAM-SHA-256 verifier in pg_authid for ${missing.join(", ")}`);
    }
    return rows.map((r) => ({ role: r.rolname, verifier: r.rolpassword! }));
}

/** Starts PgBouncer in front of `spec.cluster` with TLS on both sides and SCRAM, and waits until its console answers. */
export async function startPgBouncer(spec: PgBouncerSpec): Promise<PgBouncer> {
    const program = findPgBouncer();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-pgbouncer-"));
    const clients: Client[] = [];
    let child: ChildProcess | undefined;
    let stderr = "";
    const killOnExit = () => child?.kill("SIGKILL");
    const stop = async () => {
        await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
        const running = child;
        if (running && running.exitCode === null && running.signalCode === null) {
            const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
            // SIGTERM is PgBouncer's immediate shutdown; SIGINT would wait for server connections to be released.
            running.kill("SIGTERM");
            const timer = setTimeout(() => running.kill("SIGKILL"), 5_000);
            await exited;
            clearTimeout(timer);
        }
        process.removeListener("exit", killOnExit);
        fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
        const tls = await ensureTlsCertificates(path.join(dir, "tls"));
        const serverCa = path.join(dir, "server-ca.crt");
        fs.copyFileSync(spec.serverCaFile ?? spec.cluster.caFile, serverCa);
        const consolePassword = generatePassword();
        const authFile = path.join(dir, "userlist.txt");
        const lines = [...(await serverVerifiers(spec.superuser, spec.roles)).map((v) => authFileLine(v.role, v.verifier)), authFileLine(CONSOLE_USER, scramSha256Verifier(consolePassword))];
        fs.writeFileSync(authFile, lines.join("\n") + "\n", { mode: 0o600 });

        const port = await freePort();
        const databases = Object.entries(spec.databases).map(([alias, d]) => {
            if (!/^[a-z_][a-z0-9_]*$/.test(alias) || !/^[a-z_][a-z0-9_]*$/.test(d.dbname)) {
                throw new Error(`[databases] ${alias} = ${d.dbname}: use plain lower-case names`);
            }
            const pool = d.poolSize !== undefined ? ` pool_size=${d.poolSize}` : "";
            // No user= here: with one, PgBouncer could not pass the client's SCRAM keys through to the server.
            return `${alias} = host=${spec.cluster.host} port=${spec.cluster.port} dbname=${d.dbname}${pool}`;
        });
        const own: Record<string, string> = {
            listen_addr: "127.0.0.1",
            listen_port: String(port),
            // No Unix socket: every client comes over TCP with TLS.
            unix_socket_dir: "",
            auth_file: authFile,
            admin_users: CONSOLE_USER,
            client_tls_key_file: tls.serverKey,
            client_tls_cert_file: tls.serverCert,
            server_tls_ca_file: serverCa,
            logfile: "",
            pidfile: "",
        };
        const settings = { ...spec.settings, ...own };
        const ini = ["[databases]", ...databases, "", "[pgbouncer]", ...Object.entries(settings).map(([k, v]) => iniValue(k, v)), ""].join("\n");
        const iniFile = path.join(dir, "pgbouncer.ini");
        fs.writeFileSync(iniFile, ini, { mode: 0o600 });
        fs.chmodSync(dir, 0o700);
        ownByServer(dir, iniFile, authFile, serverCa, path.join(dir, "tls"), tls.caCert, tls.caKey, tls.serverCert, tls.serverKey);

        const command = pgbouncerCommand(program, iniFile);
        child = spawn(command.file, command.args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"], ...command.ids });
        process.once("exit", killOnExit);
        child.stderr!.setEncoding("utf8");
        child.stderr!.on("data", (chunk: string) => {
            stderr = (stderr + chunk).slice(-64 * 1024);
        });
        const spawned = child;
        const caPem = fs.readFileSync(tls.caCert, "utf8");
        const clientConfig = (user: string, password: string, database: string): ClientConfig => ({
            host: "127.0.0.1",
            port,
            user,
            password,
            database,
            ssl: { ca: caPem, rejectUnauthorized: true },
            connectionTimeoutMillis: 10_000,
        });
        const connect = async (user: string, password: string, database: string, extra: Partial<ClientConfig> = {}) => {
            const client = new Client({ ...clientConfig(user, password, database), ...extra });
            clients.push(client);
            client.on("error", () => undefined);
            await client.connect();
            return client;
        };
        const show: PgBouncer["show"] = async (what) => {
            const admin = new Client(clientConfig(CONSOLE_USER, consolePassword, "pgbouncer"));
            await admin.connect();
            try {
                // The console speaks only the simple query protocol: no parameters.
                return (await admin.query(`SHOW ${what}`)).rows;
            } finally {
                await admin.end();
            }
        };
        await waitUntilReady(spawned, port, () => stderr);
        await show("POOLS");
        return { port, caFile: tls.caCert, authFile, clientConfig, connect, show, log: () => stderr, stop };
    } catch (e) {
        await stop().catch(() => undefined);
        throw e;
    }
}

/** Waits until PgBouncer accepts TCP connections; fails with its log when it exits first or takes too long. */
async function waitUntilReady(child: ChildProcess, port: number, log: () => string): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`pgbouncer exited (${child.exitCode ?? child.signalCode}) before accepting connections:\n${log().trim()}`);
        }
        const accepted = await new Promise<boolean>((resolve) => {
            const socket = net.connect({ host: "127.0.0.1", port }, () => {
                socket.destroy();
                resolve(true);
            });
            socket.on("error", () => resolve(false));
        });
        if (accepted) {
            return;
        }
        if (Date.now() > deadline) {
            throw new Error(`pgbouncer did not listen on 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms:\n${log().trim()}`);
        }
        await new Promise((r) => setTimeout(r, 50));
    }
}

/**
 * The `key = value` settings of one `[section]` of a pgbouncer.ini text (comments and blank lines skipped), so a test can
 * start PgBouncer with exactly the settings a document recommends.
 */
export function iniSection(text: string, section: string): Record<string, string> {
    const settings: Record<string, string> = {};
    let current: string | undefined;
    for (const raw of text.split("\n")) {
        const line = raw.trim();
        if (line === "" || line.startsWith(";") || line.startsWith("#")) {
            continue;
        }
        const header = /^\[(.+)\]$/.exec(line);
        if (header) {
            current = header[1];
            continue;
        }
        const setting = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
        if (current === section && setting) {
            settings[setting[1]] = setting[2];
        }
    }
    return settings;
}
