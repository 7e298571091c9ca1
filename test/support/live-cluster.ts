import { Client } from "pg";
import { bootstrapPassword, clientConfig, connectionUrl, localRolePassword } from "../../infra/local-twin/cluster";
import { LOCAL_ACCESS_MODEL, LOCAL_DATABASE, provisionDatabase } from "../../infra/local-twin/local-database";
import { startThrowawayCluster, ThrowawayCluster } from "./pg-cluster";

/** A throwaway cluster provisioned exactly as `local up` provisions the local one (same function). */
export interface ProvisionedCluster {
    cluster: ThrowawayCluster;
    database: string;
    /** A verify-full URL with the password of `role` (a login role of the local model, or the bootstrap admin). */
    url(role: string): string;
    /** A client of the bootstrap superuser in the application database (for tampering). */
    admin: Client;
    /** A new client as `role` in the application database. */
    connectAs(role: string): Promise<Client>;
    /** ALTER SYSTEM SET, reload, and wait until new sessions see it; the returned function restores the original value. */
    setServerSetting(name: string, value: string): Promise<() => Promise<void>>;
    destroy(): Promise<void>;
}

export function roleOf(group: "owner" | "app_rw" | "analytics_ro" | "auditor"): string {
    return LOCAL_ACCESS_MODEL.loginRoles.find((l) => l.group === group)!.name;
}

export async function startProvisionedCluster(): Promise<ProvisionedCluster> {
    const cluster = await startThrowawayCluster();
    const h = cluster.handle;
    try {
        await provisionDatabase(h, LOCAL_DATABASE, LOCAL_ACCESS_MODEL);
    } catch (e) {
        await cluster.destroy();
        throw e;
    }
    const password = (role: string) => (role === h.bootstrapUser ? bootstrapPassword(h) : localRolePassword(h, role));
    const admin = await cluster.connectAsBootstrap(LOCAL_DATABASE);
    const waitForSetting = async (name: string, wanted: string) => {
        // The postmaster applies SIGHUP asynchronously: wait until a new session sees the value.
        const deadline = Date.now() + 10_000;
        for (;;) {
            const probe = new Client(clientConfig(h, h.bootstrapUser, bootstrapPassword(h), LOCAL_DATABASE));
            await probe.connect();
            const r = await probe.query("SELECT current_setting($1) AS v", [name]);
            await probe.end();
            if (r.rows[0].v === wanted) {
                return;
            }
            if (Date.now() > deadline) {
                throw new Error(`${name} did not become '${wanted}' after reload (is '${r.rows[0].v}')`);
            }
            await new Promise((res) => setTimeout(res, 50));
        }
    };
    const setServerSetting = async (name: string, value: string) => {
        if (!/^[a-z_.]+$/.test(name)) {
            throw new Error(`bad setting name ${name}`);
        }
        const original = (await admin.query("SELECT current_setting($1) AS v", [name])).rows[0].v as string;
        await admin.query(`ALTER SYSTEM SET ${name} = '${value.replace(/'/g, "''")}'`);
        await admin.query("SELECT pg_reload_conf()");
        await waitForSetting(name, value);
        return async () => {
            await admin.query(`ALTER SYSTEM RESET ${name}`);
            await admin.query("SELECT pg_reload_conf()");
            await waitForSetting(name, original);
        };
    };
    return {
        cluster,
        database: LOCAL_DATABASE,
        url: (role) => connectionUrl(h, role, password(role), LOCAL_DATABASE),
        admin,
        connectAs: (role) => cluster.connect(role, password(role), LOCAL_DATABASE),
        setServerSetting,
        destroy: () => cluster.destroy(),
    };
}
