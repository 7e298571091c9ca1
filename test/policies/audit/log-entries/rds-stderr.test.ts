import { LogLineProblem, parseLogText } from "../../../../policies/audit/log-entries";

const AUDIT_LINE = "2026-11-26 08:24:18 UTC:127.0.0.1(41184):hpg_admin@postgres:[27026]:LOG:  AUDIT: SESSION,4,1,WRITE,UPDATE,,,\"update t set b = 'multi";

function parse(text: string) {
    const problems: LogLineProblem[] = [];
    const entries = parseLogText(text, "stderr", "postgresql.log.2026-11-26-08", { onProblem: (p) => problems.push(p) });
    return { entries, problems: problems.map((p) => p.message) };
}

describe("RDS stderr (%t:%r:%u@%d:[%p]:)", () => {
    it("reads a client's entry and joins its TAB continuation, removing exactly one TAB", () => {
        const text = `${AUDIT_LINE}\n\tline'\n\t\twhere a = 1",<not logged>,1\n`;
        expect(parse(text)).toEqual({
            entries: [
                {
                    time: "2026-11-26T08:24:18.000Z",
                    pid: 27026,
                    user: "hpg_admin",
                    database: "postgres",
                    remoteHost: "127.0.0.1",
                    remotePort: 41184,
                    severity: "LOG",
                    message: "AUDIT: SESSION,4,1,WRITE,UPDATE,,,\"update t set b = 'multi\nline'\n\twhere a = 1\",<not logged>,1",
                    source: { file: "postgresql.log.2026-11-26-08", line: 1 },
                    raw: text.slice(0, -1),
                },
            ],
            problems: [],
        });
    });

    it("reads background processes (no address, no user) and entries before authentication ([unknown])", () => {
        const { entries } = parse(
            "2026-11-26 08:24:18 UTC::@:[27013]:LOG:  starting PostgreSQL 15.8\n" +
                "2026-11-26 08:24:18 UTC:127.0.0.1(41172):[unknown]@[unknown]:[27021]:LOG:  connection received: host=127.0.0.1 port=41172\n" +
                "2026-11-26 08:24:18 UTC:[local]:postgres@postgres:[27022]:LOG:  connection authorized\n",
        );
        expect(entries.map(({ pid, user, database, remoteHost, remotePort }) => ({ pid, user, database, remoteHost, remotePort }))).toEqual([
            { pid: 27013, user: undefined, database: undefined, remoteHost: undefined, remotePort: undefined },
            { pid: 27021, user: undefined, database: undefined, remoteHost: "127.0.0.1", remotePort: 41172 },
            { pid: 27022, user: "postgres", database: "postgres", remoteHost: undefined, remotePort: undefined },
        ]);
    });

    it("reads IPv6 addresses, user names holding @ and a message holding the prefix's punctuation", () => {
        const { entries } = parse("2026-11-26 08:24:18 UTC:2001:db8::7(5433):alice@example.com@app:[9]:ERROR:  x:[1]:LOG:  y\n");
        expect(entries[0]).toMatchObject({ remoteHost: "2001:db8::7", remotePort: 5433, user: "alice@example.com", database: "app", pid: 9, severity: "ERROR", message: "x:[1]:LOG:  y" });
    });

    it("keeps DETAIL, CONTEXT, STATEMENT and HINT lines as entries with their severity", () => {
        const { entries } = parse(
            "2026-11-26 08:24:18 UTC:127.0.0.1(1):a@b:[5]:LOG:  hello\n" +
                "2026-11-26 08:24:18 UTC:127.0.0.1(1):a@b:[5]:CONTEXT:  PL/pgSQL function inline_code_block line 1 at RAISE\n" +
                "2026-11-26 08:24:18 UTC:127.0.0.1(1):a@b:[5]:STATEMENT:  DO $$ BEGIN RAISE LOG 'hello'; END $$\n" +
                "2026-11-26 08:24:18 UTC:127.0.0.1(1):a@b:[5]:HINT:  try again\n",
        );
        expect(entries.map((e) => e.severity)).toEqual(["LOG", "CONTEXT", "STATEMENT", "HINT"]);
    });

    it("marks the last entry truncated when the file ends without its newline (copied mid-write)", () => {
        const { entries } = parse(`${AUDIT_LINE}\n\tline' wh`);
        expect(entries[0]).toMatchObject({ truncated: true, message: expect.stringMatching(/line' wh$/) });
        expect(parse(`${AUDIT_LINE}\n`).entries[0].truncated).toBeUndefined();
    });

    describe("malformed lines are refused with the file, line and what is allowed", () => {
        it.each([
            ["a line without RDS's prefix", "2026-11-26 08:24:18.123 UTC [27026] LOG:  other prefix", "line"],
            ["a severity followed by one space", "2026-11-26 08:24:18 UTC::@:[1]:LOG: one space", "line"],
            ["an empty line", "", "line"],
            ["a continuation with nothing before it", "\tline' where a = 1", "continuation"],
            ["a time zone that is a name", "2026-11-26 08:24:18 CET::@:[1]:LOG:  x", "time"],
            ["a date that doesn't exist", "2026-13-45 08:24:18 UTC::@:[1]:LOG:  x", "time"],
        ])("%s", (_, line, field) => {
            const { entries, problems } = parse(`${line}\n2026-11-26 08:24:19 UTC::@:[2]:LOG:  next\n`);
            expect(entries.map((e) => e.pid)).toEqual([2]);
            expect(problems).toHaveLength(1);
            expect(problems[0]).toMatch(new RegExp(`^postgresql\\.log\\.2026-11-26-08:1: \\[${field}\\] is `));
        });

        it("names what is allowed", () => {
            expect(() => parseLogText("garbage\n", "stderr", "f.log")).toThrow(
                `f.log:1: [line] is "garbage"; allowed: a line starting with RDS's log_line_prefix %t:%r:%u@%d:[%p]: and '<SEVERITY>:  ', or a continuation starting with a tab`,
            );
            expect(() => parseLogText("2026-11-26 08:24:18 CET::@:[1]:LOG:  x\n", "stderr", "f.log")).toThrow(
                `f.log:1: [time] is "2026-11-26 08:24:18 CET"; allowed: 'YYYY-MM-DD HH:MM:SS[.fff] UTC' or a numeric offset (log_timezone = 'UTC', as RDS writes)`,
            );
        });

        it("a continuation after a refused line is refused too, never joined to an earlier entry", () => {
            const { entries, problems } = parse("2026-11-26 08:24:18 UTC::@:[1]:LOG:  first\nstray output\n\tcontinued\n");
            expect(entries.map((e) => e.message)).toEqual(["first"]);
            expect(problems.map((p) => p.split(":")[1])).toEqual(["2", "3"]);
        });
    });
});

describe("the lines PostgreSQL writes after a message (DETAIL, CONTEXT, STATEMENT)", () => {
    const at = (pid: number, severity: string, message: string) => `2026-11-26 08:24:18 UTC:127.0.0.1(1):a@b:[${pid}]:${severity}:  ${message}`;

    it("are copied onto the message they follow, multi-line ones whole, and stay entries", () => {
        const { entries } = parse(
            [at(5, "LOG", "AUDIT: x"), at(5, "DETAIL", "d"), at(5, "HINT", "h"), at(5, "CONTEXT", "PL/pgSQL function f() line 3 at RAISE"), "\tSQL statement \"x\"", at(5, "STATEMENT", "DO $$"), "\t$$", ""].join("\n"),
        );
        expect(entries.map((e) => e.severity)).toEqual(["LOG", "DETAIL", "HINT", "CONTEXT", "STATEMENT"]);
        expect(entries[0]).toMatchObject({ detail: "d", context: "PL/pgSQL function f() line 3 at RAISE\nSQL statement \"x\"", statement: "DO $$\n$$" });
    });

    it("are not copied across another backend's entry, a refused line, or onto another pid", () => {
        const { entries } = parse([at(5, "LOG", "a"), at(6, "LOG", "b"), at(5, "CONTEXT", "c1"), at(7, "LOG", "d"), "stray", at(7, "CONTEXT", "c2"), at(8, "LOG", "e"), at(9, "CONTEXT", "c3"), ""].join("\n"));
        expect(entries.filter((e) => e.severity === "LOG").map((e) => e.context)).toEqual([undefined, undefined, undefined, undefined]);
    });
});
