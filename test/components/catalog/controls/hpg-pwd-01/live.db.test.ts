import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { VERIFIER_TYPES_FUNCTION } from "../../../../../components/catalog/controls/hpg-pwd-01/verifier-types";
import { resolveAccessModel, rolePasswordSql } from "../../../../../components/database-access";
import { passwordVerifierTypesSql } from "../../../../../components/database-access/password-verifier-sql";
import { bootstrapPassword, clientConfig, localRolePassword } from "../../../../../infra/local-twin/cluster";
import { LOCAL_ACCESS_MODEL } from "../../../../../infra/local-twin/local-database";
import { CheckResult, verifyServer, VerifyReport } from "../../../../../policies/live";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../../../../support/live-cluster";

/**
 * HPG-PWD-01's stored-verifier half on a real PostgreSQL 15 provisioned as `local up` provisions it: `verify` as the
 * auditor reads each role's verifier type through hpg.password_verifier_types() (as a superuser, from pg_authid), fails
 * every MD5 or plaintext password by role, and never reports a hash; without the function it could not check, never passes.
 */
let db: ProvisionedCluster;
const auditor = roleOf("auditor");
const api = roleOf("app_rw");
const reporting = roleOf("analytics_ro");
const FN = VERIFIER_TYPES_FUNCTION.signature;

beforeAll(async () => {
    db = await startProvisionedCluster();
}, 120_000);

afterAll(async () => {
    await db?.destroy();
});

const pwd01 = (r: VerifyReport): CheckResult => r.results.find((x) => x.control === "HPG-PWD-01")!;
const notPassing = (r: VerifyReport) => r.results.filter((x) => x.status !== "pass").map((x) => x.control);
const verifyAsAuditor = () => verifyServer(db.url(auditor));
const fix = (role: string) => `fix: re-set it with password_encryption=scram-sha-256: \\password ${role}`;

/** The report holds no password verifier of any kind: no SCRAM secret, no MD5 hash. */
function expectNoHash(report: VerifyReport): void {
    const json = JSON.stringify(report);
    expect(json).not.toMatch(/SCRAM-SHA-256\$/);
    expect(json).not.toMatch(/md5[0-9a-f]{32}/);
}

/** Puts the twin's SCRAM password back on `role` (as `local up` sets it) and proves the role can log in with it again. */
async function restorePassword(role: string): Promise<void> {
    await db.admin.query(rolePasswordSql(role, localRolePassword(db.cluster.handle, role)));
    const client = await db.connectAs(role);
    await client.end();
}

test("the provisioned cluster passes HPG-PWD-01, the auditor reading verifier types through the function and never a hash", async () => {
    const report = await verifyAsAuditor();
    expect(notPassing(report)).toEqual([]);
    const result = pwd01(report);
    expect(result.status).toBe("pass");
    expect(result.notes).toContain(`stored password verifiers of ${result.evidence.at(-1)!.rows.length} roles read through ${FN} as ${auditor} (types only, never the hashes)`);
    const types = Object.fromEntries(result.evidence.at(-1)!.rows.map((r) => [r.role, r.verifier_type]));
    for (const login of resolveAccessModel(LOCAL_ACCESS_MODEL).loginRoles.map((l) => l.name)) {
        expect({ login, type: types[login] }).toEqual({ login, type: "scram-sha-256" });
    }
    expect(types.hpg_auditor).toBe("none");
    expectNoHash(report);
});

test("verify as the bootstrap superuser reads pg_authid itself, types only", async () => {
    const report = await verifyServer(db.url(db.cluster.handle.bootstrapUser));
    const result = pwd01(report);
    expect(result.status).toBe("pass");
    expect(result.evidence.at(-1)!.title).toBe("Type of each role's stored password, read from pg_authid (types only, never the hashes)");
    expect(result.notes).toContain(`stored password verifiers of ${result.evidence.at(-1)!.rows.length} roles read from pg_authid as ${db.cluster.handle.bootstrapUser} (types only, never the hashes)`);
    expectNoHash(report);
});

test("a password set by the superuser under password_encryption=md5 fails HPG-PWD-01 only, naming the role and the fix", async () => {
    await db.admin.query("SET password_encryption = 'md5'");
    await db.admin.query(`ALTER ROLE ${reporting} PASSWORD 'x'`);
    await db.admin.query("RESET password_encryption");
    try {
        const asAuditor = await verifyAsAuditor();
        expect(notPassing(asAuditor)).toEqual(["HPG-PWD-01"]);
        const expected = [`role ${reporting}'s stored password is an MD5 hash (anyone who reads it can log in as the role wherever MD5 logins are accepted); ${fix(reporting)}`];
        expect(pwd01(asAuditor).findings).toEqual(expected);
        expectNoHash(asAuditor);
        // The superuser's own reading of pg_authid finds the same.
        const asSuperuser = await verifyServer(db.url(db.cluster.handle.bootstrapUser));
        expect(pwd01(asSuperuser).findings).toEqual(expected);
        expectNoHash(asSuperuser);
    } finally {
        await restorePassword(reporting);
    }
    expect(pwd01(await verifyAsAuditor()).status).toBe("pass");
});

test("the app role setting its own password to a pre-hashed MD5 string fails HPG-PWD-01 only, and the hash is never reported", async () => {
    // PostgreSQL stores a password that already looks like an MD5 hash as MD5, whatever password_encryption says.
    const hash = `md5${crypto.createHash("md5").update(`secret${api}`).digest("hex")}`;
    const self = await db.connectAs(api);
    try {
        expect((await self.query("SHOW password_encryption")).rows[0].password_encryption).toBe("scram-sha-256");
        await self.query(`ALTER ROLE ${api} PASSWORD '${hash}'`);
    } finally {
        await self.end();
    }
    try {
        const report = await verifyAsAuditor();
        expect(notPassing(report)).toEqual(["HPG-PWD-01"]);
        expect(pwd01(report).findings).toEqual([`role ${api}'s stored password is an MD5 hash (anyone who reads it can log in as the role wherever MD5 logins are accepted); ${fix(api)}`]);
        expect(JSON.stringify(report)).not.toContain(hash.slice(3));
        expectNoHash(report);
    } finally {
        await restorePassword(api);
    }
});

test("a plaintext password written into pg_authid fails HPG-PWD-01 only, and is never reported", async () => {
    const secret = "plaintext-Secret-4711";
    await db.admin.query("UPDATE pg_catalog.pg_authid SET rolpassword = $1 WHERE rolname = $2", [secret, reporting]);
    try {
        const report = await verifyAsAuditor();
        expect(notPassing(report)).toEqual(["HPG-PWD-01"]);
        expect(pwd01(report).findings).toEqual([`role ${reporting}'s stored password is not hashed: PostgreSQL reads it as a plaintext password; ${fix(reporting)}`]);
        expect(JSON.stringify(report)).not.toContain(secret);
    } finally {
        await restorePassword(reporting);
    }
});

/** Runs statements as the bootstrap superuser in the application database, in one transaction. */
async function asAdmin(statements: string[]): Promise<void> {
    await db.admin.query("BEGIN");
    try {
        for (const s of statements) {
            await db.admin.query(s);
        }
        await db.admin.query("COMMIT");
    } catch (e) {
        await db.admin.query("ROLLBACK");
        throw e;
    }
}

/** The function as `local up` provisions it, put back after a tamper. */
const reprovision = () => asAdmin([`DROP FUNCTION IF EXISTS ${FN}`, ...passwordVerifierTypesSql(resolveAccessModel(LOCAL_ACCESS_MODEL))]);

const ENABLE = "a superuser creates it and grants EXECUTE on it to the auditor group (hardened-postgres local up does; elsewhere run passwordVerifierTypesSql from the database-access library as a superuser)";

test.each([
    {
        tamper: "the function dropped",
        sql: [`DROP FUNCTION ${FN}`],
        unverified: (database: string) =>
            `stored passwords are not readable by ${auditor}: it may not read pg_authid, and ${FN} does not exist in database ${database}, so an MD5 or plaintext password can't be excluded; ${ENABLE}`,
    },
    {
        tamper: "EXECUTE revoked from the auditor group",
        sql: [`REVOKE EXECUTE ON FUNCTION ${FN} FROM hpg_auditor`],
        unverified: () => `stored passwords are not readable by ${auditor}: it may not read pg_authid or execute ${FN} (or use schema hpg), so an MD5 or plaintext password can't be excluded; ${ENABLE}`,
    },
    {
        tamper: "a look-alike owned by the owner group that reports SCRAM for everyone",
        sql: [
            `DROP FUNCTION ${FN}`,
            `CREATE FUNCTION ${FN} RETURNS TABLE (role name, verifier_type text) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ SELECT rolname, 'scram-sha-256'::text FROM pg_catalog.pg_roles $$`,
            `ALTER FUNCTION ${FN} OWNER TO hpg_owner`,
            `GRANT EXECUTE ON FUNCTION ${FN} TO hpg_auditor`,
        ],
        unverified: () =>
            `stored passwords are not readable by ${auditor}: it may not read pg_authid, and ${FN} is not the function hardened-postgres provisions (its owner hpg_owner is not a superuser, so it cannot read pg_authid and may report anything; its body is not the one hardened-postgres provisions), so what it returns is no evidence; ${ENABLE}`,
    },
])("$tamper: HPG-PWD-01 could not be checked, never a pass", async ({ sql, unverified }) => {
    await asAdmin(sql);
    try {
        const result = pwd01(await verifyAsAuditor());
        expect(result.status).toBe("error");
        expect(result.findings).toEqual([]);
        expect(result.unverified).toEqual([unverified(db.database)]);
    } finally {
        await reprovision();
    }
    expect(pwd01(await verifyAsAuditor()).status).toBe("pass");
});

describe("on RDS, rds.accepted_password_auth_method is judged instead of the stored verifiers", () => {
    const NAME = "rds.accepted_password_auth_method";
    /** postgresql.conf as provisioned, written back by setRdsParameter(undefined). */
    let original: string | undefined;

    /**
     * Writes the RDS parameter into postgresql.conf as a placeholder setting (ALTER SYSTEM refuses a name no module
     * defines), or puts the file back without it, then waits until new sessions see the value ('' once it is gone).
     */
    async function setRdsParameter(value: string | undefined): Promise<void> {
        const conf = path.join(db.cluster.handle.pgdata, "postgresql.conf");
        original ??= fs.readFileSync(conf, "utf8");
        fs.writeFileSync(conf, value === undefined ? original : `${original}${NAME} = '${value}'\n`);
        await db.admin.query("SELECT pg_reload_conf()");
        const deadline = Date.now() + 10_000;
        for (;;) {
            const probe = new Client(clientConfig(db.cluster.handle, db.cluster.handle.bootstrapUser, bootstrapPassword(db.cluster.handle), db.database));
            await probe.connect();
            const seen: string | null = (await probe.query("SELECT current_setting($1, true) AS v", [NAME])).rows[0].v;
            await probe.end();
            if ((seen || undefined) === value) {
                return;
            }
            if (Date.now() > deadline) {
                throw new Error(`${NAME} did not become '${value}' after reload (is '${seen}')`);
            }
            await new Promise((r) => setTimeout(r, 50));
        }
    }

    const RDS_NOTE =
        "on RDS, rds.accepted_password_auth_method=scram makes the server refuse MD5 logins; pg_hba.conf is not exposed, and stored password verifiers can't be read " +
        "(pg_authid is closed to every customer role; the master user lists their types with rds_tools.role_password_encryption_type())";

    test("missing, as on a server that is not RDS, it fails", async () => {
        const result = pwd01(await verifyServer(db.url(auditor), { platform: "rds" }));
        expect(result.findings).toEqual([`${NAME} is not a setting of this server (an RDS parameter); required: 'scram'; fix: on RDS, set it in the instance's DB parameter group (a server without it is not RDS: verify it without --platform rds)`]);
        expect(result.notes).toEqual([RDS_NOTE]);
    });

    test("md5+scram (RDS's default) fails; scram passes", async () => {
        try {
            await setRdsParameter("md5+scram");
            expect(pwd01(await verifyServer(db.url(auditor), { platform: "rds" })).findings).toEqual([`${NAME} is 'md5+scram'; required: 'scram'; fix: set ${NAME} = 'scram' in the instance's DB parameter group`]);
            await setRdsParameter("scram");
            const result = pwd01(await verifyServer(db.url(auditor), { platform: "rds" }));
            expect(result.status).toBe("pass");
            expect(result.evidence.map((e) => e.title)).not.toContain("Type of each role's stored password, read from pg_authid (types only, never the hashes)");
        } finally {
            await setRdsParameter(undefined);
        }
        expect(pwd01(await verifyAsAuditor()).status).toBe("pass");
    });
});
