/**
 * How `PostgresSql` authenticates, resolved each time it runs, so no password sits in its inputs or state and a
 * rotation of the master secret changes nothing in the stack (issue 14, HPG-PWD-02).
 */
export type SqlCredentials =
    /** The RDS-managed master secret: user name and password from its current version (AWSCURRENT), read at run time. */
    | { source: "managed-secret"; secretArn: string; region: string }
    /** IAM database authentication: a 15-minute token signed for `user` with the deployer's AWS credentials (the role needs rds_iam). */
    | { source: "iam"; user: string; region: string };

/** The login `PostgresSql` connects with, resolved at run time. Never stored, logged or put in an error message. */
export interface ResolvedLogin {
    user: string;
    password: string;
}

/** What the resolution needs from AWS; the default is the AWS SDK, tests inject their own. */
export interface CredentialClients {
    /** GetSecretValue of the secret's current version (no VersionId, no VersionStage: AWSCURRENT). */
    secretString(secretArn: string, region: string): Promise<string>;
    /** An RDS IAM authentication token for `username` at `hostname:port`. */
    iamAuthToken(request: { hostname: string; port: number; username: string; region: string }): Promise<string>;
}

/** The part of the Secrets Manager client the resolution uses. */
export interface SecretsManagerLike {
    send(command: { input: { SecretId: string } }): Promise<{ SecretString?: string }>;
    destroy?(): void;
}

/** What may be injected into the AWS SDK clients: a Secrets Manager client, and fixed credentials for the signer. */
export interface AwsClientOptions {
    secretsManager?: (region: string) => SecretsManagerLike;
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * The AWS SDK clients, with the deployer's default credential chain. Self-contained on purpose: Pulumi serializes the
 * dynamic provider, so it requires what it needs when it runs.
 */
export function awsCredentialClients(options: AwsClientOptions = {}): CredentialClients {
    return {
        async secretString(secretArn, region) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const sm = require("@aws-sdk/client-secrets-manager");
            const client: SecretsManagerLike = options.secretsManager ? options.secretsManager(region) : new sm.SecretsManagerClient({ region });
            try {
                // No VersionId or VersionStage: Secrets Manager returns AWSCURRENT, the value RDS rotated to last.
                const out = await client.send(new sm.GetSecretValueCommand({ SecretId: secretArn }));
                if (typeof out.SecretString !== "string") {
                    throw new Error(`the secret ${secretArn} has no SecretString; an RDS-managed master secret holds {"username", "password"}`);
                }
                return out.SecretString;
            } finally {
                client.destroy?.();
            }
        },
        async iamAuthToken({ hostname, port, username, region }) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { Signer } = require("@aws-sdk/rds-signer");
            return new Signer({ hostname, port, username, region, ...(options.credentials ? { credentials: options.credentials } : {}) }).getAuthToken();
        },
    };
}

/**
 * The user and password for one run: the managed secret's current value, or an IAM token. Errors name the secret or
 * the user, never a value read from the secret.
 */
export async function resolveLogin(target: { host: string; port: number; credentials: SqlCredentials }, clients: CredentialClients = awsCredentialClients()): Promise<ResolvedLogin> {
    const c = target.credentials;
    if (c.source === "iam") {
        return { user: c.user, password: await clients.iamAuthToken({ hostname: target.host, port: target.port, username: c.user, region: c.region }) };
    }
    if (c.source !== "managed-secret") {
        throw new Error(`[connection.credentials.source] ${JSON.stringify((c as { source?: unknown }).source)} is not a credential source PostgresSql knows (allowed: managed-secret, iam)`);
    }
    const text = await clients.secretString(c.secretArn, c.region);
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        throw new Error(`the secret ${c.secretArn} is not JSON; an RDS-managed master secret holds {"username", "password"}`);
    }
    const { username, password } = (parsed ?? {}) as { username?: unknown; password?: unknown };
    if (typeof username !== "string" || username === "" || typeof password !== "string" || password === "") {
        throw new Error(`the secret ${c.secretArn} has no username and password; an RDS-managed master secret holds {"username", "password"}`);
    }
    return { user: username, password };
}
