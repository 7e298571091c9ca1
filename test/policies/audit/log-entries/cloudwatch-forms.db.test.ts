import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { LogEntry } from "../../../../components/audit-trail/events";
import { CLOUDWATCH_MAX_EVENT_BYTES, detectLogFormat, readLogFiles, readPgauditRecord } from "../../../../policies/audit/log-entries";
import { expectedWorkloadRecords, FORGED_MESSAGE, LogFormatCluster, LONG_STATEMENT, runAuditWorkload, startLogFormatCluster, WORKLOAD_ROLE } from "../../../support/log-format-cluster";

/** A CloudWatch event as RDS sends it: the time it was ingested at, and the message. */
interface Event {
    timestamp: number;
    message: string;
}

const GROUP = "/aws/rds/instance/hpg-db/postgresql";

/** The stored entries of a stderr file, split by lines alone (a line not starting with TAB starts an entry): independent of the parser. */
function storedEntries(text: string): string[] {
    const entries: string[] = [];
    for (const line of text.replace(/\n$/, "").split("\n")) {
        if (line.startsWith("\t")) entries[entries.length - 1] += "\n" + line;
        else entries.push(line);
    }
    return entries;
}

/** A message as CloudWatch keeps it: cut at its event size limit (UTF-8 bytes). */
function withinLimit(message: string): string {
    const bytes = Buffer.from(message, "utf8");
    return bytes.length <= CLOUDWATCH_MAX_EVENT_BYTES ? message : bytes.subarray(0, CLOUDWATCH_MAX_EVENT_BYTES).toString("utf8");
}

const T0 = Date.parse("2026-11-26T08:00:00Z");
const eventPerEntry = (text: string): Event[] => storedEntries(text).map((m, i) => ({ timestamp: T0 + i, message: withinLimit(m) }));
const eventPerLine = (text: string): Event[] => storedEntries(text).flatMap((m) => m.split("\n")).map((m, i) => ({ timestamp: T0 + i, message: withinLimit(m) }));

/** Subscription filter payloads of `size` events each (CloudWatch Logs batches events per delivery). */
function payloads(stream: string, events: Event[], size = 7): string[] {
    const out: string[] = [];
    for (let i = 0; i < events.length; i += size) {
        out.push(
            JSON.stringify({
                messageType: "DATA_MESSAGE",
                owner: "123456789012",
                logGroup: GROUP,
                logStream: stream,
                subscriptionFilters: ["hpg-db-audit-archive"],
                logEvents: events.slice(i, i + size).map((e, j) => ({ id: `${e.timestamp}${i + j}`, timestamp: e.timestamp, message: e.message })),
            }),
        );
    }
    return out;
}

const CONTROL = JSON.stringify({ messageType: "CONTROL_MESSAGE", owner: "CloudWatchLogs", logGroup: "", logStream: "", subscriptionFilters: [], logEvents: [{ id: "", timestamp: T0, message: "CWL CONTROL MESSAGE: Checking health of destination Firehose." }] });

/** Every record the workload's role has, with the one longer than CloudWatch's limit expected cut. */
function expectCloudWatchRecords(entries: LogEntry[]): void {
    const readings = entries.filter((e) => e.user === WORKLOAD_ROLE).map((e) => ({ entry: e, reading: readPgauditRecord(e.message, e) }));
    // The record forged with RAISE is refused here too: its CONTEXT line arrives in the same stream right after it.
    expect(readings.filter((r) => r.reading.problem).map((r) => [r.entry.message, r.reading.problem!.field])).toEqual([[FORGED_MESSAGE, "context"]]);
    const records = readings.filter((r) => r.reading.record).map((r) => r.reading.record);
    expect(records).toEqual(
        expectedWorkloadRecords().map((r) =>
            r.statement === LONG_STATEMENT
                ? { auditType: "SESSION", substatementId: 1, ...r, statement: expect.stringMatching(/^INSERT INTO clinic\.notes VALUES \(4, 'long (long )+/), parameter: "", rows: undefined, truncated: true }
                : { auditType: "SESSION", substatementId: 1, parameter: "<not logged>", ...r },
        ),
    );
    const long = records.find((r) => r!.truncated)!;
    expect(LONG_STATEMENT.startsWith(long.statement)).toBe(true);
}

describe("CloudWatch's copies of what a real server wrote with RDS's prefix", () => {
    let lfc: LogFormatCluster;
    let text: string;
    let dir: string;
    const write = (name: string, content: string | Buffer) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, content);
        return file;
    };

    beforeAll(async () => {
        lfc = await startLogFormatCluster("stderr");
        await runAuditWorkload(lfc);
        text = lfc.logText();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-cloudwatch-"));
    }, 120_000);
    afterAll(async () => {
        fs.rmSync(dir, { recursive: true, force: true });
        await lfc?.cluster.destroy();
    });

    it("the long statement's entry is over CloudWatch's event limit, so its copy there is cut", () => {
        expect(Buffer.byteLength(storedEntries(text).find((e) => e.includes(LONG_STATEMENT.slice(0, 50)))!, "utf8")).toBeGreaterThan(CLOUDWATCH_MAX_EVENT_BYTES);
    });

    it("gzip'd subscription payloads concatenated by Firehose with no separator, a control message first", () => {
        const object = Buffer.concat([CONTROL, ...payloads("hpg-db.0", eventPerEntry(text))].map((p) => zlib.gzipSync(p)));
        const file = write("hpg-db-archive-1-2026-11-26-08-00-00-abc", object);
        const entries = readLogFiles([file]);
        expectCloudWatchRecords(entries);
        expect(entries[0].source).toEqual({ file: `${file}#${GROUP}/hpg-db.0`, line: 1 });
        // Each event's message is the entry's stored text.
        expect(entries.filter((e) => !e.truncated).every((e) => text.includes(e.raw + "\n"))).toBe(true);
    });

    it("plain payloads, concatenated or one a line (Firehose decompressing and adding a delimiter)", () => {
        const all = payloads("hpg-db.0", eventPerEntry(text));
        expectCloudWatchRecords(readLogFiles([write("concatenated", [CONTROL, ...all].join(""))]));
        const perLine = write("delimited", [CONTROL, ...all].join("\n") + "\n");
        expect(detectLogFormat(fs.readFileSync(perLine, "utf8"), perLine)).toBe("cloudwatch");
        expectCloudWatchRecords(readLogFiles([perLine]));
    });

    it("a line per event, two streams interleaved: a continuation joins the entry before it in its own stream", () => {
        const a = payloads("hpg-db.0", eventPerLine(text), 1);
        const b = payloads("hpg-db.1", eventPerLine(text), 1);
        const interleaved = a.flatMap((p, i) => [p, b[i]]);
        const entries = readLogFiles([write("interleaved.gz", zlib.gzipSync(interleaved.join("")))]);
        expectCloudWatchRecords(entries.filter((e) => e.source.file.endsWith("/hpg-db.0")));
        expectCloudWatchRecords(entries.filter((e) => e.source.file.endsWith("/hpg-db.1")));
    });

    it("`aws logs filter-log-events` output", () => {
        const output = { events: eventPerEntry(text).map((e, i) => ({ logStreamName: "hpg-db.0", timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp + 5, eventId: String(i) })), searchedLogStreams: [] };
        expectCloudWatchRecords(readLogFiles([write("filter-log-events.json", JSON.stringify(output, null, 4))]));
    });

    it("an S3 export, plain and gzip'd, an event per entry or per line", () => {
        const lines = (events: Event[]) => events.map((e) => `${new Date(e.timestamp).toISOString()} ${e.message}\n`).join("");
        const perEntry = write("000000", lines(eventPerEntry(text)));
        const entries = readLogFiles([perEntry]);
        expectCloudWatchRecords(entries);
        // An export keeps each line as stored: raw holds the export's timestamp too, and the line is the file's.
        const first = entries.find((e) => e.user === WORKLOAD_ROLE && e.message.startsWith("AUDIT: "))!;
        expect(fs.readFileSync(perEntry, "utf8").split("\n")[first.source.line - 1]).toBe(first.raw.split("\n")[0]);
        expectCloudWatchRecords(readLogFiles([write("000001.gz", zlib.gzipSync(lines(eventPerLine(text))))]));
    });
});
