import * as pulumi from "@pulumi/pulumi";

/** Where and as whom the SQL runs: always TLS with verify-full against `caBundlePath`. */
export interface PostgresConnection {
    host: string;
    port: number;
    database: string;
    user: string;
    password: string;
    /** Path to the CA bundle (PEM) the server certificate must chain to. */
    caBundlePath: string;
}

/** Inputs of `PostgresSql`. */
export interface PostgresSqlArgs {
    /** Credentials; marked secret, in state and in outputs. */
    connection: pulumi.Input<PostgresConnection>;
    /** Idempotent statements run in one transaction on create and on every update. */
    applySql: pulumi.Input<pulumi.Input<string>[]>;
    /** Statements that undo what `applySql` created (IF EXISTS), run in one transaction on delete. */
    deleteSql: pulumi.Input<pulumi.Input<string>[]>;
    /** What `applySql` grants to the pgaudit audit role, structured so reviews and tests can read it. */
    auditGrants?: pulumi.Input<Array<{ schema: string; table: string; privileges: string[] }>>;
}

interface SqlState {
    connection: PostgresConnection;
    applySql: string[];
    deleteSql: string[];
    auditGrants?: Array<{ schema: string; table: string; privileges: string[] }>;
}

/**
 * Runs statements in one transaction. Self-contained on purpose: the dynamic provider is serialized, so it requires
 * what it needs inside itself.
 */
async function runStatements(connection: PostgresConnection, statements: string[]): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pg = require("pg");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require("fs");
    const client = new pg.Client({
        host: connection.host,
        port: connection.port,
        database: connection.database,
        user: connection.user,
        password: connection.password,
        ssl: { ca: fs.readFileSync(connection.caBundlePath, "utf8"), rejectUnauthorized: true },
        connectionTimeoutMillis: 15000,
    });
    await client.connect();
    try {
        await client.query("BEGIN");
        for (const statement of statements) {
            await client.query(statement);
        }
        await client.query("COMMIT");
    } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        // The message names the failing statement's error, never the connection's password.
        throw new Error(`applying SQL to ${connection.host}:${connection.port}/${connection.database} failed: ${(e as Error).message}`);
    } finally {
        await client.end().catch(() => undefined);
    }
}

const sqlProvider: pulumi.dynamic.ResourceProvider<SqlState, SqlState> = {
    async create(inputs) {
        await runStatements(inputs.connection, inputs.applySql);
        return { id: `${inputs.connection.host}:${inputs.connection.port}/${inputs.connection.database}`, outs: inputs };
    },
    async diff(_id, olds, news) {
        const target = (c: PostgresConnection) => `${c.host}:${c.port}/${c.database}`;
        const replaces = target(olds.connection) !== target(news.connection) ? ["connection"] : [];
        const changes = replaces.length > 0 || JSON.stringify([olds.applySql, olds.deleteSql, olds.connection]) !== JSON.stringify([news.applySql, news.deleteSql, news.connection]);
        return { changes, replaces, deleteBeforeReplace: false };
    },
    async update(_id, _olds, news) {
        // Re-apply: every statement is idempotent, and statements dropped from the model are undone by deleteSql on delete.
        await runStatements(news.connection, news.applySql);
        return { outs: news };
    },
    async delete(_id, olds) {
        await runStatements(olds.connection, olds.deleteSql);
    },
};

/**
 * Idempotent SQL for what @pulumi/postgresql lacks: RLS policies, `ALTER ROLE … SET`, grants to the pgaudit role.
 * Safe on update (re-applies) and on delete (runs `deleteSql`, IF EXISTS). The connection is a secret.
 */
export class PostgresSql extends pulumi.dynamic.Resource {
    public readonly applySql!: pulumi.Output<string[]>;
    public readonly auditGrants!: pulumi.Output<Array<{ schema: string; table: string; privileges: string[] }> | undefined>;

    constructor(name: string, args: PostgresSqlArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            sqlProvider,
            name,
            { ...args, connection: pulumi.secret(args.connection) },
            { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "connection"] },
            "hardened-postgres",
            "PostgresSql",
        );
    }
}
