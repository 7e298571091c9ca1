import { CSVLOG_COLUMNS, LogLineProblem, parseLogText, parsePgauditRecord } from "../../../../policies/audit/log-entries";

/** A record as PostgreSQL 15 writes it (copied from a real server's csvlog). */
const RECORD =
    `2026-11-26 08:37:18.418 UTC,"h1_clin","postgres",6148,"127.0.0.1:57736",6b07efbe.1804,5,"INSERT",2026-11-26 08:37:18 UTC,4/3,728,LOG,00000,` +
    `"AUDIT: SESSION,2,1,WRITE,INSERT,TABLE,clinic.notes,""INSERT INTO clinic.notes VALUES (1, 'a, """"b""""'),\n (2, 'it''s')"",<not logged>,2",,,,,,,,,"app","client backend",,8704954208395154891`;

function parse(text: string) {
    const problems: LogLineProblem[] = [];
    const entries = parseLogText(text, "csvlog", "postgresql.csv", { onProblem: (p) => problems.push(p) });
    return { entries, problems: problems.map((p) => p.message) };
}

describe("csvlog", () => {
    it("has PostgreSQL 15's 26 columns in the documented order", () => {
        expect(CSVLOG_COLUMNS).toHaveLength(26);
        expect(CSVLOG_COLUMNS.slice(11, 14)).toEqual(["error_severity", "sql_state_code", "message"]);
    });

    it("reads a record with doubled quotes and an embedded newline, keeping its text and first line", () => {
        const { entries, problems } = parse(`${RECORD}\n${RECORD}\n`);
        expect(problems).toEqual([]);
        expect(entries[1]).toEqual({
            time: "2026-11-26T08:37:18.418Z",
            pid: 6148,
            user: "h1_clin",
            database: "postgres",
            remoteHost: "127.0.0.1",
            remotePort: 57736,
            sessionId: "6b07efbe.1804",
            sessionLine: 5,
            vxid: "4/3",
            txid: "728",
            severity: "LOG",
            message: `AUDIT: SESSION,2,1,WRITE,INSERT,TABLE,clinic.notes,"INSERT INTO clinic.notes VALUES (1, 'a, ""b""'),\n (2, 'it''s')",<not logged>,2`,
            applicationName: "app",
            source: { file: "postgresql.csv", line: 3 },
            raw: RECORD,
        });
        expect(parsePgauditRecord(entries[1].message)).toMatchObject({ statement: "INSERT INTO clinic.notes VALUES (1, 'a, \"b\"'),\n (2, 'it''s')", rows: 2 });
    });

    it("reads PostgreSQL 12's 23 columns and an IPv6 client", () => {
        const v12 = RECORD.replace('"127.0.0.1:57736"', '"::1:57736"').replace(/,"client backend",,8704954208395154891$/, "");
        expect(parse(v12 + "\n").entries[0]).toMatchObject({ remoteHost: "::1", remotePort: 57736, applicationName: "app" });
    });

    it("reads a record cut inside its message as truncated, and one cut after it as whole", () => {
        const inMessage = RECORD.slice(0, RECORD.indexOf("(2, 'it"));
        const cut = parse(inMessage).entries[0];
        expect(cut.truncated).toBe(true);
        expect(parsePgauditRecord(cut.message, cut)).toMatchObject({ truncated: true, statement: "INSERT INTO clinic.notes VALUES (1, 'a, \"b\"'),\n " });
        const afterMessage = RECORD.slice(0, RECORD.indexOf('"app"') + 2);
        const entry = parse(afterMessage).entries[0];
        expect(entry.truncated).toBeUndefined();
        expect(parsePgauditRecord(entry.message, entry)).toMatchObject({ rows: 2 });
    });

    describe("malformed records are refused with the file, line, column and what is allowed", () => {
        it.each([
            ["too few columns", "a,b,c", `postgresql.csv:1: [columns] is "3"; allowed: 23 to 26 columns (PostgreSQL 12 to 15 csvlog)`],
            ["a blank line", "", `postgresql.csv:1: [columns] is "1"`],
            ["text after a closing quote", RECORD.replace('"h1_clin"', '"h1_clin"x'), `postgresql.csv:1: [user_name] is`],
            ["a pid that is not a number", RECORD.replace(",6148,", ",p6148,"), `postgresql.csv:1: [process_id] is "p6148"; allowed: a process id (digits)`],
            ["a local time", RECORD.replace("08:37:18.418 UTC", "08:37:18.418 CET"), `postgresql.csv:1: [log_time] is "2026-11-26 08:37:18.418 CET"`],
            ["a client without a port", RECORD.replace('"127.0.0.1:57736"', '"127.0.0.1"'), `postgresql.csv:1: [connection_from] is "127.0.0.1"; allowed: host:port, [local] or empty`],
            ["no severity", RECORD.replace(",LOG,", ",,"), `postgresql.csv:1: [error_severity] is ""`],
        ])("%s", (_, record, error) => {
            const { entries, problems } = parse(`${record}\n${RECORD}\n`);
            expect(entries.map((e) => e.pid)).toEqual([6148]);
            expect(problems).toHaveLength(1);
            expect(problems[0].startsWith(error)).toBe(true);
        });

        it("a record cut before its message is refused", () => {
            expect(parse(RECORD.slice(0, RECORD.indexOf(",LOG,") + 3)).problems).toEqual([`postgresql.csv:1: [error_severity] is "(cut before it)"; allowed: a severity such as LOG or ERROR`]);
            expect(parse(RECORD.slice(0, RECORD.indexOf(",LOG,") + 8)).problems).toEqual([`postgresql.csv:1: [message] is "(cut before it)"; allowed: every csvlog entry has a message`]);
        });
    });
});
