import { LogLineProblem, parseLogText, parsePgauditRecord } from "../../../../policies/audit/log-entries";

const LINE = JSON.stringify({
    timestamp: "2026-11-26 08:37:14.051 UTC",
    user: "h1_clin",
    dbname: "postgres",
    pid: 6102,
    remote_host: "127.0.0.1",
    remote_port: 47638,
    session_id: "6b07efba.17d6",
    line_num: 5,
    ps: "INSERT",
    session_start: "2026-11-26 08:37:14 UTC",
    vxid: "4/3",
    txid: 728,
    error_severity: "LOG",
    message: `AUDIT: SESSION,2,1,WRITE,INSERT,TABLE,clinic.notes,"INSERT INTO clinic.notes VALUES (1, 'a, ""b""'),\n (2, 'it''s')",<not logged>,2`,
    application_name: "app",
    backend_type: "client backend",
    query_id: 8704954208395154891,
});

function parse(text: string) {
    const problems: LogLineProblem[] = [];
    const entries = parseLogText(text, "jsonlog", "postgresql.json", { onProblem: (p) => problems.push(p) });
    return { entries, problems: problems.map((p) => p.message) };
}

describe("jsonlog", () => {
    it("maps every field the analysis reads", () => {
        expect(parse(LINE + "\n").entries).toEqual([
            {
                time: "2026-11-26T08:37:14.051Z",
                pid: 6102,
                user: "h1_clin",
                database: "postgres",
                remoteHost: "127.0.0.1",
                remotePort: 47638,
                sessionId: "6b07efba.17d6",
                sessionLine: 5,
                vxid: "4/3",
                txid: "728",
                severity: "LOG",
                message: JSON.parse(LINE).message,
                applicationName: "app",
                source: { file: "postgresql.json", line: 1 },
                raw: LINE,
            },
        ]);
    });

    it("reads a last line cut inside the message as truncated, with the text that survived", () => {
        const cut = LINE.slice(0, LINE.indexOf("(2, 'it"));
        const { entries } = parse(`${LINE}\n${cut}`);
        expect(entries[1]).toMatchObject({ truncated: true, pid: 6102, source: { line: 2 }, raw: cut });
        expect(parsePgauditRecord(entries[1].message, entries[1])).toMatchObject({ truncated: true, statement: "INSERT INTO clinic.notes VALUES (1, 'a, \"b\"'),\n " });
    });

    it("drops a half escape at the cut (`\\` or `\\u00`)", () => {
        const line = JSON.stringify({ timestamp: "2026-11-26 08:37:14.051 UTC", pid: 1, error_severity: "LOG", message: 'a"é' }).replace("é", "\\u00e9");
        expect(parse(line.slice(0, line.indexOf('\\"') + 1)).entries[0].message).toBe("a");
        expect(parse(line.slice(0, line.indexOf("\\u00") + 4)).entries[0].message).toBe('a"');
    });

    it("reads a last line cut after the message as whole: only later fields are missing", () => {
        const cut = LINE.slice(0, LINE.indexOf('"application_name"') + 12);
        const { entries } = parse(cut);
        expect(entries[0].truncated).toBeUndefined();
        expect(parsePgauditRecord(entries[0].message, entries[0])).toMatchObject({ rows: 2 });
    });

    describe("malformed lines are refused with the file, line, field and what is allowed", () => {
        it.each([
            ["a line that is not JSON", "LOG: hello", `postgresql.json:1: [line] is "LOG: hello"; allowed: one JSON object per line (PostgreSQL jsonlog)`],
            ["a JSON array", "[1,2]", `postgresql.json:1: [line] is "[1,2]"; allowed: one JSON object per line (PostgreSQL jsonlog)`],
            ["a cut line that isn't the last", LINE.slice(0, 100), `postgresql.json:1: [line] is`],
            ["no message", JSON.stringify({ timestamp: "2026-11-26 08:37:14.051 UTC", pid: 1, error_severity: "LOG" }), `postgresql.json:1: [message] is "(absent)"; allowed: every jsonlog entry has timestamp, pid, error_severity and message`],
            ["a pid that is text", JSON.stringify({ timestamp: "2026-11-26 08:37:14.051 UTC", pid: "1", error_severity: "LOG", message: "m" }), `postgresql.json:1: [pid] is "\\"1\\""; allowed: a non-negative integer`],
            ["a message that is a number", JSON.stringify({ timestamp: "2026-11-26 08:37:14.051 UTC", pid: 1, error_severity: "LOG", message: 5 }), `postgresql.json:1: [message] is "5"; allowed: a JSON string`],
            ["a local time", JSON.stringify({ timestamp: "2026-11-26 08:37:14.051 CET", pid: 1, error_severity: "LOG", message: "m" }), `postgresql.json:1: [timestamp] is "2026-11-26 08:37:14.051 CET"`],
        ])("%s", (_, line, error) => {
            const { entries, problems } = parse(`${line}\n${LINE}\n`);
            expect(entries.map((e) => e.source.line)).toEqual([2]);
            expect(problems).toHaveLength(1);
            expect(problems[0].startsWith(error)).toBe(true);
        });

        it("a last line cut before its message is refused", () => {
            const { entries, problems } = parse(`${LINE}\n${LINE.slice(0, LINE.indexOf('"error_severity"'))}`);
            expect(entries).toHaveLength(1);
            expect(problems).toEqual([`postgresql.json:2: [error_severity] is "(cut before it)"; allowed: every jsonlog entry has timestamp, pid, error_severity and message`]);
        });

        it("is thrown without onProblem", () => {
            expect(() => parseLogText("nope\n", "jsonlog", "x.json")).toThrow(LogLineProblem);
        });
    });

    it("reads a numeric zone offset", () => {
        const line = JSON.stringify({ timestamp: "2026-11-26 10:37:14.051 +02", pid: 1, error_severity: "LOG", message: "m" });
        expect(parse(line + "\n").entries[0].time).toBe("2026-11-26T08:37:14.051Z");
    });
});
