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
import {
    bootstrapPassword,
    clientConfig,
    clusterHandle,
    ClusterHandle,
    clusterStatus,
    connectionUrl,
    findPgBinDir,
    initCluster,
    localRolePassword,
    startCluster,
    stopCluster,
} from "./cluster";
import { sampleMigrationSql, sampleSeedSql, SAMPLE_TENANTS } from "./sample-schema";

/** Where `local up` keeps the cluster unless told otherwise (git-ignored). */
export const DEFAULT_LOCAL_DATA_DIR = ".hpg/local";
/** The local cluster's default port: off 5432, so it never collides with a system PostgreSQL. */
export const DEFAULT_LOCAL_PORT = 54329;
/** The application database the access model and the sample schema live in. */
export const LOCAL_DATABASE = "hpg_app";
/** The model `local up` applies: the sample clinic application. */
export const LOCAL_ACCESS_MODEL: AccessModel = SAMPLE_ACCESS_MODEL;
/** `<dataDir>/local.json`: the port chosen at `up`, so `status`, `url` and `down` need no flag. */
const LOCAL_SETTINGS_FILE = "local.json";

/** Which local cluster: its directory and, optionally, a port (else the one stored at the last `up`, else the default). */
export interface LocalSpec {
    dataDir: string;
    port?: number;
}

function storedPort(dataDir: string): number | undefined {
    const file = path.join(path.resolve(dataDir), LOCAL_SETTINGS_FILE);
    if (!fs.existsSync(file)) {
        return undefined;
    }
    const port = (JSON.parse(fs.readFileSync(file, "utf8")) as { port?: unknown }).port;
    return typeof port === "number" ? port : undefined;
}

/** The handle of the local cluster `spec` names (touches nothing). */
export function localHandle(spec: LocalSpec): ClusterHandle {
    return clusterHandle(spec.dataDir, spec.port ?? storedPort(spec.dataDir) ?? DEFAULT_LOCAL_PORT);
}

function readIfExists(file: string): string | undefined {
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

/** What `localUp` did; `changes` is empty when the cluster was already up and provisioned. */
export interface LocalUpResult {
    handle: ClusterHandle;
    database: string;
    changes: string[];
}

/**
 * Brings the local hardened cluster up: creates it the first time (TLS, hostssl+scram, pgaudit, hardened profile),
 * starts it, creates the application database, applies the access model, runs the sample application's migrations
 * as its migrator role, seeds two tenants, and sets the login roles' passwords. Idempotent: a second run changes
 * nothing and reports no change.
 */
export async function localUp(spec: LocalSpec): Promise<LocalUpResult> {
    // Missing PostgreSQL or pgaudit is reported (with the install command) before anything is created.
    findPgBinDir();
    const previousPort = storedPort(spec.dataDir);
    const port = spec.port ?? previousPort ?? DEFAULT_LOCAL_PORT;
    const before = clusterHandle(spec.dataDir, previousPort ?? port);
    const changes: string[] = [];
    const existed = fs.existsSync(path.join(before.pgdata, "PG_VERSION"));
    const wasRunning = existed && (await clusterStatus(before)).running;
    if (wasRunning && previousPort !== undefined && previousPort !== port) {
        await stopCluster(before);
        changes.push(`stopped PostgreSQL on port ${previousPort} to move it to ${port}`);
    }
    // initCluster creates missing parents 0700 (mkdir -p with its mode); the server's OS user must traverse them, so
    // the parents of the data directory (e.g. `.hpg/`) are created here first, traversable, like any project directory.
    fs.mkdirSync(path.dirname(before.dataDir), { recursive: true, mode: 0o755 });
    const confFiles = ["postgresql.conf", "pg_hba.conf"].map((f) => path.join(before.pgdata, f));
    const confBefore = confFiles.map(readIfExists);
    const handle = await initCluster({ dataDir: spec.dataDir, port });
    fs.writeFileSync(path.join(handle.dataDir, LOCAL_SETTINGS_FILE), JSON.stringify({ port }) + "\n", { mode: 0o600 });
    if (!existed) {
        changes.push(`created a PostgreSQL 15 cluster in ${handle.dataDir}`);
    } else if (confFiles.some((f, i) => readIfExists(f) !== confBefore[i])) {
        changes.push("rewrote postgresql.conf and pg_hba.conf from the hardened profile");
    }
    const running = (await clusterStatus(handle)).running;
    await startCluster(handle);
    if (!running) {
        changes.push(`started PostgreSQL on ${handle.host}:${handle.port}`);
    } else if (await pendingRestart(handle)) {
        // A static setting (e.g. shared_preload_libraries) changed in the profile: reload is not enough.
        await stopCluster(handle);
        await startCluster(handle);
        changes.push("restarted PostgreSQL to apply settings that need a restart");
    }
    changes.push(...(await provisionDatabase(handle, LOCAL_DATABASE, LOCAL_ACCESS_MODEL)));
    return { handle, database: LOCAL_DATABASE, changes };
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

/** Stops the local cluster and keeps its data. */
export async function localDown(spec: LocalSpec): Promise<{ handle: ClusterHandle; wasRunning: boolean }> {
    const handle = localHandle(spec);
    const wasRunning = (await clusterStatus(handle)).running;
    await stopCluster(handle);
    return { handle, wasRunning };
}

/** What `local status` reports. */
export interface LocalStatus {
    initialised: boolean;
    running: boolean;
    pid?: number;
    host: string;
    port: number;
    dataDir: string;
    database: string;
    caFile: string;
    serverVersion?: string;
    loginRoles: string[];
}

export async function localStatus(spec: LocalSpec): Promise<LocalStatus> {
    const handle = localHandle(spec);
    const s = await clusterStatus(handle);
    return {
        initialised: fs.existsSync(path.join(handle.pgdata, "PG_VERSION")),
        running: s.running,
        ...(s.pid !== undefined ? { pid: s.pid } : {}),
        host: handle.host,
        port: handle.port,
        dataDir: handle.dataDir,
        database: LOCAL_DATABASE,
        caFile: handle.caFile,
        ...(s.serverVersion !== undefined ? { serverVersion: s.serverVersion } : {}),
        loginRoles: localLoginRoles(handle),
    };
}

/** Roles one can connect as: the model's login roles, then the bootstrap admin. */
export function localLoginRoles(h: ClusterHandle): string[] {
    return [...resolveAccessModel(LOCAL_ACCESS_MODEL).loginRoles.map((l) => l.name), h.bootstrapUser];
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

/** A role is not one of the local cluster's login roles. */
export class UnknownLocalRoleError extends Error {}

/**
 * The verify-full connection string of a local login role, password included (it is what `url` is for).
 * Group roles cannot log in, and are refused with the list of login roles.
 */
export function localRoleUrl(spec: LocalSpec, role: string): string {
    const handle = localHandle(spec);
    if (!fs.existsSync(path.join(handle.pgdata, "PG_VERSION"))) {
        throw new UnknownLocalRoleError(`no local cluster in ${handle.dataDir}: run hardened-postgres local up first`);
    }
    const logins = localLoginRoles(handle);
    if (!logins.includes(role)) {
        const m = resolveAccessModel(LOCAL_ACCESS_MODEL);
        const group = Object.values(m.groups).includes(role) ? ` '${role}' is a group role (NOLOGIN); its members log in.` : ` '${role}' is not a role of the local access model.`;
        throw new UnknownLocalRoleError(`cannot connect as '${role}':${group} Login roles: ${logins.join(", ")}`);
    }
    const password = role === handle.bootstrapUser ? bootstrapPassword(handle) : localRolePassword(handle, role);
    return connectionUrl(handle, role, password, LOCAL_DATABASE);
}
