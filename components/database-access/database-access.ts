import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import { createAccessSql, createAdminBootstrap, createMemberships, createPostgresProvider, createRoles, createSchemas, createTableGrants, LoginCredentials } from "./access-resources";
import { rdsConnectPolicy, secretArnScope } from "./admin-connect-policy";
import { ADMIN_ROLE, modelRoleNames } from "./admin-role-sql";
import { AccessModel, resolveAccessModel } from "./model";
import { PostgresSql } from "./sql-resource";
import { AccessModelError, validateAccessModel } from "./validate";
import { POSTGRES_PORT } from "../catalog";

/** Arguments of `DatabaseAccess`. */
export interface DatabaseAccessArgs {
    /** The access model; validated before any resource is declared. */
    model: AccessModel;
    /** Endpoint address of the instance (HardenedPostgres `endpoint`). */
    host: pulumi.Input<string>;
    /** Port. Default POSTGRES_PORT (5432). */
    port?: pulumi.Input<number>;
    /** The database the model governs. */
    database: pulumi.Input<string>;
    /** ARN of the RDS-managed master user secret (HardenedPostgres `masterSecretArn`); read at run time, never into state. */
    masterSecretArn: pulumi.Input<string>;
    /** The instance's resource id, `db-…` (HardenedPostgres `resourceId`): IAM database authentication names it. */
    dbiResourceId: pulumi.Input<string>;
    /** Path to the RDS CA bundle (PEM), used as sslrootcert for verify-full (HPG-TLS-04). */
    caBundlePath: string;
    /** Customer-managed KMS key that encrypts the login roles' Secrets Manager secrets (HPG-ENC-01). */
    kmsKeyArn: pulumi.Input<string>;
}

/**
 * The in-database access model on RDS: roles, memberships, schemas, grants and default privileges through
 * @pulumi/postgresql, and RLS, role settings and audit grants through an idempotent SQL resource, all as the admin role
 * `hpg_access_admin` with IAM database authentication. A bootstrap SQL resource creates that role as the master user, whose
 * password it reads from the managed secret when it runs: no password is in any input or in state.
 * Declared tables must exist (created by migrations) before their grants and policies apply.
 */
export class DatabaseAccess extends pulumi.ComponentResource {
    /** The role every child applies the model as (declare it to `verify` with `--admin-role`). */
    public readonly adminRole: string;
    /** The IAM policy (JSON) the deployer needs: `rds-db:connect` as the admin role on this instance. */
    public readonly adminConnectPolicy: pulumi.Output<string>;
    /** The SQL resource that creates the admin role, as the master user. */
    public readonly adminBootstrap: PostgresSql;
    /** The explicit PostgreSQL provider (admin role, IAM authentication, verify-full). */
    public readonly provider: postgresql.Provider;
    /** The SQL resource (RLS, role settings, audit grants); created after every other child. */
    public readonly accessSql: PostgresSql;
    /** Every role of the model by name. */
    public readonly roleNames: string[];
    /** Secrets Manager secret ARNs of password login roles, by role name: the only place their passwords are kept. */
    public readonly loginSecretArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: DatabaseAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(): a bad model registers nothing, and the error reads without a stack trace.
        try {
            validateAccessModel(args.model);
        } catch (e) {
            if (e instanceof AccessModelError) {
                throw new pulumi.ResourceError(`[model] ${e.message}`, undefined, true);
            }
            throw e;
        }
        const m = resolveAccessModel(args.model);
        if (modelRoleNames(m).includes(ADMIN_ROLE)) {
            throw new pulumi.ResourceError(`[model] '${ADMIN_ROLE}' cannot be a role of the model: it is the role DatabaseAccess applies the model as`, undefined, true);
        }
        super("hardened-postgres:postgresql:DatabaseAccess", name, {}, opts);
        const endpoint = { host: args.host, port: args.port ?? POSTGRES_PORT, database: args.database, masterSecretArn: args.masterSecretArn, caBundlePath: args.caBundlePath };
        const adminBootstrap = createAdminBootstrap(name, m, endpoint, this);
        const { provider, connection } = createPostgresProvider(name, endpoint, adminBootstrap, this);
        const { roles, credentials, passwords } = createRoles(name, m, args.kmsKeyArn, connection, this, provider);
        const memberships = createMemberships(name, m, roles, this, provider);
        const schemas = createSchemas(name, m, args.database, roles, this, provider);
        const grants = createTableGrants(name, m, args.database, [...Object.values(roles), ...schemas], this, provider);
        const accessSql = createAccessSql(name, m, connection, [adminBootstrap, ...Object.values(roles), ...passwords, ...memberships, ...schemas, ...grants], this);

        this.adminRole = ADMIN_ROLE;
        this.adminConnectPolicy = pulumi.all([args.masterSecretArn, args.dbiResourceId]).apply(([arn, id]) => rdsConnectPolicy(secretArnScope(arn), id, ADMIN_ROLE));
        this.adminBootstrap = adminBootstrap;
        this.provider = provider;
        this.accessSql = accessSql;
        this.roleNames = Object.keys(roles);
        this.loginSecretArns = mapValues(credentials, (c: LoginCredentials) => c.secretArn);
        this.registerOutputs({ adminRole: this.adminRole, adminConnectPolicy: this.adminConnectPolicy, roleNames: this.roleNames, loginSecretArns: this.loginSecretArns });
    }
}

function mapValues<T, U>(record: Record<string, T>, f: (t: T) => U): Record<string, U> {
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}
