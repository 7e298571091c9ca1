import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { bootstrapPassword, clientConfig, ClusterHandle, destroyCluster, initCluster, startCluster } from "../../infra/local-twin/cluster";
import { freePort } from "../../infra/local-twin/free-port";

export { freePort };

/** A test's own cluster: hardened profile, TLS, hostssl+scram only, pgaudit preloaded; removed by `destroy`. */
export interface ThrowawayCluster {
    handle: ClusterHandle;
    /** A connected client over TLS (verify-full). The caller ends it, or `destroy` does. */
    connect(user: string, password: string, database?: string): Promise<Client>;
    /** A connected client as the bootstrap superuser. */
    connectAsBootstrap(database?: string): Promise<Client>;
    /** Ends every client `connect` made, stops the cluster and removes its directory. */
    destroy(): Promise<void>;
}

/** Starts a throwaway cluster in a fresh directory under the OS temp dir, on a free port. One per test file. */
export async function startThrowawayCluster(settings?: Record<string, string>): Promise<ThrowawayCluster> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-test-"));
    const handle = await initCluster({ dataDir, port: await freePort(), settings, throwaway: true });
    const clients: Client[] = [];
    try {
        await startCluster(handle);
    } catch (e) {
        await destroyCluster(handle).catch(() => undefined);
        throw e;
    }
    const connect = async (user: string, password: string, database?: string) => {
        const client = new Client(clientConfig(handle, user, password, database));
        clients.push(client);
        // A server shut down under an idle client (stop/start tests) must not crash the test run.
        client.on("error", () => undefined);
        await client.connect();
        return client;
    };
    return {
        handle,
        connect,
        connectAsBootstrap: (database?: string) => connect(handle.bootstrapUser, bootstrapPassword(handle), database),
        destroy: async () => {
            await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
            await destroyCluster(handle);
        },
    };
}
