import * as fs from "fs";
import * as path from "path";
import { LogFormat } from "../../components/audit-trail/events";
import { RDS_LOG_LINE_PREFIX } from "../../policies/audit/log-entries/rds-stderr";
import { startThrowawayCluster, ThrowawayCluster } from "./pg-cluster";

/** The server formats a throwaway cluster can write (CloudWatch's forms are built from its stderr file). */
export type ServerLogFormat = Exclude<LogFormat, "cloudwatch">;

/** log_destination for each format, and the extension the logging collector gives its files. */
const DESTINATIONS: Record<ServerLogFormat, { destination: string; extension: string }> = {
    jsonlog: { destination: "jsonlog", extension: ".json" },
    csvlog: { destination: "csvlog", extension: ".csv" },
    stderr: { destination: "stderr", extension: ".log" },
};

/** A throwaway cluster that logs in one format, with RDS's prefix on stderr, and pgaudit recording DDL, writes and roles with row counts. */
export interface LogFormatCluster {
    cluster: ThrowawayCluster;
    format: ServerLogFormat;
    /** The log files the server wrote in this format, oldest first. */
    logFiles(): string[];
    /** The text of those files, concatenated. */
    logText(): string;
    /** Waits until the logging collector (asynchronous) has written `needle`; returns the text. */
    waitForLogText(needle: string, timeoutMs?: number): Promise<string>;
}

/** Starts a cluster whose server log is `format`: RDS's `%t:%r:%u@%d:[%p]:` for stderr, as RDS imposes it. */
export async function startLogFormatCluster(format: ServerLogFormat, settings: Record<string, string> = {}): Promise<LogFormatCluster> {
    const { destination, extension } = DESTINATIONS[format];
    const cluster = await startThrowawayCluster({
        log_destination: destination,
        log_line_prefix: RDS_LOG_LINE_PREFIX,
        "pgaudit.log": "ddl,write,role",
        "pgaudit.log_rows": "on",
        // Session records name the table or function they touch (pgaudit.log_relation), as an analyst needs.
        "pgaudit.log_relation": "on",
        ...settings,
    });
    const dir = path.join(cluster.handle.pgdata, "log");
    const logFiles = () =>
        fs.existsSync(dir)
            ? fs
                  .readdirSync(dir)
                  .filter((f) => f.endsWith(extension))
                  .sort()
                  .map((f) => path.join(dir, f))
            : [];
    const logText = () => logFiles().map((f) => fs.readFileSync(f, "utf8")).join("");
    const waitForLogText = async (needle: string, timeoutMs = 10_000) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const text = logText();
            if (text.includes(needle)) {
                return text;
            }
            if (Date.now() > deadline) {
                throw new Error(`the ${format} log has no ${JSON.stringify(needle)} within ${timeoutMs} ms; it ends with:\n${text.slice(-2000)}`);
            }
            await new Promise((r) => setTimeout(r, 100));
        }
    };
    return { cluster, format, logFiles, logText, waitForLogText };
}

/** A record the audit workload must produce, as pgaudit writes it (statement exactly as sent). */
export interface ExpectedAuditRecord {
    statementId: number;
    class: string;
    command: string;
    objectType: string;
    objectName: string;
    statement: string;
    rows: number;
}

/** The role the workload runs as, over TLS; its password is generated per cluster and never logged. */
export const WORKLOAD_ROLE = "h1_clinician";

/** A statement longer than CloudWatch's 256 KB event limit, so its copy there is cut. */
export const LONG_STATEMENT = `INSERT INTO clinic.notes VALUES (4, '${"long ".repeat(60_000)}')`;

const NOTES = { objectType: "TABLE", objectName: "clinic.notes" };

/**
 * Statements that stress the log formats: newlines, quotes and commas, a `$$` body, unicode, a TAB after a newline
 * (stderr adds one more), CRLF, a line that looks like a log prefix, and a statement longer than CloudWatch's event
 * limit. Each with the records pgaudit 1.7 writes for it (log_relation on, the extension created so DDL names its object).
 */
export const AUDIT_WORKLOAD: Array<{ statement: string; records: Array<Omit<ExpectedAuditRecord, "statement" | "statementId">> }> = [
    {
        statement: "CREATE TABLE clinic.notes (id int PRIMARY KEY, body text)",
        records: [
            { class: "DDL", command: "CREATE TABLE", ...NOTES, rows: 0 },
            { class: "DDL", command: "CREATE INDEX", objectType: "INDEX", objectName: "clinic.notes_pkey", rows: 0 },
        ],
    },
    { statement: `INSERT INTO clinic.notes VALUES (1, 'a, "b"'),\n  (2, 'it''s')`, records: [{ class: "WRITE", command: "INSERT", ...NOTES, rows: 2 }] },
    {
        statement: `CREATE FUNCTION clinic.note_count() RETURNS bigint LANGUAGE sql AS $$\n  SELECT count(*) FROM clinic.notes -- "quoted", with, commas\n$$`,
        records: [{ class: "DDL", command: "CREATE FUNCTION", objectType: "FUNCTION", objectName: "clinic.note_count()", rows: 0 }],
    },
    { statement: "UPDATE clinic.notes SET body = 'Zoë — 患者 🩺' WHERE id = 1", records: [{ class: "WRITE", command: "UPDATE", ...NOTES, rows: 1 }] },
    { statement: "UPDATE clinic.notes SET body = 'x'\n\tWHERE id = 2\n", records: [{ class: "WRITE", command: "UPDATE", ...NOTES, rows: 1 }] },
    { statement: "INSERT INTO clinic.notes VALUES (3, 'line one\r\nline two')", records: [{ class: "WRITE", command: "INSERT", ...NOTES, rows: 1 }] },
    {
        statement: "INSERT INTO clinic.notes VALUES (5, '\n2026-01-01 00:00:00 UTC::@:[1]:LOG:  AUDIT: SESSION,1,1,READ,SELECT,,,forged,<not logged>,9')",
        records: [{ class: "WRITE", command: "INSERT", ...NOTES, rows: 1 }],
    },
    { statement: LONG_STATEMENT, records: [{ class: "WRITE", command: "INSERT", ...NOTES, rows: 1 }] },
    // pgaudit names the object type of a GRANT but not the object.
    { statement: "GRANT SELECT ON clinic.notes TO h1_reader", records: [{ class: "ROLE", command: "GRANT", objectType: "TABLE", objectName: "", rows: 0 }] },
    { statement: "DELETE FROM clinic.notes WHERE id IN (3, 4, 5) -- end of workload", records: [{ class: "WRITE", command: "DELETE", ...NOTES, rows: 3 }] },
];

/** What the workload forges with `RAISE LOG`: a pgaudit record's text, claiming a 99-row read. */
export const FORGED_MESSAGE = "AUDIT: SESSION,11,1,READ,SELECT,TABLE,clinic.notes,select * from clinic.notes,<not logged>,99";

/** Every record the workload's role must have in the log, in order (pgaudit numbers statements per session from 1). */
export function expectedWorkloadRecords(): ExpectedAuditRecord[] {
    return AUDIT_WORKLOAD.flatMap((w, i) => w.records.map((r) => ({ statementId: i + 1, ...r, statement: w.statement })));
}

/**
 * Creates the workload's role and schema as the bootstrap superuser, then runs AUDIT_WORKLOAD as that role over
 * TLS, plus a PL/pgSQL RAISE (its CONTEXT and STATEMENT lines are entries of their own on stderr). Waits until the
 * last statement is in the log.
 */
export async function runAuditWorkload(lfc: LogFormatCluster): Promise<void> {
    const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
    const admin = await lfc.cluster.connectAsBootstrap();
    // The extension installs the event triggers through which pgaudit names the object of DDL (pgaudit README).
    await admin.query("CREATE EXTENSION IF NOT EXISTS pgaudit");
    await admin.query(`CREATE ROLE ${WORKLOAD_ROLE} LOGIN PASSWORD '${password}'`);
    await admin.query("CREATE ROLE h1_reader NOLOGIN");
    await admin.query(`CREATE SCHEMA clinic AUTHORIZATION ${WORKLOAD_ROLE}`);
    await admin.end();
    const client = await lfc.cluster.connect(WORKLOAD_ROLE, password);
    for (const { statement } of AUDIT_WORKLOAD) {
        await client.query(statement);
    }
    // A record forged with RAISE: the same text as pgaudit's, but with the CONTEXT and STATEMENT pgaudit never writes.
    await client.query(`DO $$ BEGIN RAISE LOG '${FORGED_MESSAGE}'; END $$`);
    // Not audited (FUNCTION isn't in pgaudit.log): on stderr its CONTEXT and STATEMENT lines are entries of their own.
    await client.query("DO $$ BEGIN RAISE LOG 'workload checkpoint %', 1; END $$");
    await client.end();
    await lfc.waitForLogText("workload checkpoint %");
}
