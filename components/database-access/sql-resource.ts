import * as pulumi from "@pulumi/pulumi";
import { ResolvedLogin, resolveLogin, SqlCredentials } from "./sql-credentials";

/**
 * Where and as whom the SQL runs: always TLS with verify-full against `caBundlePath`. It holds no password: the login
 * is resolved from `credentials` each time the provider runs (issue 14: a stored password breaks at the first rotation).
 */
export interface PostgresConnection {
    host: string;
    port: number;
    database: string;
    /** Path to the CA bundle (PEM) the server certificate must chain to. */
    caBundlePath: string;
    credentials: SqlCredentials;
}

/** Inputs of `PostgresSql`. */
export interface PostgresSqlArgs {
    /** Where to connect and how to authenticate; no secret value. */
    connection: pulumi.Input<PostgresConnection>;
    /** Idempotent statements run in one transaction on create and on every update. */
    applySql: pulumi.Input<pulumi.Input<string>[]>;
    /** Statements that undo what `applySql` created (IF EXISTS), run in one transaction on delete. */
    deleteSql: pulumi.Input<pulumi.Input<string>[]>;
    /** What `applySql` grants to the pgaudit audit role, structured so reviews and tests can read it. */
    auditGrants?: pulumi.Input<Array<{ schema: string; table: string; privileges: string[] }>>;
}

/** The state `PostgresSql` keeps: its inputs. */
export interface SqlState {
    connection: PostgresConnection;
    applySql: string[];
    deleteSql: string[];
    auditGrants?: Array<{ schema: string; table: string; privileges: string[] }>;
}

/** Resolves the login for one run; the default reads AWS, tests inject one. */
export type LoginResolver = (connection: PostgresConnection) => Promise<ResolvedLogin>;

/** The part of a node-postgres client the work inside a transaction uses. */
export interface SqlClient {
    query(statement: string): Promise<unknown>;
}

/**
 * Runs `work` in one transaction, logged in as `resolve` says at this moment; commits only if it succeeds. Self-contained
 * on purpose: the dynamic providers are serialized, so they require what they need inside themselves.
 */
export async function inTransaction(connection: PostgresConnection, resolve: LoginResolver, work: (client: SqlClient) => Promise<void>): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pg = require("pg");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require("fs");
    const login = await resolve(connection);
    const client = new pg.Client({
        host: connection.host,
        port: connection.port,
        database: connection.database,
        user: login.user,
        password: login.password,
        ssl: { ca: fs.readFileSync(connection.caBundlePath, "utf8"), rejectUnauthorized: true },
        connectionTimeoutMillis: 15000,
    });
    // The message names the target and the user, never the password or token.
    const where = `${connection.host}:${connection.port}/${connection.database} as ${login.user}`;
    try {
        await client.connect();
    } catch (e) {
        await client.end().catch(() => undefined);
        throw new Error(`connecting to ${where} failed: ${(e as Error).message}`);
    }
    try {
        await client.query("BEGIN");
        await work(client);
        await client.query("COMMIT");
    } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new Error(`applying SQL to ${where} failed: ${(e as Error).message}`);
    } finally {
        await client.end().catch(() => undefined);
    }
}

/** Runs statements in one transaction. */
async function runStatements(connection: PostgresConnection, statements: string[], resolve: LoginResolver): Promise<void> {
    await inTransaction(connection, resolve, async (client) => {
        for (const statement of statements) {
            await client.query(statement);
        }
    });
}

/** The dynamic provider; `resolve` is injectable so tests run it against a real cluster without AWS. */
export function postgresSqlProvider(resolve: LoginResolver = (c) => resolveLogin(c)): pulumi.dynamic.ResourceProvider<SqlState, SqlState> {
    const target = (c: PostgresConnection) => `${c.host}:${c.port}/${c.database}`;
    return {
        async create(inputs) {
            await runStatements(inputs.connection, inputs.applySql, resolve);
            return { id: target(inputs.connection), outs: inputs };
        },
        async diff(_id, olds, news) {
            const replaces = target(olds.connection) !== target(news.connection) ? ["connection"] : [];
            // Nothing secret is compared (nothing secret is stored): a rotated secret is no change.
            const changes = replaces.length > 0 || JSON.stringify([olds.applySql, olds.deleteSql, olds.connection]) !== JSON.stringify([news.applySql, news.deleteSql, news.connection]);
            return { changes, replaces, deleteBeforeReplace: false };
        },
        async update(_id, _olds, news) {
            // Re-apply: every statement is idempotent, and statements dropped from the model are undone by deleteSql on delete.
            await runStatements(news.connection, news.applySql, resolve);
            return { outs: news };
        },
        async delete(_id, olds) {
            await runStatements(olds.connection, olds.deleteSql, resolve);
        },
    };
}

/**
 * Idempotent SQL for what @pulumi/postgresql lacks: RLS policies, `ALTER ROLE … SET`, grants to the pgaudit role, and
 * the admin role's bootstrap. Safe on update (re-applies) and on delete (runs `deleteSql`, IF EXISTS). Its inputs and
 * state hold no password: the login is resolved when it runs.
 */
export class PostgresSql extends pulumi.dynamic.Resource {
    public readonly connection!: pulumi.Output<PostgresConnection>;
    public readonly applySql!: pulumi.Output<string[]>;
    public readonly auditGrants!: pulumi.Output<Array<{ schema: string; table: string; privileges: string[] }> | undefined>;

    constructor(name: string, args: PostgresSqlArgs, opts?: pulumi.CustomResourceOptions) {
        super(postgresSqlProvider(), name, { ...args }, opts, "hardened-postgres", "PostgresSql");
    }
}
