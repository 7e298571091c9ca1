import * as pulumi from "@pulumi/pulumi";
import { rolePasswordSql } from "./password-sql";
import { resolveLogin } from "./sql-credentials";
import { inTransaction, LoginResolver, PostgresConnection } from "./sql-resource";

/** Inputs (and state) of `LoginRolePassword`: where the password goes, never the password. */
export interface LoginRolePasswordState {
    /** The password login role. */
    role: string;
    /** The Secrets Manager secret that receives `{engine, host, port, dbname, username, password}`. */
    secretArn: string;
    /** How to reach the database as the admin role (IAM authentication). */
    connection: PostgresConnection;
}

/** Writes a secret's new current version; the default is the AWS SDK, tests inject their own. */
export type SecretWriter = (secretArn: string, region: string, secretString: string) => Promise<void>;

/** PutSecretValue with the AWS SDK: the new version becomes AWSCURRENT. */
export async function putSecretWithSdk(secretArn: string, region: string, secretString: string): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sm = require("@aws-sdk/client-secrets-manager");
    const client = new sm.SecretsManagerClient({ region });
    try {
        await client.send(new sm.PutSecretValueCommand({ SecretId: secretArn, SecretString: secretString }));
    } finally {
        client.destroy();
    }
}

/** 32 characters of base64url (192 random bits): printable ASCII, safe in connection URIs. */
export function generateLoginPassword(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("crypto").randomBytes(24).toString("base64url");
}

/**
 * The dynamic provider. On create it generates a password, sets the role's SCRAM verifier as the admin role, and
 * writes the password to the secret before it commits: if the secret can't be written, the role keeps its old
 * password. Nothing of the password is returned, so nothing of it is in state. `resolve`, `write` and `generate` are
 * injectable for tests.
 */
export function loginRolePasswordProvider(
    resolve: LoginResolver = (c) => resolveLogin(c),
    write: SecretWriter = putSecretWithSdk,
    generate: () => string = generateLoginPassword,
): pulumi.dynamic.ResourceProvider<LoginRolePasswordState, LoginRolePasswordState> {
    const target = (s: LoginRolePasswordState) => `${s.connection.host}:${s.connection.port}/${s.connection.database}`;
    return {
        async create(inputs) {
            const password = generate();
            const c = inputs.connection;
            await inTransaction(c, resolve, async (client) => {
                await client.query(rolePasswordSql(inputs.role, password));
                const value = JSON.stringify({ engine: "postgres", host: c.host, port: c.port, dbname: c.database, username: inputs.role, password });
                await write(inputs.secretArn, c.credentials.region, value);
            });
            return { id: `${target(inputs)}/${inputs.role}`, outs: inputs };
        },
        async diff(_id, olds, news) {
            // A new role, secret or database needs a new password; nothing else does (replace with `pulumi up --replace` to rotate).
            const replaces = [olds.role !== news.role ? "role" : "", olds.secretArn !== news.secretArn ? "secretArn" : "", target(olds) !== target(news) ? "connection" : ""].filter((r) => r !== "");
            const changes = replaces.length > 0 || JSON.stringify(olds.connection) !== JSON.stringify(news.connection);
            return { changes, replaces, deleteBeforeReplace: false };
        },
        async update(_id, _olds, news) {
            // Only how the admin role logs in changed: the password stays.
            return { outs: news };
        },
        async delete() {
            // The Role and the Secret are resources of their own and go with them.
        },
    };
}

/**
 * A password login role's password, generated when it is created (issue 14): the role holds its SCRAM verifier, the
 * Secrets Manager secret holds the password, and Pulumi's state holds only the role name and the secret's ARN.
 */
export class LoginRolePassword extends pulumi.dynamic.Resource {
    public readonly role!: pulumi.Output<string>;
    public readonly secretArn!: pulumi.Output<string>;

    constructor(name: string, args: { [K in keyof LoginRolePasswordState]: pulumi.Input<LoginRolePasswordState[K]> }, opts?: pulumi.CustomResourceOptions) {
        super(loginRolePasswordProvider(), name, { ...args }, opts, "hardened-postgres", "LoginRolePassword");
    }
}
