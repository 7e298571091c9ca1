import { detectLogFormat, UnknownLogFormatError } from "../../../../policies/audit/log-entries";

describe("detectLogFormat", () => {
    it.each([
        ["jsonlog", `{"timestamp":"2026-11-26 08:37:14.051 UTC","pid":1}`, "anything.txt"],
        ["csvlog", `2026-11-26 08:37:18.418 UTC,"u","d",1,"127.0.0.1:1",a.b,1,"",2026-11-26 08:37:18 UTC,,0,LOG,00000,"m"`, "x"],
        ["stderr", "2026-11-26 08:24:18 UTC::@:[27013]:LOG:  starting", "x.json"],
        ["cloudwatch", `{"messageType":"DATA_MESSAGE","logEvents":[]}`, "x.json"],
        ["cloudwatch", `{\n  "events": []\n}`, "x"],
        ["cloudwatch", "2026-11-26T08:24:18.000Z 2026-11-26 08:24:18 UTC::@:[1]:LOG:  x", "000000"],
    ])("by content: %s", (format, text, file) => {
        expect(detectLogFormat(text + "\n", file)).toBe(format);
    });

    it.each([
        ["jsonlog", "postgresql-2026-11-26_083713.json"],
        ["csvlog", "postgresql-2026-11-26_083713.csv.gz"],
        ["stderr", "postgresql.log.2026-11-26-08"],
        ["stderr", "postgresql-2026-11-26_083713.log"],
    ])("by name when the file is empty: %s", (format, file) => {
        expect(detectLogFormat("", file)).toBe(format);
    });

    it("refuses what it can't recognise, naming the file and the formats it reads", () => {
        expect(() => detectLogFormat("hello\n", "notes.txt")).toThrow(UnknownLogFormatError);
        expect(() => detectLogFormat("", "notes.txt")).toThrow(/^\[file\] notes\.txt: not a recognised PostgreSQL log; allowed: jsonlog \(\.json\), csvlog \(\.csv\)/);
    });
});
