import * as zlib from "zlib";
import { CLOUDWATCH_MAX_EVENT_BYTES, LogLineProblem, parseLogText, pgauditRecordOf } from "../../../../policies/audit/log-entries";
import { splitConcatenatedJson } from "../../../../policies/audit/log-entries/cloudwatch";

const A1 = "2026-11-26 08:24:18 UTC:127.0.0.1(41184):app@db:[100]:LOG:  AUDIT: SESSION,1,1,WRITE,UPDATE,TABLE,t,\"update t {set} b = 'multi";
const A2 = "\tline' where a = 1\",<not logged>,1";
const B1 = "2026-11-26 08:24:18 UTC:127.0.0.1(41185):app@db:[200]:LOG:  AUDIT: SESSION,1,1,WRITE,DELETE,TABLE,t,delete from t,<not logged>,3";

function payload(stream: string, messages: string[]): string {
    return JSON.stringify({
        messageType: "DATA_MESSAGE",
        owner: "123456789012",
        logGroup: "/aws/rds/instance/db/postgresql",
        logStream: stream,
        subscriptionFilters: ["archive"],
        logEvents: messages.map((message, i) => ({ id: String(i), timestamp: 1_795_000_000_000 + i, message })),
    });
}

function parse(text: string) {
    const problems: LogLineProblem[] = [];
    const entries = parseLogText(text, "cloudwatch", "firehose-object", { onProblem: (p) => problems.push(p) });
    return { entries, problems: problems.map((p) => p.message) };
}

describe("CloudWatch forms", () => {
    it("splits JSON objects concatenated with no separator, braces inside strings ignored", () => {
        expect(splitConcatenatedJson(`{"a":"}{"}{"b":[1,{"c":"\\"}"}]}\n{"d":1}`).map((v) => v.json)).toEqual([`{"a":"}{"}`, `{"b":[1,{"c":"\\"}"}]}`, `{"d":1}`]);
    });

    it("reads concatenated payloads, skips CONTROL_MESSAGE, and joins a continuation event to the entry before it in its stream", () => {
        const text =
            JSON.stringify({ messageType: "CONTROL_MESSAGE", logGroup: "", logStream: "", logEvents: [{ id: "", timestamp: 0, message: "CWL CONTROL MESSAGE: Checking health of destination Firehose." }] }) +
            payload("db.1", [A1]) +
            payload("db.2", [B1]) +
            payload("db.1", [A2]);
        const { entries, problems } = parse(text);
        expect(problems).toEqual([]);
        expect(entries.map((e) => [e.pid, e.source.file, e.source.line, e.raw])).toEqual([
            [100, "firehose-object#/aws/rds/instance/db/postgresql/db.1", 1, `${A1}\n${A2}`],
            [200, "firehose-object#/aws/rds/instance/db/postgresql/db.2", 2, B1],
        ]);
        expect(pgauditRecordOf(entries[0])).toMatchObject({ statement: "update t {set} b = 'multi\nline' where a = 1", rows: 1 });
    });

    it("reads an entry sent as one event with its continuation lines inside", () => {
        const { entries } = parse(payload("db.1", [`${A1}\n${A2}`, B1]) + "\n");
        expect(entries.map((e) => pgauditRecordOf(e)!.rows)).toEqual([1, 3]);
    });

    it("reads `aws logs filter-log-events` output", () => {
        const text = JSON.stringify({ events: [{ logStreamName: "db.1", timestamp: 1, message: A1, ingestionTime: 2, eventId: "1" }, { logStreamName: "db.1", timestamp: 1, message: A2 }], searchedLogStreams: [] }, null, 2);
        const { entries } = parse(text);
        expect(entries).toHaveLength(1);
        expect(entries[0].source).toEqual({ file: "firehose-object#db.1", line: 1 });
    });

    it("reads an S3 export, keeping each stored line (with its timestamp) in raw", () => {
        const text = `2026-11-26T08:24:18.000Z ${A1}\n${A2}\n2026-11-26T08:24:18.000Z ${B1}\n`;
        const { entries } = parse(text);
        expect(entries.map((e) => [e.pid, e.source.line, e.raw])).toEqual([
            [100, 1, `2026-11-26T08:24:18.000Z ${A1}\n${A2}`],
            [200, 3, `2026-11-26T08:24:18.000Z ${B1}`],
        ]);
    });

    it("marks an event at CloudWatch's size limit truncated, so its record isn't read as whole", () => {
        const head = "2026-11-26 08:24:18 UTC:127.0.0.1(1):app@db:[100]:LOG:  AUDIT: SESSION,1,1,WRITE,INSERT,TABLE,t,insert ";
        const message = head + "x".repeat(CLOUDWATCH_MAX_EVENT_BYTES - Buffer.byteLength(head) - 13) + ",<not logged>";
        const { entries } = parse(payload("db.1", [message]));
        expect(entries[0].truncated).toBe(true);
        expect(pgauditRecordOf(entries[0])).toMatchObject({ truncated: true, command: "INSERT", parameter: "" });
    });

    describe("malformed input is refused with the file, place and what is allowed", () => {
        it.each([
            ["a payload cut mid-object", payload("db.1", [B1]).slice(0, 80), "firehose-object:1: [object] is"],
            ["an object of another kind", `{"hello":1}`, `firehose-object:1: [messageType] is "undefined"; allowed: DATA_MESSAGE or CONTROL_MESSAGE`],
            ["an event whose message is not text", JSON.stringify({ events: [{ logStreamName: "s", message: 5 }] }), `firehose-object:1: [events[].message] is "5"; allowed: a string`],
            ["an export line without its timestamp first", "2026-11-26 08:24:18 UTC::@:[1]:LOG:  x", `firehose-object:1: [line] is`],
            ["an event that is not an RDS stderr entry", payload("db.1", ["hello"]), `firehose-object#/aws/rds/instance/db/postgresql/db.1:1: [line] is "hello"`],
        ])("%s", (_, text, error) => {
            const { entries, problems } = parse(text);
            expect(entries).toEqual([]);
            expect(problems).toHaveLength(1);
            expect(problems[0].startsWith(error)).toBe(true);
        });
    });

    it("gzip'd payloads are read by readLogFiles (see cloudwatch-forms.db.test.ts); the text form is plain", () => {
        expect(zlib.gunzipSync(zlib.gzipSync(payload("db.1", [B1]))).toString()).toBe(payload("db.1", [B1]));
    });
});
