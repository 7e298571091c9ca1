/** The login PostgresSql resolves when it runs (issue 14): the managed secret's current value or an IAM token, with injected AWS clients. */
import { awsCredentialClients, CredentialClients, resolveLogin, SecretsManagerLike } from "../../../components/database-access/sql-credentials";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1";
const target = { host: "db.example.internal", port: 5432 };

/** Clients that answer with `secret` and record what they were asked. */
function fakeClients(secret: string): CredentialClients & { asked: unknown[] } {
    const asked: unknown[] = [];
    return {
        asked,
        async secretString(secretArn, region) {
            asked.push({ secretArn, region });
            return secret;
        },
        async iamAuthToken(request) {
            asked.push(request);
            return "token-for-" + request.username;
        },
    };
}

describe("resolveLogin", () => {
    test("managed-secret: the user and password of the secret's value, read at each call", async () => {
        const clients = fakeClients(JSON.stringify({ username: "hpg_master", password: "Rotated-1", engine: "postgres" }));
        const login = await resolveLogin({ ...target, credentials: { source: "managed-secret", secretArn: SECRET_ARN, region: "eu-west-1" } }, clients);
        expect(login).toEqual({ user: "hpg_master", password: "Rotated-1" });
        expect(clients.asked).toEqual([{ secretArn: SECRET_ARN, region: "eu-west-1" }]);
    });

    test("iam: a token signed for the user at the host and port, in the region", async () => {
        const clients = fakeClients("unused");
        const login = await resolveLogin({ ...target, credentials: { source: "iam", user: "hpg_access_admin", region: "eu-west-1" } }, clients);
        expect(login).toEqual({ user: "hpg_access_admin", password: "token-for-hpg_access_admin" });
        expect(clients.asked).toEqual([{ hostname: "db.example.internal", port: 5432, username: "hpg_access_admin", region: "eu-west-1" }]);
    });

    test.each([
        ["not JSON", "hunter2-not-json", `the secret ${SECRET_ARN} is not JSON; an RDS-managed master secret holds {"username", "password"}`],
        ["no password", JSON.stringify({ username: "hpg_master" }), `the secret ${SECRET_ARN} has no username and password; an RDS-managed master secret holds {"username", "password"}`],
        ["no username", JSON.stringify({ password: "hunter2" }), `the secret ${SECRET_ARN} has no username and password; an RDS-managed master secret holds {"username", "password"}`],
    ])("a secret with %s fails, naming the secret and never its value", async (_case, value, message) => {
        const resolving = resolveLogin({ ...target, credentials: { source: "managed-secret", secretArn: SECRET_ARN, region: "eu-west-1" } }, fakeClients(value));
        await expect(resolving).rejects.toThrow(message);
        await expect(resolving.catch((e: Error) => e.message)).resolves.not.toContain("hunter2");
    });

    test("an unknown credential source fails naming the field and the allowed sources", async () => {
        const credentials = { source: "password", password: "x" } as unknown as { source: "iam"; user: string; region: string };
        await expect(resolveLogin({ ...target, credentials }, fakeClients("unused"))).rejects.toThrow('[connection.credentials.source] "password" is not a credential source PostgresSql knows (allowed: managed-secret, iam)');
    });
});

describe("awsCredentialClients (the AWS SDK, with an injected client and credentials)", () => {
    test("GetSecretValue of the current version: the secret id only, no VersionId or VersionStage; the client is destroyed", async () => {
        const sent: Array<{ name: string; input: unknown }> = [];
        let destroyed = 0;
        const fake = (region: string): SecretsManagerLike => ({
            async send(command) {
                sent.push({ name: command.constructor.name, input: command.input });
                return { SecretString: `{"username":"u","password":"p","region":"${region}"}` };
            },
            destroy: () => void (destroyed += 1),
        });
        const text = await awsCredentialClients({ secretsManager: fake }).secretString(SECRET_ARN, "eu-west-1");
        expect(JSON.parse(text)).toEqual({ username: "u", password: "p", region: "eu-west-1" });
        expect(sent).toEqual([{ name: "GetSecretValueCommand", input: { SecretId: SECRET_ARN } }]);
        expect(destroyed).toBe(1);
    });

    test("a binary secret (no SecretString) fails naming the secret", async () => {
        const fake = (): SecretsManagerLike => ({ send: async () => ({}) });
        await expect(awsCredentialClients({ secretsManager: fake }).secretString(SECRET_ARN, "eu-west-1")).rejects.toThrow(
            `the secret ${SECRET_ARN} has no SecretString; an RDS-managed master secret holds {"username", "password"}`,
        );
    });

    test("the IAM token is RDS's signed connect request for the user, host, port and region (signed offline with the given credentials)", async () => {
        const clients = awsCredentialClients({ credentials: { accessKeyId: "AKIAEXAMPLEEXAMPLE00", secretAccessKey: "example-secret-access-key" } });
        const token = await clients.iamAuthToken({ hostname: "db.example.internal", port: 5432, username: "hpg_access_admin", region: "eu-west-1" });
        const url = new URL(`https://${token}`);
        expect(`${url.hostname}:${url.port}`).toBe("db.example.internal:5432");
        expect(url.searchParams.get("Action")).toBe("connect");
        expect(url.searchParams.get("DBUser")).toBe("hpg_access_admin");
        expect(url.searchParams.get("X-Amz-Credential")).toMatch(/^AKIAEXAMPLEEXAMPLE00\/\d{8}\/eu-west-1\/rds-db\/aws4_request$/);
        expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
    });
});
