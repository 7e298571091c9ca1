import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { LogEntry } from "../../components/audit-trail/events";
import { localRolePassword, serverLogDir } from "../../infra/local-twin/cluster";
import { LOCAL_ACCESS_MODEL, LOCAL_DATABASE, provisionDatabase } from "../../infra/local-twin/local-database";
import { readLogFiles } from "../../policies/audit/log-entries";
import { RDS_LOG_LINE_PREFIX } from "../../policies/audit/log-entries";
import { startThrowawayCluster, ThrowawayCluster } from "./pg-cluster";

/** The stored forms one cluster writes at once: the twin's jsonlog, csvlog, and stderr with RDS's fixed prefix. */
export type StoredForm = "jsonlog" | "csvlog" | "stderr";
const EXTENSIONS: Record<StoredForm, string> = { jsonlog: ".json", csvlog: ".csv", stderr: ".log" };

/**
 * A throwaway cluster provisioned as `local up` provisions it, whose logging collector writes every entry three times:
 * to jsonlog (`.json`), csvlog (`.csv`) and stderr with RDS's `log_line_prefix` (`.log`), so a test reads the same
 * events in each form.
 */
export interface RdsFormatCluster {
    cluster: ThrowawayCluster;
    database: string;
    /** A superuser client in the application database. */
    admin: Client;
    /** A new TLS client as a login role of the local model. */
    connectAs(role: string): Promise<Client>;
    password(role: string): string;
    /** Every entry the server wrote so far in one form, parsed by the audit trail's own reader. */
    entries(form: StoredForm): LogEntry[];
    destroy(): Promise<void>;
}

export async function startRdsFormatCluster(): Promise<RdsFormatCluster> {
    const cluster = await startThrowawayCluster({ log_destination: "stderr,csvlog,jsonlog", log_line_prefix: RDS_LOG_LINE_PREFIX });
    const h = cluster.handle;
    try {
        await provisionDatabase(h, LOCAL_DATABASE, LOCAL_ACCESS_MODEL);
    } catch (e) {
        await cluster.destroy();
        throw e;
    }
    const admin = await cluster.connectAsBootstrap(LOCAL_DATABASE);
    const files = (form: StoredForm) => {
        const dir = serverLogDir(h);
        const ext = EXTENSIONS[form];
        return fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(ext))
            .sort()
            .map((f) => path.join(dir, f));
    };
    return {
        cluster,
        database: LOCAL_DATABASE,
        admin,
        connectAs: (role) => cluster.connect(role, localRolePassword(h, role), LOCAL_DATABASE),
        password: (role) => localRolePassword(h, role),
        entries: (form) => readLogFiles(files(form)),
        destroy: () => cluster.destroy(),
    };
}

/** Waits until `predicate` holds of the entries of `form` (the collector writes asynchronously); returns them. */
export async function waitForEntries(db: RdsFormatCluster, form: StoredForm, predicate: (entries: LogEntry[]) => boolean, timeoutMs = 15_000): Promise<LogEntry[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const entries = db.entries(form);
        if (predicate(entries)) {
            return entries;
        }
        if (Date.now() > deadline) {
            throw new Error(`the ${form} log did not reach the expected state within ${timeoutMs} ms; last entries:\n${entries.slice(-8).map((e) => `${e.pid} ${e.severity}: ${e.message}`).join("\n")}`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
}

/** A predicate for `waitForEntries`: the entries hold the close of `person`'s (first) context, so everything before its commit is written. */
export function holdsCloseOf(person: string): (entries: LogEntry[]) => boolean {
    const open = new RegExp(`^hpg-audit-context open id=(\\S+) actor=${person.replace(/[.+]/g, "\\$&")} `);
    return (entries) => {
        const id = entries.map((e) => open.exec(e.message)?.[1]).find((x) => x !== undefined);
        return id !== undefined && entries.some((e) => e.message === `hpg-audit-context close id=${id}`);
    };
}
