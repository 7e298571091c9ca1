import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { bootstrapPassword, clientConfig, ClusterHandle, destroyCluster, initCluster, startCluster } from "../../infra/local-twin/cluster";
import { auditLayout, AuditLayout, defaultAuditDir } from "../../infra/local-twin/audit-archive";
import { stopAuditShipper } from "../../infra/local-twin/audit-shipper";
import { freePort } from "../../infra/local-twin/free-port";

/** A throwaway cluster whose log goes to an audit directory (log/ and archive/) as `local up` sets it up; all removed by `destroy`. */
export interface ArchivingCluster {
    handle: ClusterHandle;
    layout: AuditLayout;
    connectAsBootstrap(database?: string): Promise<Client>;
    /** Stops a background shipper, the cluster, and removes the data, server and audit directories. */
    destroy(): Promise<void>;
}

export async function startArchivingCluster(): Promise<ArchivingCluster> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-audit-test-"));
    const layout = auditLayout(defaultAuditDir(dataDir));
    const handle = await initCluster({ dataDir, port: await freePort(), throwaway: true, auditDir: layout.auditDir });
    const clients: Client[] = [];
    const destroy = async () => {
        await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
        await stopAuditShipper(layout).catch(() => undefined);
        await destroyCluster(handle);
        fs.rmSync(layout.auditDir, { recursive: true, force: true });
    };
    try {
        await startCluster(handle);
    } catch (e) {
        await destroy().catch(() => undefined);
        throw e;
    }
    return {
        handle,
        layout,
        async connectAsBootstrap(database?: string) {
            const client = new Client(clientConfig(handle, handle.bootstrapUser, bootstrapPassword(handle), database));
            clients.push(client);
            client.on("error", () => undefined);
            await client.connect();
            return client;
        },
        destroy,
    };
}

/** Copies an archive directory (as root: the copy is root's) so a test can tamper with the copy. */
export function copyArchive(archiveDir: string): string {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-archive-copy-"));
    for (const name of fs.readdirSync(archiveDir)) {
        fs.copyFileSync(path.join(archiveDir, name), path.join(copy, name));
    }
    return copy;
}
