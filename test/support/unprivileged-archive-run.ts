// Run by test/infra/local/audit-archive-unprivileged.db.test.ts as an OS user that is not root: an archiving twin
// with no second OS user to own the archive. Prints what verifyArchive proved, as JSON, and removes everything.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { auditLayout, defaultAuditDir } from "../../infra/local-twin/audit-archive";
import { shipAuditLog } from "../../infra/local-twin/audit-shipper";
import { bootstrapPassword, clientConfig, destroyCluster, initCluster, startCluster } from "../../infra/local-twin/cluster";
import { freePort } from "../../infra/local-twin/free-port";
import { verifyArchive } from "../../policies/audit/archive-chain";

async function main(): Promise<void> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-unprivileged-"));
    const layout = auditLayout(defaultAuditDir(dataDir));
    const handle = await initCluster({ dataDir, port: await freePort(), throwaway: true, auditDir: layout.auditDir });
    try {
        await startCluster(handle);
        const c = new Client(clientConfig(handle, handle.bootstrapUser, bootstrapPassword(handle)));
        await c.connect();
        await c.query("CREATE TABLE t (a int)");
        await c.query("INSERT INTO t VALUES (1)");
        await c.end();
        await shipAuditLog(layout);
        const mode = (p: string) => "0" + (fs.statSync(p).mode & 0o7777).toString(8);
        process.stdout.write(JSON.stringify({ layout, modes: { log: mode(layout.logDir), archive: mode(layout.archiveDir) }, proof: verifyArchive(layout.archiveDir) }) + "\n");
    } finally {
        await destroyCluster(handle);
    }
}

main().catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
});
