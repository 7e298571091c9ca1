/** The Pulumi rendering under mocks: provider, credentials, secrets, parents and the IAM variant. */
import * as pulumi from "@pulumi/pulumi";
import { AccessModel } from "../../../components/database-access/model";
import { SAMPLE_ACCESS_MODEL } from "../../../components/database-access/sample-model";
import { isSecret, MASTER_SECRET, PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const registered = new PulumiRecorder().install().resources;
import { DatabaseAccess, DatabaseAccessArgs } from "../../../components/database-access/database-access";

const IAM_MODEL: AccessModel = {
    ...SAMPLE_ACCESS_MODEL,
    loginRoles: SAMPLE_ACCESS_MODEL.loginRoles.map((l) => (l.name === "svc_api" ? { ...l, auth: "iam" as const } : l)),
};

const args: DatabaseAccessArgs = {
    model: IAM_MODEL,
    host: "db.example.internal",
    database: "app",
    masterSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1",
    caBundlePath: "/etc/ssl/rds/global-bundle.pem",
    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1",
};

const children: Array<{ type: string; name: string; parent?: pulumi.Resource }> = [];
let access: DatabaseAccess;

beforeAll(async () => {
    access = new DatabaseAccess("app", args, {
        transformations: [
            (t) => {
                children.push({ type: t.type, name: t.name, parent: t.opts.parent });
                return undefined;
            },
        ],
    });
    await valueOf(access.accessSql.id);
});

const ofType = (type: string) => registered.filter((r) => r.type === type);
const byName = (name: string) => registered.find((r) => r.name === name)!;

test("the provider is explicit: master secret credentials, superuser false, verify-full with the RDS CA bundle", async () => {
    const [provider] = ofType("pulumi:providers:postgresql");
    expect(provider.inputs).toMatchObject({
        host: "db.example.internal",
        port: "5432",
        database: "app",
        username: MASTER_SECRET.username,
        password: MASTER_SECRET.password,
        superuser: "false",
        sslmode: "verify-full",
        sslrootcert: "/etc/ssl/rds/global-bundle.pem",
    });
    expect(await isSecret(access.loginPasswords.svc_migrate)).toBe(true);
});

test("every child has the component as parent, and every postgresql resource uses the explicit provider", () => {

    const descendants = children.filter((c) => c.type !== "hardened-postgres:postgresql:DatabaseAccess");
    expect(descendants.length).toBeGreaterThan(30);
    expect(descendants.filter((c) => c.parent !== access).map((c) => c.name)).toEqual([]);
    const postgres = registered.filter((r) => r.type.startsWith("postgresql:index/"));
    expect(postgres.length).toBeGreaterThan(25);
    expect(postgres.filter((r) => r.provider === undefined || !r.provider.includes("pulumi:providers:postgresql::app-postgresql")).map((r) => r.name)).toEqual([]);
});

test("no login role holds an admin attribute; owner members do not inherit; limits are set", () => {
    for (const name of ["svc_api", "svc_migrate", "svc_reporting", "svc_audit"]) {
        expect(byName(`app-role-${name}`).inputs).toMatchObject({ login: true, superuser: false, createRole: false, createDatabase: false, bypassRowLevelSecurity: false, replication: false });
    }
    expect(byName("app-role-svc_migrate").inputs).toMatchObject({ inherit: false, connectionLimit: 2, statementTimeout: 900000 });
    expect(byName("app-role-svc_api").inputs).toMatchObject({ inherit: true, connectionLimit: 50, statementTimeout: 30000 });
    expect(byName("app-role-hpg_owner").inputs).toMatchObject({ login: false, bypassRowLevelSecurity: false });
    expect(ofType("postgresql:index/grant:Grant").every((g) => g.inputs.role !== "public")).toBe(true);
});

test("an IAM login role gets rds_iam and no password or secret", () => {
    expect(byName("app-member-svc_api-rds_iam").inputs).toEqual({ role: "svc_api", grantRole: "rds_iam" });
    expect(byName("app-role-svc_api").inputs.password).toBeUndefined();
    expect(registered.some((r) => r.name === "app-svc_api-secret")).toBe(false);
    expect(access.loginPasswords.svc_api).toBeUndefined();
});

test("a password login role: random password, SCRAM verifier in the role, secret encrypted with the customer-managed key", async () => {
    const role = byName("app-role-svc_reporting").inputs;
    expect(byName("app-role-svc_reporting").secretInputs).toEqual(["password"]);
    expect(role.password).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(byName("app-svc_reporting-password").inputs).toMatchObject({ length: 32, special: false });
    expect(byName("app-svc_reporting-secret").inputs).toMatchObject({ kmsKeyId: args.kmsKeyArn });
    const value = JSON.parse(byName("app-svc_reporting-secret-value").inputs.secretString);
    expect(value).toEqual({ engine: "postgres", host: "db.example.internal", port: 5432, dbname: "app", username: "svc_reporting", password: `pw${"x".repeat(30)}` });
    expect(await isSecret(access.loginPasswords.svc_reporting)).toBe(true);
});

test("the SQL resource: secret connection, RLS, audit grants and owner-member settings; idempotent delete statements", async () => {
    const [sql] = ofType("pulumi-nodejs:dynamic/hardened-postgres:PostgresSql");
    expect(sql.secretInputs).toEqual(["connection"]);
    expect(sql.inputs.connection).toEqual({ host: "db.example.internal", port: 5432, database: "app", ...{ user: MASTER_SECRET.username, password: MASTER_SECRET.password }, caBundlePath: args.caBundlePath });
    expect(typeof sql.inputs.__provider).toBe("string");
    expect(sql.inputs.__provider).toContain('require("pg")');
    const apply: string[] = sql.inputs.applySql;
    expect(apply).toEqual(
        expect.arrayContaining([
            "GRANT \"hpg_owner\" TO CURRENT_USER",
            "ALTER ROLE \"svc_migrate\" SET role = 'hpg_owner'",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE \"app\".\"patients\" TO \"rds_pgaudit\"",
            "SELECT \"hpg\".\"enable_tenant_isolation\"('\"app\".\"clinics\"'::regclass, 'tenant_id')",
        ]),
    );
    expect(sql.inputs.deleteSql).toEqual(expect.arrayContaining(["DROP VIEW IF EXISTS \"hpg\".\"isolation_gaps\"", "ALTER ROLE \"svc_migrate\" RESET role"]));
    expect(await isSecret((access.accessSql as unknown as { connection: pulumi.Output<unknown> }).connection)).toBe(true);
});

test("a bad model fails the component with a ResourceError naming the field, before any child is declared", () => {
    const before = registered.length;
    expect(
        () => new DatabaseAccess("bad", { ...args, model: { ...SAMPLE_ACCESS_MODEL, loginRoles: [{ name: "svc_x", service: "x", group: "app_rw", auth: "password", bypassRowLevelSecurity: true }] } }),
    ).toThrow("[model] [loginRoles[0].bypassRowLevelSecurity] must be false: a login role never holds BYPASSRLS (HPG-ROLE-01)");
    expect(registered.length).toBe(before);
    let error: unknown;
    try {
        new DatabaseAccess("bad", { ...args, model: { ...SAMPLE_ACCESS_MODEL, schema: "Bad Schema!" } });
    } catch (e) {
        error = e;
    }
    expect(error).toBeInstanceOf(pulumi.ResourceError);
    expect((error as pulumi.ResourceError).hideStack).toBe(true);
    expect(registered.length).toBe(before);
});
