import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { LogLineProblem, readLogFiles, UnknownLogFormatError } from "../../../../policies/audit/log-entries";

const JSONLOG = JSON.stringify({ timestamp: "2026-11-26 08:00:00.000 UTC", pid: 1, error_severity: "LOG", message: "from jsonlog" }) + "\n";
const STDERR = "2026-11-26 08:00:01 UTC::@:[2]:LOG:  from stderr\n";
const CSVLOG = `2026-11-26 08:00:02.000 UTC,,,3,,a.b,1,,2026-11-26 08:00:00 UTC,,0,LOG,00000,"from csvlog",,,,,,,,,"","postmaster",,0\n`;

describe("readLogFiles", () => {
    let dir: string;
    const write = (name: string, content: string | Buffer) => {
        fs.writeFileSync(path.join(dir, name), content);
        return path.join(dir, name);
    };
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-read-logs-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads each file in its own format, gzip'd or not, in the order given", () => {
        const files = [write("b.log.gz", zlib.gzipSync(STDERR)), write("a.json", JSONLOG), write("export-without-suffix", zlib.gzipSync(CSVLOG))];
        expect(readLogFiles(files).map((e) => [e.message, e.source.file])).toEqual([
            ["from stderr", files[0]],
            ["from jsonlog", files[1]],
            ["from csvlog", files[2]],
        ]);
    });

    it("refuses a file whose format it can't tell, naming it", () => {
        const file = write("notes.txt", "hello\n");
        expect(() => readLogFiles([file])).toThrow(UnknownLogFormatError);
        expect(() => readLogFiles([file])).toThrow(`[file] ${file}: not a recognised PostgreSQL log`);
    });

    it("throws a bad line by default, and reports it through onProblem when asked, reading on", () => {
        const file = write("x.log", `${STDERR}garbage\n${STDERR}`);
        expect(() => readLogFiles([file])).toThrow(LogLineProblem);
        const problems: string[] = [];
        expect(readLogFiles([file], { onProblem: (p) => problems.push(p.message) })).toHaveLength(2);
        expect(problems).toEqual([`${file}:2: [line] is "garbage"; allowed: a line starting with RDS's log_line_prefix %t:%r:%u@%d:[%p]: and '<SEVERITY>:  ', or a continuation starting with a tab`]);
    });
});
