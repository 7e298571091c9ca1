/**
 * The admin role's bootstrap and PostgresSql's run-time login on a real cluster set up like RDS: a master user that is
 * CREATEROLE and a member of rds_superuser but not a superuser, an rds_iam role, and a database the master owns. The
 * password comes from the (injected) managed secret when the SQL runs; it is in no input. IAM tokens can't be issued
 * locally: the injected IAM client answers with a password the test sets on the admin role instead.
 */
import { Client } from "pg";
import { renderRoleSql, renderTableSql } from "../../../components/database-access/access-sql";
import { ADMIN_ROLE, adminRoleBootstrapSql, adminRoleRemovalSql } from "../../../components/database-access/admin-role-sql";
import { resolveAccessModel } from "../../../components/database-access/model";
import { rolePasswordSql } from "../../../components/database-access/password-sql";
import { sampleSchemaMigrationSql, SAMPLE_ACCESS_MODEL } from "../../../components/database-access/sample-model";
import { loginRolePasswordProvider, LoginRolePasswordState } from "../../../components/database-access/login-password";
import { CredentialClients, resolveLogin } from "../../../components/database-access/sql-credentials";
import { PostgresConnection, postgresSqlProvider, SqlState } from "../../../components/database-access/sql-resource";
import { startThrowawayCluster, ThrowawayCluster } from "../../support/pg-cluster";

const MASTER = "hpg_master";
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1";
const m = resolveAccessModel(SAMPLE_ACCESS_MODEL);

let cluster: ThrowawayCluster;
let superuser: Client;
/** What the managed secret holds now; a rotation changes it. */
let secretValue = { username: MASTER, password: "Master-Before-Rotation-1" };
const adminPassword = "Admin-Stands-In-For-An-IAM-Token-1";
const clients: CredentialClients = {
    secretString: async () => JSON.stringify(secretValue),
    iamAuthToken: async () => adminPassword,
};
const provider = postgresSqlProvider((c) => resolveLogin(c, clients));
let asMaster: PostgresConnection;
let asAdmin: PostgresConnection;

const bootstrap = (): SqlState => ({ connection: asMaster, applySql: adminRoleBootstrapSql(m, "app"), deleteSql: adminRoleRemovalSql() });

beforeAll(async () => {
    cluster = await startThrowawayCluster();
    superuser = await cluster.connectAsBootstrap();
    for (const statement of [
        "CREATE ROLE rds_iam NOLOGIN",
        "CREATE ROLE rds_superuser NOLOGIN",
        `CREATE ROLE ${MASTER} LOGIN CREATEROLE CREATEDB PASSWORD '${secretValue.password}'`,
        `GRANT rds_superuser TO ${MASTER}`,
        `CREATE DATABASE app OWNER ${MASTER}`,
    ]) {
        await superuser.query(statement);
    }
    // RDS lets rds_superuser create pgaudit; a local server only lets a superuser, so it exists before the bootstrap.
    const app = await cluster.connectAsBootstrap("app");
    await app.query("CREATE EXTENSION pgaudit");
    await app.end();
    // A role of the model the master created before (a stack that applied the model as the master user).
    const master = await cluster.connect(MASTER, secretValue.password, "app");
    await master.query(`CREATE ROLE ${m.groups.owner} NOLOGIN`);
    await master.end();
    const base = { host: cluster.handle.host, port: cluster.handle.port, database: "app", caBundlePath: cluster.handle.caFile };
    asMaster = { ...base, credentials: { source: "managed-secret", secretArn: SECRET_ARN, region: "eu-west-1" } };
    asAdmin = { ...base, credentials: { source: "iam", user: ADMIN_ROLE, region: "eu-west-1" } };
}, 120_000);

afterAll(async () => {
    await cluster?.destroy();
});

async function adminRole() {
    const { rows } = await superuser.query(
        `SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication, rolpassword IS NULL AS no_password,
                (SELECT array_agg(g.rolname || CASE WHEN am.admin_option THEN ' with admin' ELSE '' END ORDER BY g.rolname)
                   FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid WHERE am.member = a.oid) AS member_of
         FROM pg_authid a WHERE rolname = $1`,
        [ADMIN_ROLE],
    );
    return rows[0];
}

test("create runs the bootstrap as the master user, logged in with the secret's value read at run time; update runs it again (idempotent)", async () => {
    const created = await provider.create!(bootstrap());
    expect(created.id).toBe(`${cluster.handle.host}:${cluster.handle.port}/app`);
    expect(JSON.stringify(created.outs)).not.toContain(secretValue.password);
    await provider.update!(created.id, created.outs!, bootstrap());
    expect(await adminRole()).toEqual({
        rolcanlogin: true,
        rolsuper: false,
        rolcreaterole: true,
        rolcreatedb: false,
        rolbypassrls: false,
        rolreplication: false,
        no_password: true,
        member_of: [`${m.groups.owner} with admin`, "pg_read_all_settings with admin", "pg_read_all_stats with admin", "rds_iam with admin"],
    });
    const { rows } = await superuser.query(
        "SELECT has_database_privilege($1, 'app', 'CREATE') AS create_db, pg_has_role($1, 'rds_superuser', 'MEMBER') AS rds_superuser",
        [ADMIN_ROLE],
    );
    expect(rows[0]).toEqual({ create_db: true, rds_superuser: false });
    const app = await cluster.connectAsBootstrap("app");
    const lockdown = await app.query("SELECT has_schema_privilege('public', 'public', 'CREATE') AS public_create");
    await app.end();
    expect(lockdown.rows[0]).toEqual({ public_create: false });
});

test("after the master secret rotates, the same inputs run again: the new password is read when the SQL runs", async () => {
    secretValue = { username: MASTER, password: "Master-After-Rotation-2" };
    await superuser.query(`ALTER ROLE ${MASTER} PASSWORD '${secretValue.password}'`);
    await expect(provider.update!("id", bootstrap(), bootstrap())).resolves.toEqual({ outs: bootstrap() });
});

test("a wrong secret value fails with the target and user named, never the password", async () => {
    const rotated = secretValue;
    secretValue = { username: MASTER, password: "Stale-Password-3" };
    try {
        const failing = provider.update!("id", bootstrap(), bootstrap());
        await expect(failing).rejects.toThrow(`connecting to ${cluster.handle.host}:${cluster.handle.port}/app as ${MASTER} failed: password authentication failed for user "${MASTER}"`);
        await expect(failing.catch((e: Error) => e.message)).resolves.not.toContain("Stale-Password-3");
    } finally {
        secretValue = rotated;
    }
});

test("the admin role, neither superuser nor rds_superuser, applies the whole model (RDS rendering) around the sample migration", async () => {
    // Stands in for the IAM token: RDS accepts a token for rds_iam members; a local server only passwords.
    await superuser.query(rolePasswordSql(ADMIN_ROLE, adminPassword));
    const roles: SqlState = { connection: asAdmin, applySql: renderRoleSql(SAMPLE_ACCESS_MODEL, "rds"), deleteSql: [] };
    await provider.create!(roles);
    await provider.update!("id", roles, roles);
    const migratorPassword = "Migrator-Password-4";
    await superuser.query(rolePasswordSql("svc_migrate", migratorPassword));
    const migrator = await cluster.connect("svc_migrate", migratorPassword, "app");
    for (const statement of sampleSchemaMigrationSql(SAMPLE_ACCESS_MODEL.schema)) {
        await migrator.query(statement);
    }
    await migrator.end();
    const tables: SqlState = { connection: asAdmin, applySql: renderTableSql(SAMPLE_ACCESS_MODEL, "rds"), deleteSql: [] };
    await provider.create!(tables);
    const app = await cluster.connectAsBootstrap("app");
    const { rows } = await app.query(
        "SELECT pg_has_role('svc_api', 'rds_iam', 'MEMBER') AS api_iam, pg_has_role('hpg_auditor', 'pg_read_all_settings', 'MEMBER') AS auditor_settings, " +
            "has_table_privilege('rds_pgaudit', 'app.patients', 'SELECT') AS audit_patients, (SELECT relforcerowsecurity FROM pg_class WHERE oid = 'app.patients'::regclass) AS forced",
    );
    await app.end();
    expect(rows[0]).toEqual({ api_iam: SAMPLE_ACCESS_MODEL.loginRoles.find((l) => l.name === "svc_api")!.auth === "iam", auditor_settings: true, audit_patients: true, forced: true });
});

describe("LoginRolePassword: a password login role's password made at run time, as the admin role", () => {
    const REPORTING_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:svc_reporting";
    const written: Array<{ secretArn: string; region: string; value: string }> = [];
    const writer = async (secretArn: string, region: string, value: string) => void written.push({ secretArn, region, value });
    const state = (): LoginRolePasswordState => ({ role: "svc_reporting", secretArn: REPORTING_SECRET, connection: asAdmin });
    const verifier = async () => (await superuser.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'svc_reporting'")).rows[0].rolpassword as string;

    test("create sets the SCRAM verifier and writes the password to the secret; state keeps only the role and the secret's ARN", async () => {
        const created = await loginRolePasswordProvider((c) => resolveLogin(c, clients), writer).create!(state());
        expect(created).toEqual({ id: `${cluster.handle.host}:${cluster.handle.port}/app/svc_reporting`, outs: state() });
        expect(written.map((w) => ({ ...w, value: { ...JSON.parse(w.value), password: "…" } }))).toEqual([
            { secretArn: REPORTING_SECRET, region: "eu-west-1", value: { engine: "postgres", host: cluster.handle.host, port: cluster.handle.port, dbname: "app", username: "svc_reporting", password: "…" } },
        ]);
        const password: string = JSON.parse(written[0].value).password;
        expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
        expect(await verifier()).toMatch(/^SCRAM-SHA-256\$4096:/);
        const client = await cluster.connect("svc_reporting", password, "app");
        expect((await client.query("SELECT current_user AS u")).rows).toEqual([{ u: "svc_reporting" }]);
        await client.end();
    });

    test("update (only the admin's login changed) keeps the password; diff sees no change for the same inputs", async () => {
        const before = await verifier();
        const provider = loginRolePasswordProvider((c) => resolveLogin(c, clients), writer);
        expect(await provider.diff!("id", state(), state())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
        expect(await provider.diff!("id", state(), { ...state(), role: "svc_api" })).toEqual({ changes: true, replaces: ["role"], deleteBeforeReplace: false });
        await provider.update!("id", state(), state());
        expect(await verifier()).toBe(before);
        expect(written).toHaveLength(1);
    });

    test("a secret that can't be written leaves the role's password as it was", async () => {
        const before = await verifier();
        const failing = loginRolePasswordProvider(
            (c) => resolveLogin(c, clients),
            async () => {
                throw new Error("AccessDeniedException: not allowed to PutSecretValue");
            },
        ).create!(state());
        await expect(failing).rejects.toThrow(`applying SQL to ${cluster.handle.host}:${cluster.handle.port}/app as ${ADMIN_ROLE} failed: AccessDeniedException: not allowed to PutSecretValue`);
        expect(await verifier()).toBe(before);
    });
});

test("delete, as the master user with the current secret, drops the admin role and what it owns; a second delete is a no-op", async () => {
    await provider.delete!("id", bootstrap());
    await provider.delete!("id", bootstrap());
    const { rows } = await superuser.query("SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1", [ADMIN_ROLE]);
    expect(rows[0]).toEqual({ n: 0 });
});

test("a master user named like the admin role is refused before anything changes", async () => {
    await superuser.query(`CREATE ROLE ${ADMIN_ROLE} LOGIN CREATEROLE PASSWORD 'Misnamed-Master-5'`);
    secretValue = { username: ADMIN_ROLE, password: "Misnamed-Master-5" };
    await expect(provider.create!(bootstrap())).rejects.toThrow(
        `applying SQL to ${cluster.handle.host}:${cluster.handle.port}/app as ${ADMIN_ROLE} failed: the master user is named ${ADMIN_ROLE}, the role DatabaseAccess applies the model as: give HardenedPostgres another masterUsername`,
    );
    const { rows } = await superuser.query("SELECT rolpassword IS NOT NULL AS has_password FROM pg_authid WHERE rolname = $1", [ADMIN_ROLE]);
    expect(rows[0]).toEqual({ has_password: true });
});
