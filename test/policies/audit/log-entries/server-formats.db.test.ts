import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LogEntry } from "../../../../components/audit-trail/events";
import { detectLogFormat, pgauditRecordOf, PgauditRecordError, readLogFiles, readPgauditRecord } from "../../../../policies/audit/log-entries";
import { expectedWorkloadRecords, FORGED_MESSAGE, LogFormatCluster, LONG_STATEMENT, runAuditWorkload, ServerLogFormat, startLogFormatCluster, WORKLOAD_ROLE } from "../../../support/log-format-cluster";
import { parseCutAndCheck } from "./honest-cut";

/** The workload role's records; the one forged with RAISE must be the only one refused. */
function workloadRecords(entries: LogEntry[]) {
    const readings = entries.filter((e) => e.user === WORKLOAD_ROLE).map((e) => ({ entry: e, reading: readPgauditRecord(e.message, e) }));
    expect(readings.filter((r) => r.reading.problem).map((r) => [r.entry.message, r.reading.problem!.field])).toEqual([[FORGED_MESSAGE, "context"]]);
    return readings.filter((r) => r.reading.record).map((r) => r.reading.record!);
}

describe.each<ServerLogFormat>(["jsonlog", "csvlog", "stderr"])("what a real server writes in %s", (format) => {
    let lfc: LogFormatCluster;
    let entries: LogEntry[];
    let text: string;
    let file: string;

    beforeAll(async () => {
        lfc = await startLogFormatCluster(format);
        await runAuditWorkload(lfc);
        // The server keeps writing (disconnections, checkpoints) after the workload: judge one copy of the file,
        // so the text and the entries read from it are the same bytes.
        const [live] = lfc.logFiles();
        file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hpg-log-copy-")), path.basename(live));
        fs.copyFileSync(live, file);
        text = fs.readFileSync(file, "utf8");
        entries = readLogFiles([file]);
    }, 120_000);
    afterAll(async () => {
        await lfc?.cluster.destroy();
        if (file) {
            fs.rmSync(path.dirname(file), { recursive: true, force: true });
        }
    });

    it("is recognised by its content", () => {
        expect(lfc.logFiles()).toHaveLength(1);
        expect(detectLogFormat(text, "unnamed")).toBe(format);
    });

    it("gives back every record exactly: class, command, object, statement text and rows", () => {
        expect(workloadRecords(entries)).toEqual(
            expectedWorkloadRecords().map((r) => ({ auditType: "SESSION", substatementId: 1, parameter: "<not logged>", ...r })),
        );
    });

    it("names the role, database, client address and pid of each audited statement, at a UTC time", () => {
        const audited = entries.filter((e) => e.user === WORKLOAD_ROLE && e.message.startsWith("AUDIT: ") && e.message !== FORGED_MESSAGE);
        expect(audited.length).toBe(expectedWorkloadRecords().length);
        for (const e of audited) {
            expect(e).toMatchObject({ user: WORKLOAD_ROLE, database: "postgres", remoteHost: "127.0.0.1", severity: "LOG" });
            expect(e.remotePort).toBeGreaterThan(0);
            expect(e.pid).toBe(audited[0].pid);
            expect(e.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
            expect(Math.abs(Date.parse(e.time) - Date.now())).toBeLessThan(3_600_000);
            expect(e.truncated).toBeUndefined();
        }
    });

    it("keeps each entry's exact stored text and the line it starts on", () => {
        const lines = text.split("\n");
        for (const e of entries) {
            expect(e.source.file).toBe(file);
            const from = lines.slice(e.source.line - 1).join("\n");
            expect(from.startsWith(e.raw + "\n")).toBe(true);
        }
        // Every byte of the file is in exactly one entry.
        expect(entries.map((e) => e.raw + "\n").join("")).toBe(text);
    });

    it("keeps what isn't a record: connections before authentication, and a RAISE's context and statement", () => {
        const received = entries.find((e) => e.message.startsWith("connection received:"));
        expect(received).toBeDefined();
        expect(received!.user).toBeUndefined();
        expect(received!.database).toBeUndefined();
        const raise = entries.findIndex((e) => e.message === "workload checkpoint 1");
        expect(raise).toBeGreaterThan(0);
        if (format === "stderr") {
            // RDS's stderr has no fields for them: PostgreSQL writes them as entries of their own, same prefix and pid.
            expect(entries.slice(raise + 1, raise + 3).map((e) => [e.severity, e.message, e.pid])).toEqual([
                ["CONTEXT", "PL/pgSQL function inline_code_block line 1 at RAISE", entries[raise].pid],
                ["STATEMENT", "DO $$ BEGIN RAISE LOG 'workload checkpoint %', 1; END $$", entries[raise].pid],
            ]);
        } else {
            expect(entries[raise]).toMatchObject({
                context: "PL/pgSQL function inline_code_block line 1 at RAISE",
                statement: "DO $$ BEGIN RAISE LOG 'workload checkpoint %', 1; END $$",
            });
            // Only jsonlog and csvlog carry the session, virtual transaction and transaction ids.
            expect(entries[raise].sessionId).toMatch(/^[0-9a-f]+\.[0-9a-f]+$/);
            expect(entries[raise].vxid).toMatch(/^\d+\/\d+$/);
        }
    });

    it("refuses a record forged with RAISE: pgaudit never writes a CONTEXT or STATEMENT, RAISE always does", () => {
        const forged = entries.find((e) => e.message === FORGED_MESSAGE)!;
        expect(forged).toMatchObject({ context: "PL/pgSQL function inline_code_block line 1 at RAISE", statement: `DO $$ BEGIN RAISE LOG '${FORGED_MESSAGE}'; END $$` });
        expect(() => pgauditRecordOf(forged)).toThrow(PgauditRecordError);
        expect(() => pgauditRecordOf(forged)).toThrow(
            `pgaudit record: [context] is "PL/pgSQL function inline_code_block line 1 at RAISE"; allowed: none: pgaudit writes its records without CONTEXT or STATEMENT; this message came from RAISE or another log call, not pgaudit`,
        );
        // Every real record, the function body's included, has neither.
        for (const e of entries.filter((x) => x.message.startsWith("AUDIT: ") && x !== forged)) {
            expect([e.context, e.statement]).toEqual([undefined, undefined]);
        }
    });

    it("never reads a forged log line inside a statement as an entry", () => {
        expect(entries.filter((e) => e.message.includes("forged") && e.message.startsWith("AUDIT: SESSION,1,1,READ"))).toEqual([]);
        expect(entries.some((e) => e.pid === 1)).toBe(false);
    });

    it("reads an entry cut at any point (a file copied mid-write) as truncated or refused, never as a wrong record", () => {
        const expected = expectedWorkloadRecords();
        for (const wanted of [expected[2], expected[3], expected[4], expected[5], expected[9]]) {
            const entry = entries.find((e) => e.user === WORKLOAD_ROLE && pgauditRecordOf(e)?.statementId === wanted.statementId && pgauditRecordOf(e)?.command === wanted.command)!;
            const start = Buffer.byteLength(text.slice(0, text.indexOf(entry.raw)), "utf8");
            const length = Buffer.byteLength(entry.raw, "utf8");
            const outcomes = new Set<string>();
            for (let at = start + 1; at <= start + length + 1; at++) {
                outcomes.add(parseCutAndCheck(text, format, file, at, entry.source.line, wanted));
            }
            // The last cut keeps the entry's newline: the record is whole again.
            expect([...outcomes].sort()).toEqual(["refused", "truncated", "whole"]);
        }
    });

    it("marks a cut inside a long statement truncated, with every field before it read", () => {
        const entry = entries.find((e) => e.message.includes(LONG_STATEMENT.slice(0, 60)))!;
        const start = Buffer.byteLength(text.slice(0, text.indexOf(entry.raw)), "utf8");
        const cut = Buffer.from(text, "utf8").subarray(0, start + 100_000).toString("utf8");
        const last = readCut(cut, format, file);
        expect(pgauditRecordOf(last)).toEqual({
            auditType: "SESSION",
            statementId: 8,
            substatementId: 1,
            class: "WRITE",
            command: "INSERT",
            objectType: "TABLE",
            objectName: "clinic.notes",
            statement: expect.stringMatching(/^INSERT INTO clinic\.notes VALUES \(4, 'long (long )+/),
            parameter: "",
            truncated: true,
        });
        expect(last.truncated).toBe(true);
    });
});

function readCut(cut: string, format: ServerLogFormat, file: string): LogEntry {
    const dir = fs.mkdtempSync(`${require("os").tmpdir()}/hpg-cut-`);
    try {
        const copy = `${dir}/${require("path").basename(file)}`;
        fs.writeFileSync(copy, cut);
        const entries = readLogFiles([copy]);
        expect(detectLogFormat(cut, copy)).toBe(format);
        return entries[entries.length - 1];
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
