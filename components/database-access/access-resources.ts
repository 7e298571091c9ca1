import * as aws from "@pulumi/aws";
import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import { AUDIT_ROLE, AUDITOR_PREDEFINED_ROLES, GROUP_KINDS, isClassifiedTable, RDS_IAM_ROLE, ResolvedAccessModel, TABLE_PRIVILEGES } from "./model";
import { actorContextSql, dropActorContextSql } from "./actor-context-sql";
import { LoginRolePassword } from "./login-password";
import { ownerMemberSettingSql } from "./role-sql";
import { adminActsAsOwnerSql, defaultPrivilegesFor, schemaUsage } from "./schema-sql";
import { PostgresConnection, PostgresSql } from "./sql-resource";
import { SqlCredentials } from "./sql-credentials";
import { ADMIN_ROLE, adminRoleBootstrapSql, adminRoleRemovalSql } from "./admin-role-sql";
import { secretArnScope } from "./admin-connect-policy";
import { qualified, quoteIdent } from "./sql-quote";
import { auditGrantSql, auditGrantsFor, classificationCommentSql, sequenceGrantSql, tableGrantsFor, tableOwnedByOwnerCheckSql } from "./table-grant-sql";
import { dropTenantIsolationSql, helperSql, ifTableExists, tenantIsolationSql } from "./tenant-isolation-sql";

/** Where the model is applied: an RDS instance, through its managed master secret once and IAM authentication after. */
export interface AccessEndpoint {
    host: pulumi.Input<string>;
    port: pulumi.Input<number>;
    database: pulumi.Input<string>;
    /** ARN of the RDS-managed master user secret (JSON with username and password), read only at run time. */
    masterSecretArn: pulumi.Input<string>;
    /** Path to the RDS CA bundle (PEM) for verify-full. */
    caBundlePath: string;
}

/** Where the SQL connects, and how it authenticates: resolved at run time, never a password in inputs or state. */
function sqlConnection(endpoint: AccessEndpoint, credentials: pulumi.Input<SqlCredentials>): pulumi.Output<PostgresConnection> {
    return pulumi.all([endpoint.host, endpoint.port, endpoint.database, credentials]).apply(([host, port, database, c]) => ({
        host,
        port,
        database,
        caBundlePath: endpoint.caBundlePath,
        credentials: c as SqlCredentials,
    }));
}

/**
 * The admin role's bootstrap: SQL run as the master user, whose password the dynamic provider reads from the managed
 * secret's current version each time it runs (a rotation changes nothing here).
 */
export function createAdminBootstrap(name: string, m: ResolvedAccessModel, endpoint: AccessEndpoint, parent: pulumi.Resource): PostgresSql {
    const region = pulumi.output(endpoint.masterSecretArn).apply((arn) => secretArnScope(arn).region);
    const credentials = pulumi.all([endpoint.masterSecretArn, region]).apply(([secretArn, r]): SqlCredentials => ({ source: "managed-secret", secretArn, region: r }));
    return new PostgresSql(
        `${name}-admin-bootstrap`,
        {
            connection: sqlConnection(endpoint, credentials),
            applySql: pulumi.output(endpoint.database).apply((db) => adminRoleBootstrapSql(m, db)),
            deleteSql: adminRoleRemovalSql(),
        },
        { parent },
    );
}

/** The admin role's IAM login (rds_iam), in the secret's (the instance's) region. */
export function adminIamCredentials(endpoint: AccessEndpoint): pulumi.Output<SqlCredentials> {
    return pulumi.output(endpoint.masterSecretArn).apply((arn): SqlCredentials => ({ source: "iam", user: ADMIN_ROLE, region: secretArnScope(arn).region }));
}

/**
 * The explicit provider every child uses: the admin role with IAM database authentication (a token per connection, no
 * password), `superuser: false` as RDS requires, and TLS verify-full against the RDS CA bundle (HPG-TLS-04). It depends
 * on the bootstrap, so every resource it manages is created after, and deleted before, the admin role.
 */
export function createPostgresProvider(name: string, endpoint: AccessEndpoint, bootstrap: PostgresSql, parent: pulumi.Resource): { provider: postgresql.Provider; connection: pulumi.Output<PostgresConnection> } {
    const credentials = adminIamCredentials(endpoint);
    const provider = new postgresql.Provider(
        `${name}-postgresql`,
        {
            host: endpoint.host,
            port: endpoint.port,
            database: endpoint.database,
            username: ADMIN_ROLE,
            awsRdsIamAuth: true,
            awsRdsIamRegion: credentials.apply((c) => c.region),
            superuser: false,
            sslmode: "verify-full",
            sslrootcert: endpoint.caBundlePath,
            connectTimeout: 15,
        },
        { parent, dependsOn: [bootstrap] },
    );
    return { provider, connection: sqlConnection(endpoint, credentials) };
}

/** A password login role's Secrets Manager secret; the password itself is generated at run time and kept out of state. */
export interface LoginCredentials {
    secretArn: pulumi.Output<string>;
}

/**
 * Group roles, the audit role and login roles. A password role gets a Secrets Manager secret encrypted with the
 * customer-managed key, and a `LoginRolePassword` that generates its password when it is created, sets the SCRAM
 * verifier (the plaintext never reaches PostgreSQL) and writes the secret: neither the password nor its verifier is
 * in any input or in state.
 */
export function createRoles(
    name: string,
    m: ResolvedAccessModel,
    kmsKeyArn: pulumi.Input<string>,
    connection: pulumi.Output<PostgresConnection>,
    parent: pulumi.Resource,
    provider: postgresql.Provider,
): { roles: Record<string, postgresql.Role>; credentials: Record<string, LoginCredentials>; passwords: LoginRolePassword[] } {
    const opts = { parent, provider };
    const noAdmin = { superuser: false, createDatabase: false, createRole: false, bypassRowLevelSecurity: false, replication: false };
    const roles: Record<string, postgresql.Role> = {};
    for (const role of [...GROUP_KINDS.map((k) => m.groups[k]), AUDIT_ROLE]) {
        roles[role] = new postgresql.Role(`${name}-role-${role}`, { name: role, login: false, inherit: true, ...noAdmin }, opts);
    }
    const credentials: Record<string, LoginCredentials> = {};
    const passwords: LoginRolePassword[] = [];
    for (const login of m.loginRoles) {
        roles[login.name] = new postgresql.Role(`${name}-role-${login.name}`, { ...loginRoleArgs(login), ...noAdmin }, opts);
        if (login.auth === "password") {
            const secret = new aws.secretsmanager.Secret(
                `${name}-${login.name}-secret`,
                { description: `PostgreSQL login role ${login.name} (service ${login.service})`, kmsKeyId: kmsKeyArn },
                { parent },
            );
            credentials[login.name] = { secretArn: secret.arn };
            passwords.push(new LoginRolePassword(`${name}-${login.name}-password`, { role: login.name, secretArn: secret.arn, connection }, { parent, dependsOn: [roles[login.name], secret] }));
        }
    }
    return { roles, credentials, passwords };
}

function loginRoleArgs(login: ResolvedAccessModel["loginRoles"][number]): postgresql.RoleArgs {
    return {
        name: login.name,
        login: true,
        // Owner members inherit nothing and start as the owner (ALTER ROLE … SET role in the SQL resource).
        inherit: login.group !== "owner",
        connectionLimit: login.connectionLimit,
        statementTimeout: login.statementTimeoutMs,
    };
}

/** Each login role in its one group; the auditor in the predefined roles it reads settings with; IAM logins in rds_iam. */
export function createMemberships(name: string, m: ResolvedAccessModel, roles: Record<string, postgresql.Role>, parent: pulumi.Resource, provider: postgresql.Provider): postgresql.GrantRole[] {
    const grant = (member: string, group: string, dependsOn: pulumi.Resource[]) =>
        new postgresql.GrantRole(`${name}-member-${member}-${group}`, { role: member, grantRole: group }, { parent, provider, dependsOn });
    const out = AUDITOR_PREDEFINED_ROLES.map((r) => grant(m.groups.auditor, r, [roles[m.groups.auditor]]));
    for (const login of m.loginRoles) {
        out.push(grant(login.name, m.groups[login.group], [roles[login.name], roles[m.groups[login.group]]]));
        if (login.auth === "iam") {
            out.push(grant(login.name, RDS_IAM_ROLE, [roles[login.name]]));
        }
    }
    return out;
}

/** Schemas owned by the owner role, USAGE grants and default privileges (the bootstrap creates the pgaudit extension). */
export function createSchemas(
    name: string,
    m: ResolvedAccessModel,
    database: pulumi.Input<string>,
    roles: Record<string, postgresql.Role>,
    parent: pulumi.Resource,
    provider: postgresql.Provider,
): pulumi.Resource[] {
    const opts = (dependsOn: pulumi.Resource[]) => ({ parent, provider, dependsOn });
    const out: pulumi.Resource[] = [];
    for (const { schema, usage } of schemaUsage(m)) {
        const s = new postgresql.Schema(`${name}-schema-${schema}`, { name: schema, owner: m.groups.owner, database }, opts([roles[m.groups.owner]]));
        out.push(s);
        for (const kind of usage) {
            const role = m.groups[kind];
            out.push(new postgresql.Grant(`${name}-usage-${schema}-${role}`, { database, schema, role, objectType: "schema", privileges: ["USAGE"] }, opts([s, roles[role]])));
        }
    }
    const appSchema = out.find((r) => r instanceof postgresql.Schema) as postgresql.Schema;
    for (const d of defaultPrivilegesFor(m)) {
        const role = m.groups[d.grantee];
        out.push(
            new postgresql.DefaultPrivileges(
                `${name}-default-${d.objectType}-${role}`,
                { database, owner: m.groups.owner, schema: m.schema, role, objectType: d.objectType, privileges: d.privileges },
                opts([appSchema, roles[role], roles[m.groups.owner]]),
            ),
        );
    }
    return out;
}

/** Exact table privileges per group role: one Grant per (role, privilege set), listing its tables. */
export function createTableGrants(
    name: string,
    m: ResolvedAccessModel,
    database: pulumi.Input<string>,
    dependsOn: pulumi.Resource[],
    parent: pulumi.Resource,
    provider: postgresql.Provider,
): postgresql.Grant[] {
    const groups = new Map<string, { role: string; privileges: string[]; tables: string[] }>();
    for (const g of tableGrantsFor(m)) {
        const role = m.groups[g.grantee];
        const key = `${role}-${g.privileges.map((p) => p.toLowerCase()).join("-") || "none"}`;
        const entry = groups.get(key) ?? { role, privileges: g.privileges, tables: [] };
        entry.tables.push(g.table);
        groups.set(key, entry);
    }
    return [...groups.entries()].map(
        ([key, g]) =>
            new postgresql.Grant(
                `${name}-tables-${key}`,
                { database, schema: m.schema, role: g.role, objectType: "table", objects: g.tables, privileges: g.privileges },
                { parent, provider, dependsOn },
            ),
    );
}

/** The SQL resource, run as the admin role: role settings, helpers, audit and sequence grants and tenant isolation. */
export function createAccessSql(
    name: string,
    m: ResolvedAccessModel,
    connection: pulumi.Output<PostgresConnection>,
    dependsOn: pulumi.Resource[],
    parent: pulumi.Resource,
): PostgresSql {
    const owner = quoteIdent(m.groups.owner);
    const owners = m.loginRoles.filter((l) => l.group === "owner");
    const applySql = [
        ...adminActsAsOwnerSql(m, "rds"),
        ...owners.map((l) => ownerMemberSettingSql(l.name, m.groups.owner)),
        ...helperSql(m),
        ...actorContextSql(m),
        ...m.tables.map((t) => tableOwnedByOwnerCheckSql(m, t.name)),
        `SET ROLE ${owner}`,
        ...m.tables.flatMap((t) => [
            `REVOKE ALL ON TABLE ${qualified(m.schema, t.name)} FROM ${quoteIdent(AUDIT_ROLE)}`,
            ...(isClassifiedTable(t) ? [auditGrantSql(m, t.name)] : []),
            // Sequence names are the database's (identity and serial columns name their own), so a Grant resource cannot list them.
            sequenceGrantSql(m, t.name),
            ...classificationCommentSql(m, t.name, t.classified),
            ...(t.tenantScoped ? [tenantIsolationSql(m, t.name)] : []),
        ]),
        "RESET ROLE",
    ];
    const deleteSql = [
        ...adminActsAsOwnerSql(m, "rds"),
        `SET ROLE ${owner}`,
        ...m.tables.filter(isClassifiedTable).map((t) => ifTableExists(m, t.name, `REVOKE ALL ON TABLE ${qualified(m.schema, t.name)} FROM ${quoteIdent(AUDIT_ROLE)};`)),
        ...dropActorContextSql(m),
        ...dropTenantIsolationSql(m),
        "RESET ROLE",
        ...owners.map((l) => `ALTER ROLE ${quoteIdent(l.name)} RESET role`),
    ];
    return new PostgresSql(
        `${name}-sql`,
        {
            connection,
            applySql,
            deleteSql,
            auditGrants: auditGrantsFor(m).map((a) => ({ schema: m.schema, table: a.table, privileges: [...TABLE_PRIVILEGES] })),
        },
        { parent, dependsOn },
    );
}
