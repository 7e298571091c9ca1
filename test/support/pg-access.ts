import { Client } from "pg";
// Direct imports: the barrel also loads the Pulumi component (and @pulumi/aws), which DB tests do not need.
import { applyAccessModel, setRolePasswords } from "../../components/database-access/apply";
import { AccessModel } from "../../components/database-access/model";
import { sampleSchemaMigrationSql, SAMPLE_ACCESS_MODEL } from "../../components/database-access/sample-model";
import { generatePassword } from "../../infra/local-twin/secrets";
import { ThrowawayCluster } from "./pg-cluster";

/** The sample model applied to its own database of a throwaway cluster, as `local up` does it. */
export interface ProvisionedDatabase {
    database: string;
    model: AccessModel;
    /** The bootstrap superuser, connected to the database. */
    admin: Client;
    /** Every login role's password (generated per test file). */
    passwords: Record<string, string>;
    /** A new TLS connection (verify-full) as a login role of the model. */
    connectAs(role: string): Promise<Client>;
}

/** Creates a database, applies phase 1, runs the sample migration as the migrator, then applies phase 2. */
export async function provisionSampleDatabase(cluster: ThrowawayCluster, database = "hpg_app", model: AccessModel = SAMPLE_ACCESS_MODEL): Promise<ProvisionedDatabase> {
    const postgres = await cluster.connectAsBootstrap();
    await postgres.query(`CREATE DATABASE ${database}`);
    await postgres.end();
    const admin = await cluster.connectAsBootstrap(database);
    const passwords = Object.fromEntries(model.loginRoles.map((l) => [l.name, generatePassword()]));
    await applyAccessModel(admin, model, { phase: "roles" });
    await setRolePasswords(admin, model, passwords);
    const connectAs = (role: string) => cluster.connect(role, passwords[role], database);
    const migrator = await connectAs(model.loginRoles.find((l) => l.group === "owner")!.name);
    for (const statement of sampleSchemaMigrationSql(model.schema)) {
        await migrator.query(statement);
    }
    await migrator.end();
    await applyAccessModel(admin, model, { phase: "tables" });
    return { database, model, admin, passwords, connectAs };
}

/** Runs `fn` in a transaction with the tenant context set by hpg.set_tenant (what a pooled application does per request). */
export async function withTenant<T>(client: Client, tenant: string, fn: () => Promise<T>): Promise<T> {
    await client.query("BEGIN");
    try {
        await client.query("SELECT hpg.set_tenant($1)", [tenant]);
        const result = await fn();
        await client.query("COMMIT");
        return result;
    } catch (e) {
        await client.query("ROLLBACK");
        throw e;
    }
}
