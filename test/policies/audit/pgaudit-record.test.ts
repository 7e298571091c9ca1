import { LogEntry } from "../../../components/audit-trail/events";
import { parsePgauditRecord, pgauditRecordOf, PgauditRecordError, readPgauditRecord } from "../../../policies/audit/pgaudit-record";

const WHOLE = `AUDIT: SESSION,2,1,WRITE,INSERT,TABLE,public.t,"insert into t values (1,'x'),(2,'y,""z""')",<not logged>,2`;

describe("parsePgauditRecord", () => {
    it("reads every field of a record with log_rows, unquoting a statement with commas and quotes", () => {
        expect(parsePgauditRecord(WHOLE)).toEqual({
            auditType: "SESSION",
            statementId: 2,
            substatementId: 1,
            class: "WRITE",
            command: "INSERT",
            objectType: "TABLE",
            objectName: "public.t",
            statement: `insert into t values (1,'x'),(2,'y,"z"')`,
            parameter: "<not logged>",
            rows: 2,
        });
    });

    it("reads a record without rows (pgaudit.log_rows off) and an unquoted statement", () => {
        expect(parsePgauditRecord("AUDIT: OBJECT,7,3,READ,SELECT,TABLE,app.patients,select * from app.patients,<not logged>")).toEqual({
            auditType: "OBJECT",
            statementId: 7,
            substatementId: 3,
            class: "READ",
            command: "SELECT",
            objectType: "TABLE",
            objectName: "app.patients",
            statement: "select * from app.patients",
            parameter: "<not logged>",
        });
    });

    it("keeps newlines, CR and tabs inside a quoted statement, and reads a quoted parameter list", () => {
        const r = parsePgauditRecord(`AUDIT: SESSION,1,1,WRITE,UPDATE,,,"update t\r\n\tset a = $1, b = $2\n",",""x"",1",1`);
        expect(r).toMatchObject({ statement: "update t\r\n\tset a = $1, b = $2\n", parameter: `,"x",1`, rows: 1 });
        expect(r!.truncated).toBeUndefined();
    });

    it("reads a quoted object name (an identifier with a comma)", () => {
        expect(parsePgauditRecord(`AUDIT: SESSION,1,1,DDL,CREATE TABLE,TABLE,"public.""a,b""","create table ""a,b"" ()",<not logged>,0`)).toMatchObject({
            objectName: `public."a,b"`,
            statement: `create table "a,b" ()`,
            parameter: "<not logged>",
            rows: 0,
        });
    });

    it("returns undefined for a message that is not a pgaudit record", () => {
        expect(parsePgauditRecord("connection received: host=127.0.0.1 port=5432")).toBeUndefined();
        expect(parsePgauditRecord("AUDIT:SESSION,1,1,READ,SELECT,,,x,<not logged>")).toBeUndefined();
    });

    describe("a record cut before its end", () => {
        it("with an unterminated quoted statement: truncated, the statement that survived, no parameter or rows", () => {
            expect(parsePgauditRecord(`AUDIT: SESSION,2,1,WRITE,INSERT,TABLE,public.t,"insert into t values (1,'x'),(2,'y,""z`)).toEqual({
                auditType: "SESSION",
                statementId: 2,
                substatementId: 1,
                class: "WRITE",
                command: "INSERT",
                objectType: "TABLE",
                objectName: "public.t",
                statement: `insert into t values (1,'x'),(2,'y,"z`,
                parameter: "",
                truncated: true,
            });
        });

        it("inside the ids: the fields before are read, nothing shifts, ids not read are 0", () => {
            expect(parsePgauditRecord("AUDIT: SESSION,1")).toEqual({
                auditType: "SESSION",
                statementId: 0,
                substatementId: 0,
                class: "",
                command: "",
                objectType: "",
                objectName: "",
                statement: "",
                parameter: "",
                truncated: true,
            });
            expect(parsePgauditRecord("AUDIT: SESS")).toMatchObject({ auditType: "", truncated: true });
        });

        it("inside an unquoted statement: what survived is kept, marked truncated", () => {
            expect(parsePgauditRecord("AUDIT: SESSION,4,1,WRITE,DELETE,TABLE,t,delete from")).toMatchObject({ statement: "delete from", parameter: "", truncated: true });
        });

        it("inside the parameter marker (`<not lo`): truncated, no parameter", () => {
            expect(parsePgauditRecord("AUDIT: SESSION,4,1,WRITE,DELETE,TABLE,t,delete from t,<not lo")).toMatchObject({
                statement: "delete from t",
                parameter: "",
                truncated: true,
            });
        });

        it("inside the rows, when the entry says it was cut: rows are not read (12 could be 123)", () => {
            const r = parsePgauditRecord("AUDIT: SESSION,4,1,WRITE,DELETE,TABLE,t,delete from t,<not logged>,12", { truncated: true });
            expect(r).toMatchObject({ parameter: "<not logged>", truncated: true });
            expect(r!.rows).toBeUndefined();
        });

        it("pgauditRecordOf passes the entry's truncation on", () => {
            const entry = { message: "AUDIT: SESSION,4,1,WRITE,DELETE,TABLE,t,delete from t,<not logged>,12", truncated: true } as LogEntry;
            expect(pgauditRecordOf(entry)).toMatchObject({ truncated: true });
            expect(pgauditRecordOf({ ...entry, truncated: undefined })).toMatchObject({ rows: 12 });
            expect(pgauditRecordOf({ ...entry, message: "hello" })).toBeUndefined();
        });
    });

    describe("a malformed record is refused with the field, the value and what is allowed", () => {
        it.each([
            ["an unknown audit type", "AUDIT: SESSIONS,1,1,READ,SELECT,,,x,<not logged>", "pgaudit record: [auditType] is \"SESSIONS\"; allowed: SESSION or OBJECT"],
            ["a statement id that is not a number", "AUDIT: SESSION,x,1,READ,SELECT,,,x,<not logged>", "pgaudit record: [statementId] is \"x\"; allowed: a positive integer"],
            ["a substatement id of 0", "AUDIT: SESSION,1,0,READ,SELECT,,,x,<not logged>", "pgaudit record: [substatementId] is \"0\"; allowed: a positive integer"],
            ["rows that are not a count", "AUDIT: SESSION,1,1,READ,SELECT,,,x,<not logged>,-1", "pgaudit record: [rows] is \"-1\"; allowed: a non-negative integer (pgaudit.log_rows)"],
            ["text after a closing quote", `AUDIT: SESSION,1,1,READ,SELECT,,,"x"y,<not logged>`, "pgaudit record: [statement] is \"\\\"x\\\"y\"; allowed: a quoted field followed by a comma or the end of the record"],
            ["more fields than pgaudit writes", "AUDIT: SESSION,1,1,READ,SELECT,,,x,<not logged>,1,2", "pgaudit record: [rows] is \"1,2\"; allowed: at most 10 fields (auditType, statementId, substatementId, class, command, objectType, objectName, statement, parameter, rows)"],
        ])("%s", (_, message, error) => {
            expect(() => parsePgauditRecord(message)).toThrow(PgauditRecordError);
            expect(() => parsePgauditRecord(message)).toThrow(error);
            expect(readPgauditRecord(message)).toEqual({ problem: expect.any(PgauditRecordError) });
        });

        it("readPgauditRecord returns the record, or nothing for other messages", () => {
            expect(readPgauditRecord(WHOLE).record).toMatchObject({ rows: 2 });
            expect(readPgauditRecord("hello")).toEqual({});
        });
    });
});

describe("a message pgaudit didn't write", () => {
    const forged = "AUDIT: SESSION,1,1,READ,SELECT,TABLE,app.patients,select 1,<not logged>,9";

    it("is refused when its entry has a CONTEXT: RAISE writes one, pgaudit (errhidecontext) never does", () => {
        expect(() => parsePgauditRecord(forged, { context: "PL/pgSQL function inline_code_block line 1 at RAISE" })).toThrow(
            `pgaudit record: [context] is "PL/pgSQL function inline_code_block line 1 at RAISE"; allowed: none: pgaudit writes its records without CONTEXT or STATEMENT; this message came from RAISE or another log call, not pgaudit`,
        );
    });

    it("is refused when its entry has a STATEMENT: pgaudit (errhidestmt) never writes one", () => {
        expect(readPgauditRecord(forged, { statement: "DO $$ … $$" }).problem?.field).toBe("statement");
    });

    it("a record with neither is read", () => {
        expect(readPgauditRecord(forged, { truncated: undefined, context: undefined, statement: undefined }).record).toMatchObject({ rows: 9 });
    });
});
