/** PostgresSql's diff: its inputs hold no secret, so a rotated secret is no change; SQL or target changes are. */
import { PostgresConnection, postgresSqlProvider, SqlState } from "../../../components/database-access/sql-resource";

const connection: PostgresConnection = {
    host: "db.example.internal",
    port: 5432,
    database: "app",
    caBundlePath: "/etc/ssl/rds/global-bundle.pem",
    credentials: { source: "iam", user: "hpg_access_admin", region: "eu-west-1" },
};
const state: SqlState = { connection, applySql: ["SELECT 1"], deleteSql: ["SELECT 2"] };
const provider = postgresSqlProvider(async () => {
    throw new Error("diff must not resolve a login");
});

test("the same inputs (whatever the secret holds now) are no change", async () => {
    expect(await provider.diff!("id", state, JSON.parse(JSON.stringify(state)))).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
});

test("changed statements or credentials are an update in place", async () => {
    expect(await provider.diff!("id", state, { ...state, applySql: ["SELECT 3"] })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const managed = { ...connection, credentials: { source: "managed-secret" as const, secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1", region: "eu-west-1" } };
    expect(await provider.diff!("id", state, { ...state, connection: managed })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
});

test("another host, port or database is a replacement", async () => {
    for (const change of [{ host: "other" }, { port: 5433 }, { database: "other" }]) {
        expect(await provider.diff!("id", state, { ...state, connection: { ...connection, ...change } })).toEqual({ changes: true, replaces: ["connection"], deleteBeforeReplace: false });
    }
});
