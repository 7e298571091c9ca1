/** The Pulumi rendering under mocks: provider, credentials, secrets, parents and the IAM variant. */
import * as pulumi from "@pulumi/pulumi";
import { adminRoleBootstrapSql, adminRoleRemovalSql } from "../../../components/database-access/admin-role-sql";
import { AccessModel, resolveAccessModel } from "../../../components/database-access/model";
import { SAMPLE_ACCESS_MODEL } from "../../../components/database-access/sample-model";
import { isSecret, MASTER_SECRET, PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();
const registered = recorder.resources;
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
    dbiResourceId: "db-ABCDEFGHIJKLMNOPQRSTUVWXY1",
    caBundlePath: "/etc/ssl/rds/global-bundle.pem",
    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1",
};

const children: Array<{ type: string; name: string; parent?: pulumi.Resource }> = [];
let access: DatabaseAccess;

beforeAll(async () => {
    access = new DatabaseAccess("app", args, {
        transformations: [
            recorder.captureOptions,
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

test("the provider is explicit: the admin role with IAM authentication and no password, superuser false, verify-full with the RDS CA bundle", async () => {
    const [provider] = ofType("pulumi:providers:postgresql");
    const { version: _version, ...inputs } = provider.inputs;
    expect(inputs).toEqual({
        host: "db.example.internal",
        port: "5432",
        database: "app",
        username: "hpg_access_admin",
        awsRdsIamAuth: "true",
        awsRdsIamRegion: "us-east-1",
        superuser: "false",
        sslmode: "verify-full",
        sslrootcert: "/etc/ssl/rds/global-bundle.pem",
        connectTimeout: "15",
    });
    expect(provider.secretInputs).toEqual([]);
    expect(provider.opts?.dependsOn).toEqual([access.adminBootstrap]);
});

test("the master user's password (from the managed secret) reaches no resource's inputs, providers and SQL resources included", () => {
    const everything = JSON.stringify(registered.map((r) => r.inputs));
    expect(everything).not.toContain(MASTER_SECRET.password);
    expect(everything).not.toContain(MASTER_SECRET.username);
    expect(ofType("pulumi:providers:postgresql")[0].inputs.password).toBeUndefined();
});

test("the bootstrap runs as the master user, whose login it reads from the managed secret at run time", () => {
    const [bootstrap] = ofType("pulumi-nodejs:dynamic/hardened-postgres:PostgresSql").filter((r) => r.name === "app-admin-bootstrap");
    expect(bootstrap.secretInputs).toEqual([]);
    expect(bootstrap.inputs.connection).toEqual({
        host: "db.example.internal",
        port: 5432,
        database: "app",
        caBundlePath: args.caBundlePath,
        credentials: { source: "managed-secret", secretArn: args.masterSecretArn, region: "us-east-1" },
    });
    expect(bootstrap.inputs.applySql).toEqual(adminRoleBootstrapSql(resolveAccessModel(IAM_MODEL), "app"));
    expect(bootstrap.inputs.deleteSql).toEqual(adminRoleRemovalSql());
    expect(bootstrap.inputs.__provider).toContain('require("@aws-sdk/client-secrets-manager")');
    expect(bootstrap.inputs.__provider).toContain('require("@aws-sdk/rds-signer")');
});

test("the deployer's IAM policy: rds-db:connect as the admin role on this instance's resource id", async () => {
    expect(access.adminRole).toBe("hpg_access_admin");
    expect(JSON.parse(await valueOf(access.adminConnectPolicy))).toEqual({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "rds-db:connect", Resource: "arn:aws:rds-db:us-east-1:123456789012:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXY1/hpg_access_admin" }],
    });
});

test("every postgresql resource waits for the bootstrap through the provider, and no pgaudit Extension resource is declared (the bootstrap creates it)", () => {
    expect(ofType("postgresql:index/extension:Extension")).toEqual([]);
    const postgres = registered.filter((r) => r.type.startsWith("postgresql:index/"));
    expect(postgres.filter((r) => r.provider === undefined || !r.provider.includes("pulumi:providers:postgresql::app-postgresql")).map((r) => r.name)).toEqual([]);
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
    expect(registered.some((r) => r.name === "app-svc_api-password")).toBe(false);
    expect(access.loginSecretArns.svc_api).toBeUndefined();
});

test("a password login role: a secret encrypted with the customer-managed key, and a LoginRolePassword that keeps only the role and the secret's ARN", async () => {
    expect(byName("app-role-svc_reporting").inputs.password).toBeUndefined();
    expect(byName("app-svc_reporting-secret").inputs).toMatchObject({ kmsKeyId: args.kmsKeyArn });
    const password = byName("app-svc_reporting-password");
    expect(password.type).toBe("pulumi-nodejs:dynamic/hardened-postgres:LoginRolePassword");
    const { __provider, ...inputs } = password.inputs;
    expect(inputs).toEqual({
        role: "svc_reporting",
        secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:app-svc_reporting-secret",
        connection: { host: "db.example.internal", port: 5432, database: "app", caBundlePath: args.caBundlePath, credentials: { source: "iam", user: "hpg_access_admin", region: "us-east-1" } },
    });
    expect(__provider).toContain('require("@aws-sdk/client-secrets-manager")');
    const after = await Promise.all((password.opts?.dependsOn as pulumi.Resource[]).map((r) => valueOf(r.urn)));
    expect(after.map((urn) => urn.split("::").pop())).toEqual(["app-role-svc_reporting", "app-svc_reporting-secret"]);
    expect(await valueOf(access.loginSecretArns.svc_reporting)).toBe("arn:aws:secretsmanager:us-east-1:123456789012:app-svc_reporting-secret");
    // No generated value, verifier or secret version is declared: the password is made when LoginRolePassword runs.
    expect(registered.filter((r) => r.type.startsWith("random:") || r.type === "aws:secretsmanager/secretVersion:SecretVersion").map((r) => r.name)).toEqual([]);
});

test("the SQL resource: runs as the admin role with IAM authentication, no secret in its inputs; RLS, audit grants and owner-member settings; idempotent delete statements", async () => {
    const sql = byName("app-sql");
    expect(sql.type).toBe("pulumi-nodejs:dynamic/hardened-postgres:PostgresSql");
    expect(sql.secretInputs).toEqual([]);
    expect(sql.inputs.connection).toEqual({ host: "db.example.internal", port: 5432, database: "app", caBundlePath: args.caBundlePath, credentials: { source: "iam", user: "hpg_access_admin", region: "us-east-1" } });
    expect(sql.opts?.dependsOn).toEqual(expect.arrayContaining([access.adminBootstrap]));
    expect(typeof sql.inputs.__provider).toBe("string");
    expect(sql.inputs.__provider).toContain('require("pg")');
    const apply: string[] = sql.inputs.applySql;
    expect(apply).toEqual(
        expect.arrayContaining([
            "GRANT \"hpg_owner\" TO CURRENT_USER",
            "ALTER ROLE \"svc_migrate\" SET role = 'hpg_owner'",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE \"app\".\"patients\" TO \"rds_pgaudit\"",
            "SELECT \"hpg\".\"enable_tenant_isolation\"('\"app\".\"clinics\"'::regclass, 'tenant_id')",
        ]),
    );
    // Only the database owner (the master user, in the bootstrap) can revoke it.
    expect(apply).not.toContain("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    expect(sql.inputs.deleteSql).toEqual(expect.arrayContaining(["DROP VIEW IF EXISTS \"hpg\".\"isolation_gaps\"", "ALTER ROLE \"svc_migrate\" RESET role"]));
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

test("a model role named like the admin role fails the component before any child is declared", () => {
    const before = registered.length;
    const model: AccessModel = { ...SAMPLE_ACCESS_MODEL, loginRoles: [{ name: "hpg_access_admin", service: "x", group: "app_rw", auth: "iam" }] };
    expect(() => new DatabaseAccess("clash", { ...args, model })).toThrow("[model] 'hpg_access_admin' cannot be a role of the model: it is the role DatabaseAccess applies the model as");
    expect(registered.length).toBe(before);
});
