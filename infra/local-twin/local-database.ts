import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import {
    AccessModel,
    applyAccessModel,
    resolveAccessModel,
    SAMPLE_ACCESS_MODEL,
    scramSha256Verifier,
    setRolePasswords,
} from "../../components/database-access";
import { passwordVerifierTypesSql } from "../../components/database-access/password-verifier-sql";
import {
    bootstrapPassword,
    clientConfig,
    clusterAuditLayout,
    clusterHandle,
    ClusterHandle,
    clusterStatus,
    connectionUrl,
    DATA_DIR_ROLE,
    findPgBinDir,
    initCluster,
    isInitialised,
    localRolePassword,
    LocalTwinError,
    startCluster,
    StartFailedError,
    stopCluster,
} from "./cluster";
import { ClientFiles, clientFiles, psqlInvocation, PsqlInvocation, writeClientFiles } from "./client-files";
import { explainingFileErrors } from "./file-errors";
import { portBindError } from "./free-port";
import { ownByServer, runningAsRoot } from "./os-user";
import { sampleMigrationSql, sampleSeedSql, SAMPLE_TENANTS } from "./sample-schema";
import { defaultServerDir } from "./server-dir";
import { auditLayout, AuditLayout, defaultAuditDir } from "./audit-archive";
import { runningShipperPid, startAuditShipper, stopAuditShipper } from "./audit-shipper";

/** Where `local up` keeps the cluster unless told otherwise (git-ignored). */
export const DEFAULT_LOCAL_DATA_DIR = ".hpg/local";
/** The local cluster's default port: off 5432, so it never collides with a system PostgreSQL. */
export const DEFAULT_LOCAL_PORT = 54329;
/** The application database the access model and the sample schema live in. */
export const LOCAL_DATABASE = "hpg_app";
/** The model `local up` applies: the sample clinic application. */
export const LOCAL_ACCESS_MODEL: AccessModel = SAMPLE_ACCESS_MODEL;
/** `<dataDir>/local.json`: the port and server directory chosen at `up`, so `status`, `url` and `down` need no flag. */
const LOCAL_SETTINGS_FILE = "local.json";

/** Which local cluster: its directory and, optionally, a port (else the one stored at the last `up`, else the default). */
export interface LocalSpec {
    dataDir: string;
    port?: number;
    /** How the user gave `port`, for messages. Default "--port". */
    portFrom?: string;
    /** Where server directories go when we are root (see `DEFAULT_STATE_ROOT`); HPG_LOCAL_STATE_DIR. */
    stateRoot?: string;
    /** Where audit directories go when we are root (see `DEFAULT_AUDIT_ROOT`); HPG_LOCAL_AUDIT_DIR. */
    auditRoot?: string;
}

/** What `local.json` records. */
interface LocalSettings {
    port?: number;
    serverDir?: string;
}

function readLocalSettings(dataDir: string): LocalSettings {
    const file = path.join(path.resolve(dataDir), LOCAL_SETTINGS_FILE);
    if (!fs.existsSync(file)) {
        return {};
    }
    let parsed: { port?: unknown; serverDir?: unknown };
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8")) as typeof parsed;
    } catch (e) {
        throw new LocalTwinError(`cannot read ${file}: ${(e as Error).message}. Fix: delete it; local up --port <port> writes it again.`);
    }
    return {
        ...(typeof parsed.port === "number" ? { port: parsed.port } : {}),
        ...(typeof parsed.serverDir === "string" ? { serverDir: parsed.serverDir } : {}),
    };
}

/**
 * Where the local cluster's files are and the port recorded at its last `up`. The server directory is the one
 * recorded at `up`; for a cluster created before there was one, the data directory itself (its `pgdata/` is there);
 * for a new cluster, `defaultServerDir`.
 */
function localLayout(spec: LocalSpec): { dataDir: string; serverDir: string; recordedPort?: number } {
    const dataDir = path.resolve(spec.dataDir);
    const settings = readLocalSettings(dataDir);
    const legacy = fs.existsSync(path.join(dataDir, "pgdata", "PG_VERSION"));
    const serverDir = settings.serverDir ?? (legacy ? dataDir : defaultServerDir(dataDir, spec.stateRoot));
    return { dataDir, serverDir, ...(settings.port !== undefined ? { recordedPort: settings.port } : {}) };
}

/** The handle of the local cluster `spec` names, at the port it was given or recorded (touches nothing). */
export function localHandle(spec: LocalSpec): ClusterHandle {
    const layout = localLayout(spec);
    return clusterHandle(layout.dataDir, spec.port ?? layout.recordedPort ?? DEFAULT_LOCAL_PORT, layout.serverDir);
}

function readIfExists(file: string): string | undefined {
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

/** What `localUp` did; `changes` is empty when the cluster was already up and provisioned. */
export interface LocalUpResult {
    handle: ClusterHandle;
    database: string;
    changes: string[];
    /** The psql service and password files of the local roles (see `clientFiles`). */
    clientFiles: ClientFiles;
}

/** The port `local up` would use is taken: nothing was changed. */
export class PortInUseError extends LocalTwinError {}

/** Ports near the default that are free now, to suggest one. */
async function suggestFreePort(): Promise<number | undefined> {
    for (let p = DEFAULT_LOCAL_PORT; p < DEFAULT_LOCAL_PORT + 20; p++) {
        if ((await portBindError(p)) === undefined) {
            return p;
        }
    }
    return undefined;
}

/** Refuses a port the server could not bind, before anything is changed. */
async function assertPortFree(port: number, spec: LocalSpec, runningPort: number | undefined): Promise<void> {
    const error = await portBindError(port);
    if (error === undefined) {
        return;
    }
    const given = spec.port !== undefined ? `${spec.portFrom ?? "--port"} ${port}: ` : port === DEFAULT_LOCAL_PORT ? "the default port: " : "the port recorded at the last local up: ";
    const cause = error === "EADDRINUSE" ? "another program listens on it" : error === "EACCES" ? "this user may not listen on it" : error;
    const state = runningPort !== undefined ? `the local cluster still runs on 127.0.0.1:${runningPort}` : "the local cluster was not started";
    const free = await suggestFreePort();
    throw new PortInUseError(
        `cannot use 127.0.0.1:${port} (${given}${cause}). Nothing was changed; ${state}. ` +
            `Fix: choose a free port with --port (or HPG_LOCAL_PORT)${free !== undefined ? `, e.g. --port ${free}` : ""}, or stop the program that listens on ${port}.`,
    );
}

/**
 * Brings the local hardened cluster up: creates it the first time (TLS, hostssl+scram, pgaudit, hardened profile),
 * starts it, creates the application database, applies the access model, runs the sample application's migrations
 * as its migrator role, seeds two tenants, sets the login roles' passwords and writes their psql service and password
 * files. Idempotent: a second run changes nothing and reports no change. A port that cannot be bound is refused
 * before anything changes, and a cluster that ran before `up` still runs after it, whatever fails.
 */
export async function localUp(spec: LocalSpec): Promise<LocalUpResult> {
    // Missing PostgreSQL or pgaudit is reported (with the install command) before anything is created.
    findPgBinDir();
    const layout = localLayout(spec);
    const before = clusterHandle(layout.dataDir, layout.recordedPort ?? DEFAULT_LOCAL_PORT, layout.serverDir);
    const existed = isInitialised(before);
    const status = existed ? await clusterStatus(before) : undefined;
    const runningPort = status?.running ? status.port : undefined;
    // A running cluster stays where it is unless --port says otherwise.
    const port = spec.port ?? layout.recordedPort ?? runningPort ?? DEFAULT_LOCAL_PORT;
    if (runningPort !== port) {
        await assertPortFree(port, spec, runningPort);
    }
    const changes: string[] = [];
    const confFiles = ["postgresql.conf", "pg_hba.conf"].map((f) => path.join(before.pgdata, f));
    const confBefore = confFiles.map(readIfExists);
    // An existing cluster keeps the audit directory its configuration names; a new one (or one from before) gets its own.
    const audit = (existed ? clusterAuditLayout(before) : undefined) ?? auditLayout(defaultAuditDir(layout.dataDir, spec.auditRoot));
    const handle = await initCluster({ dataDir: layout.dataDir, serverDir: layout.serverDir, port, auditDir: audit.auditDir });
    if (!existed) {
        changes.push(`created a PostgreSQL 15 cluster in ${handle.dataDir}${handle.serverDir !== handle.dataDir ? ` (server files in ${handle.serverDir})` : ""}`);
    } else if (confFiles.some((f, i) => readIfExists(f) !== confBefore[i])) {
        changes.push("rewrote postgresql.conf and pg_hba.conf from the hardened profile");
    }
    const restoreConf = () => confFiles.forEach((f, i) => restoreFile(f, confBefore[i]));
    if (runningPort === undefined) {
        await startCluster(handle);
        changes.push(`started PostgreSQL on ${handle.host}:${handle.port}`);
    } else if (runningPort !== port) {
        await restartOrRestore(handle, runningPort, restoreConf);
        changes.push(`moved PostgreSQL from ${handle.host}:${runningPort} to ${handle.host}:${handle.port}`);
    } else {
        await startCluster(handle);
        if (await pendingRestart(handle)) {
            // A static setting (e.g. shared_preload_libraries) changed in the profile: reload is not enough.
            await restartOrRestore(handle, runningPort, restoreConf);
            changes.push("restarted PostgreSQL to apply settings that need a restart");
        }
    }
    // Recorded only once the server runs there, so a failed move leaves `status`, `url` and `down` pointing at it.
    explainingFileErrors(handle.dataDir, DATA_DIR_ROLE, () =>
        fs.writeFileSync(path.join(handle.dataDir, LOCAL_SETTINGS_FILE), JSON.stringify({ port, serverDir: handle.serverDir }) + "\n", { mode: 0o600 }),
    );
    changes.push(...(await provisionDatabase(handle, LOCAL_DATABASE, LOCAL_ACCESS_MODEL)));
    if ((await startAuditShipper(audit)).started) {
        // Without root there is no second OS user: said here, and HPG-AUD-06 fails it.
        const unseparated = runningAsRoot() ? "" : ` (owned by the OS user the server runs as: owner separation isn't available without root, and verify fails it)`;
        changes.push(`started shipping the audit log to ${audit.archiveDir}${unseparated}`);
    }
    const files = writeClientFiles(handle, LOCAL_DATABASE, localLogins(handle));
    return { handle, database: LOCAL_DATABASE, changes, clientFiles: files };
}

/** Writes back a server file as it was (or removes it if it did not exist). */
function restoreFile(file: string, content: string | undefined): void {
    if (content === undefined) {
        fs.rmSync(file, { force: true });
        return;
    }
    fs.writeFileSync(file, content, { mode: 0o600 });
    ownByServer(file);
}

/**
 * Restarts a running cluster with its new configuration. If it does not come back, the configuration it ran with is
 * put back and it is started as it was, so `up` never leaves a working cluster down; the error says so.
 */
async function restartOrRestore(h: ClusterHandle, runningPort: number, restoreConf: () => void): Promise<void> {
    await stopCluster(h);
    try {
        await startCluster(h);
    } catch (e) {
        restoreConf();
        const logLine = e instanceof StartFailedError ? e.logLine : undefined;
        try {
            await startCluster({ ...h, port: runningPort });
        } catch (again) {
            throw new StartFailedError(`${(e as Error).message}. Starting it again as it was failed too: ${(again as Error).message}`, logLine);
        }
        throw new StartFailedError(`${(e as Error).message}. Nothing was changed: PostgreSQL runs again on ${h.host}:${runningPort} as before.`, logLine);
    }
}

async function withClient<T>(config: ReturnType<typeof clientConfig>, fn: (c: Client) => Promise<T>): Promise<T> {
    const client = new Client(config);
    client.on("error", () => undefined);
    await client.connect();
    try {
        return await fn(client);
    } finally {
        await client.end().catch(() => undefined);
    }
}

async function pendingRestart(h: ClusterHandle): Promise<boolean> {
    return withClient(clientConfig(h, h.bootstrapUser, bootstrapPassword(h)), async (c) => {
        const r = await c.query("SELECT count(*)::int AS n FROM pg_catalog.pg_settings WHERE pending_restart");
        return r.rows[0].n > 0;
    });
}

/**
 * Creates `database` if missing and provisions it: access model phase 1 (as the bootstrap admin), the sample
 * migrations and seed (as the migrator login role, whose sessions act as the owner), access model phase 2, then
 * local-only grants. Returns what changed, judged by a fingerprint of the catalog before and after.
 */
export async function provisionDatabase(h: ClusterHandle, database: string, model: AccessModel): Promise<string[]> {
    const changes: string[] = [];
    const admin = (db: string) => clientConfig(h, h.bootstrapUser, bootstrapPassword(h), db);
    await withClient(admin("postgres"), async (c) => {
        const exists = await c.query("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", [database]);
        if (exists.rowCount === 0) {
            await c.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
            changes.push(`created database ${database}`);
        }
    });
    const m = resolveAccessModel(model);
    const migrator = m.loginRoles.find((l) => l.group === "owner");
    if (!migrator) {
        throw new Error("the local access model has no login role in the owner group to run migrations");
    }
    const fingerprintBefore = await withClient(admin(database), (c) => provisioningFingerprint(c, model));
    await withClient(admin(database), async (c) => {
        await applyAccessModel(c, model, { phase: "roles" });
        await setPasswordsThatDiffer(c, model, Object.fromEntries(m.loginRoles.map((l) => [l.name, localRolePassword(h, l.name)])));
    });
    await withClient(clientConfig(h, migrator.name, localRolePassword(h, migrator.name), database), async (c) => {
        for (const statement of sampleMigrationSql(model)) {
            await c.query(statement);
        }
        for (const [i, tenant] of SAMPLE_TENANTS.entries()) {
            await c.query("BEGIN");
            try {
                for (const statement of sampleSeedSql(model, tenant, i)) {
                    await c.query(statement);
                }
                await c.query("COMMIT");
            } catch (e) {
                await c.query("ROLLBACK").catch(() => undefined);
                throw e;
            }
        }
    });
    await withClient(admin(database), async (c) => {
        await applyAccessModel(c, model, { phase: "tables" });
        // Self-managed only: the auditor group may read pg_hba.conf's rules, so verify-as-auditor sees TLS and SCRAM enforcement (RDS exposes no pg_hba.conf).
        await c.query(`GRANT SELECT ON pg_catalog.pg_hba_file_rules TO ${quoteIdentifier(m.groups.auditor)}`);
        await c.query(`GRANT EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules() TO ${quoteIdentifier(m.groups.auditor)}`);
        // Self-managed only: the auditor reads the type of each stored password, never the hash (HPG-PWD-01).
        for (const statement of passwordVerifierTypesSql(m)) {
            await c.query(statement);
        }
    });
    const fingerprintAfter = await withClient(admin(database), (c) => provisioningFingerprint(c, model));
    if (fingerprintAfter !== fingerprintBefore) {
        changes.push(`provisioned database ${database}: access model, sample schema and seed data`);
    }
    return changes;
}

/** `"name"` with inner quotes doubled. */
function quoteIdentifier(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Sets a login role's password only when its stored SCRAM verifier does not already match (a new salt each time
 * would otherwise change the role on every `up`). Reads pg_authid as the bootstrap superuser; nothing is printed.
 */
async function setPasswordsThatDiffer(c: Client, model: AccessModel, passwords: Record<string, string>): Promise<void> {
    const stale: Record<string, string> = {};
    for (const [role, password] of Object.entries(passwords)) {
        const r = await c.query<{ rolpassword: string | null }>("SELECT rolpassword FROM pg_catalog.pg_authid WHERE rolname = $1", [role]);
        const stored = r.rows[0]?.rolpassword ?? null;
        const parts = stored === null ? null : /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(stored);
        if (stored === null || parts === null || scramSha256Verifier(password, Buffer.from(parts[2], "base64"), Number(parts[1])) !== stored) {
            stale[role] = password;
        }
    }
    if (Object.keys(stale).length > 0) {
        await setRolePasswords(c, model, stale);
    }
}

/**
 * A digest of everything provisioning touches: roles and their attributes, memberships, per-role settings, password
 * verifiers, schemas, relations with owners, ACLs and RLS flags, policies, functions, view definitions, default
 * privileges, comments, extensions and the row counts of the model's tables. Equal digests mean nothing changed.
 * Runs as the bootstrap superuser (pg_authid; RLS does not hide rows from it). Never printed.
 */
export async function provisioningFingerprint(c: Client, model: AccessModel): Promise<string> {
    const m = resolveAccessModel(model);
    // Row counts only for the model's tables that exist (none before the first migration).
    const existing = await c.query<{ name: string }>(
        "SELECT t AS name FROM unnest($1::text[]) AS t WHERE pg_catalog.to_regclass(t) IS NOT NULL ORDER BY 1",
        [m.tables.map((t) => `${quoteIdentifier(m.schema)}.${quoteIdentifier(t.name)}`)],
    );
    const counts = existing.rows.map((t) => `SELECT format('rows %s %s', ${literal(t.name)}, (SELECT count(*) FROM ${t.name}))`).join("\n  UNION ALL ");
    const appSchemas = "(SELECT oid FROM pg_catalog.pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname !~ '^pg_(toast|temp_|toast_temp_)')";
    const sql = `
SELECT md5(string_agg(x, E'\\n' ORDER BY x)) AS digest FROM (
  SELECT format('role %s %s %s %s %s %s %s %s %s', rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit) FROM pg_catalog.pg_roles
  UNION ALL SELECT format('password %s %s', rolname, md5(coalesce(rolpassword, ''))) FROM pg_catalog.pg_authid
  UNION ALL SELECT format('member %s %s %s', roleid::regrole, member::regrole, admin_option) FROM pg_catalog.pg_auth_members
  UNION ALL SELECT format('setting %s %s %s', setdatabase, setrole, setconfig) FROM pg_catalog.pg_db_role_setting
  UNION ALL SELECT format('schema %s %s %s', nspname, nspowner::regrole, nspacl) FROM pg_catalog.pg_namespace WHERE oid IN ${appSchemas}
  UNION ALL SELECT format('relation %s %s %s %s %s %s %s', oid::regclass, relkind, relowner::regrole, relacl, relrowsecurity, relforcerowsecurity, reloptions) FROM pg_catalog.pg_class WHERE relnamespace IN ${appSchemas}
  UNION ALL SELECT format('policy %s %s %s %s %s %s %s', polrelid::regclass, polname, polpermissive, polcmd, polroles, pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid)) FROM pg_catalog.pg_policy
  UNION ALL SELECT format('function %s %s %s %s %s', oid::regprocedure, proowner::regrole, proacl, proconfig, md5(prosrc)) FROM pg_catalog.pg_proc WHERE pronamespace IN ${appSchemas}
  UNION ALL SELECT format('view %s %s', oid::regclass, md5(pg_get_viewdef(oid))) FROM pg_catalog.pg_class WHERE relkind IN ('v', 'm') AND relnamespace IN ${appSchemas}
  UNION ALL SELECT format('default %s %s %s %s', defaclrole::regrole, defaclnamespace, defaclobjtype, defaclacl) FROM pg_catalog.pg_default_acl
  UNION ALL SELECT format('comment %s %s %s %s', classoid, objoid, objsubid, description) FROM pg_catalog.pg_description WHERE classoid = 'pg_catalog.pg_class'::regclass AND objoid IN (SELECT oid FROM pg_catalog.pg_class WHERE relnamespace IN ${appSchemas})
  UNION ALL SELECT format('extension %s %s', extname, extversion) FROM pg_catalog.pg_extension
  UNION ALL SELECT format('acl %s %s', proname, proacl) FROM pg_catalog.pg_proc WHERE proname = 'pg_hba_file_rules'
  UNION ALL SELECT format('acl %s %s', relname, relacl) FROM pg_catalog.pg_class WHERE relname = 'pg_hba_file_rules' AND relnamespace = 'pg_catalog'::regnamespace
  ${counts ? `UNION ALL SELECT * FROM (${counts}) AS counts` : ""}
) AS s(x)`;
    const r = await c.query<{ digest: string }>(sql);
    return r.rows[0].digest;
}

function literal(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}

/** Whether the local cluster exists and runs: `pg_ctl status`'s three answers. */
export type LocalState = "running" | "stopped" | "absent";

/** `--port` names another port than the one the cluster runs on (or, stopped, was set up with). */
export class PortMismatchError extends LocalTwinError {}

/**
 * The local cluster as it is: its state, and a handle whose port is the one the server really listens on (from its
 * postmaster.pid) when it runs, else the one recorded at its last `up`. A `spec.port` that differs is refused: a
 * command must not report or connect to a port the cluster is not on.
 */
export async function inspectLocal(spec: LocalSpec): Promise<{ handle: ClusterHandle; state: LocalState; pid?: number; serverVersion?: string }> {
    const layout = localLayout(spec);
    const recorded = clusterHandle(layout.dataDir, layout.recordedPort ?? DEFAULT_LOCAL_PORT, layout.serverDir);
    if (!isInitialised(recorded)) {
        return { handle: spec.port !== undefined ? { ...recorded, port: spec.port } : recorded, state: "absent" };
    }
    const s = await clusterStatus(recorded);
    const handle = { ...recorded, port: s.port };
    if (spec.port !== undefined && spec.port !== handle.port) {
        const where = s.running
            ? `it runs on ${handle.host}:${handle.port} (the port in its postmaster.pid)`
            : `it is stopped, and set up for ${handle.host}:${handle.port} at its last local up`;
        throw new PortMismatchError(
            `${spec.portFrom ?? "--port"} ${spec.port} does not match the local cluster in ${handle.dataDir}: ${where}. ` +
                `Fix: leave out ${spec.portFrom ?? "--port"} (status, url, psql and down find the port themselves), or move the cluster with: hardened-postgres local up --port ${spec.port}`,
        );
    }
    return {
        handle,
        state: s.running ? "running" : "stopped",
        ...(s.pid !== undefined ? { pid: s.pid } : {}),
        ...(s.serverVersion !== undefined ? { serverVersion: s.serverVersion } : {}),
    };
}

/** Stops the local cluster and keeps its data; then the audit shipper, whose last pass ships what the server wrote last. */
export async function localDown(spec: LocalSpec): Promise<{ handle: ClusterHandle; wasRunning: boolean }> {
    const { handle, state } = await inspectLocal(spec);
    await stopCluster(handle);
    const audit = state === "absent" ? undefined : clusterAuditLayout(handle);
    if (audit) {
        await stopAuditShipper(audit);
    }
    return { handle, wasRunning: state === "running" };
}

/** What `local status` reports. */
export interface LocalStatus {
    state: LocalState;
    initialised: boolean;
    running: boolean;
    pid?: number;
    host: string;
    /** The port the server listens on when it runs (from postmaster.pid), else the one recorded at the last `up`. */
    port: number;
    dataDir: string;
    /** The server's own files (pgdata, its TLS key pair), owned by its OS user. */
    serverDir: string;
    database: string;
    caFile: string;
    serviceFile: string;
    passFile: string;
    serverVersion?: string;
    loginRoles: string[];
    /** The audit archive `verify --audit-archive` reads, when the cluster ships its log to one. */
    auditArchive?: string;
    /** The background audit shipper's pid, when it runs. */
    auditShipperPid?: number;
}

export async function localStatus(spec: LocalSpec): Promise<LocalStatus> {
    const { handle, state, pid, serverVersion } = await inspectLocal(spec);
    const files = clientFiles(handle.dataDir);
    return {
        state,
        initialised: state !== "absent",
        running: state === "running",
        ...(pid !== undefined ? { pid } : {}),
        host: handle.host,
        port: handle.port,
        dataDir: handle.dataDir,
        serverDir: handle.serverDir,
        database: LOCAL_DATABASE,
        caFile: handle.caFile,
        serviceFile: files.serviceFile,
        passFile: files.passFile,
        ...(serverVersion !== undefined ? { serverVersion } : {}),
        loginRoles: localLoginRoles(handle),
        ...auditStatus(state === "absent" ? undefined : clusterAuditLayout(handle)),
    };
}

function auditStatus(audit: AuditLayout | undefined): Pick<LocalStatus, "auditArchive" | "auditShipperPid"> {
    if (!audit) {
        return {};
    }
    const pid = runningShipperPid(audit);
    return { auditArchive: audit.archiveDir, ...(pid !== undefined ? { auditShipperPid: pid } : {}) };
}

/** Roles one can connect as: the model's login roles, then the bootstrap admin. */
export function localLoginRoles(h: ClusterHandle): string[] {
    return [...resolveAccessModel(LOCAL_ACCESS_MODEL).loginRoles.map((l) => l.name), h.bootstrapUser];
}

/** Every local login role with its password (for the pgpass file). Never print it. */
function localLogins(h: ClusterHandle): Array<{ role: string; password: string }> {
    return localLoginRoles(h).map((role) => ({ role, password: role === h.bootstrapUser ? bootstrapPassword(h) : localRolePassword(h, role) }));
}

/** The group role a local login role belongs to, or `admin` for the bootstrap superuser. */
export function localRoleGroup(h: ClusterHandle, role: string): string | undefined {
    if (role === h.bootstrapUser) {
        return "admin";
    }
    const m = resolveAccessModel(LOCAL_ACCESS_MODEL);
    const login = m.loginRoles.find((l) => l.name === role);
    return login ? m.groups[login.group] : undefined;
}

/** A role is not one of the local cluster's login roles, or there is no local cluster. */
export class UnknownLocalRoleError extends LocalTwinError {}

/** The handle of an existing local cluster, after checking that `role` is one of its login roles. */
async function localLogin(spec: LocalSpec, role: string): Promise<ClusterHandle> {
    const { handle, state } = await inspectLocal(spec);
    if (state === "absent") {
        throw new UnknownLocalRoleError(`no local cluster in ${handle.dataDir}: run hardened-postgres local up first`);
    }
    const logins = localLoginRoles(handle);
    if (!logins.includes(role)) {
        const m = resolveAccessModel(LOCAL_ACCESS_MODEL);
        const group = Object.values(m.groups).includes(role) ? ` '${role}' is a group role (NOLOGIN); its members log in.` : ` '${role}' is not a role of the local access model.`;
        throw new UnknownLocalRoleError(`cannot connect as '${role}':${group} Login roles: ${logins.join(", ")}`);
    }
    return handle;
}

/**
 * The verify-full connection string of a local login role, password included (it is what `url` is for: a program's
 * DATABASE_URL; for psql, `localPsql` keeps the password off the command line). Group roles cannot log in, and are
 * refused with the list of login roles.
 */
export async function localRoleUrl(spec: LocalSpec, role: string): Promise<string> {
    const handle = await localLogin(spec, role);
    const password = role === handle.bootstrapUser ? bootstrapPassword(handle) : localRolePassword(handle, role);
    return connectionUrl(handle, role, password, LOCAL_DATABASE);
}

/**
 * How to run psql as a local login role with the password kept out of argv: its service in the service file, its
 * password in the 0600 password file (both rewritten for the port the server really listens on).
 */
export async function localPsql(spec: LocalSpec, role: string, psqlArgs: string[] = []): Promise<PsqlInvocation> {
    const handle = await localLogin(spec, role);
    const files = writeClientFiles(handle, LOCAL_DATABASE, localLogins(handle));
    return psqlInvocation(path.join(findPgBinDir(), "psql"), files, role, psqlArgs);
}
