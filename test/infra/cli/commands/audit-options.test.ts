import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultDetectionSettings } from "../../../../components/audit-trail/detections";
import { parseAuditOptions, parseIsoTime, takeLogFiles } from "../../../../infra/cli/commands/audit-options";
import { CliError } from "../../../../infra/cli/errors";

const NOW = new Date("2026-11-26T12:00:00.000Z");
const ALLOWED = "an ISO 8601 time with seconds optional and a UTC offset or Z, e.g. 2026-11-26T09:00:00Z or 2026-11-26T10:00+01:00";

describe("parseIsoTime", () => {
    it("reads Z and numeric offsets, with or without seconds and fractions", () => {
        expect(parseIsoTime("since", "2026-11-26T09:00:00Z").toISOString()).toBe("2026-11-26T09:00:00.000Z");
        expect(parseIsoTime("since", "2026-11-26T10:00+01:00").toISOString()).toBe("2026-11-26T09:00:00.000Z");
        expect(parseIsoTime("since", "2026-11-26T04:30:15.123456-05:30").toISOString()).toBe("2026-11-26T10:00:15.123Z");
        expect(parseIsoTime("since", "2024-02-29T00:00:00Z").toISOString()).toBe("2024-02-29T00:00:00.000Z");
    });

    it.each([
        ["no offset (a different instant on every machine)", "2026-11-26T09:00:00"],
        ["a date only", "2026-11-26"],
        ["a day the month doesn't have", "2026-02-29T00:00:00Z"],
        ["hour 24", "2026-11-26T24:00:00Z"],
        ["minute 60", "2026-11-26T09:60:00Z"],
        ["an offset beyond 23:59", "2026-11-26T09:00:00+24:00"],
        ["a space instead of T", "2026-11-26 09:00:00Z"],
        ["words", "yesterday"],
    ])("refuses %s, naming the flag, the value and what is allowed", (_, value) => {
        expect(() => parseIsoTime("until", value)).toThrow(new CliError(`--until '${value}' is not ${ALLOWED}`));
    });
});

describe("takeLogFiles", () => {
    it("takes every file after --log up to the next option, repeated --log and --log=, names whole", () => {
        expect(takeLogFiles(["--log", "a.log", "b,c.json", "--json", "--log=d e.csv"])).toEqual({ files: ["a.log", "b,c.json", "d e.csv"], given: true, rest: ["--json"] });
        expect(takeLogFiles(["--json"])).toEqual({ files: [], given: false, rest: ["--json"] });
    });

    it("refuses --log without a file", () => {
        const message = "--log needs at least one file (a server log: jsonlog, csvlog, RDS stderr or a CloudWatch export)";
        expect(() => takeLogFiles(["--log"])).toThrow(new CliError(message));
        expect(() => takeLogFiles(["--log", "--json"])).toThrow(new CliError(message));
        expect(() => takeLogFiles(["--log="])).toThrow(new CliError(message));
    });
});

describe("parseAuditOptions", () => {
    const env = {};

    it("defaults to the 24 hours up to now, the safe settings and the local twin's default directory", () => {
        const o = parseAuditOptions("report", [], NOW, env);
        expect([o.since.toISOString(), o.until.toISOString(), o.json]).toEqual(["2026-11-25T12:00:00.000Z", "2026-11-26T12:00:00.000Z", false]);
        expect(o.settings).toEqual(defaultDetectionSettings());
        expect(o.source).toEqual({ kind: "local", spec: { dataDir: path.resolve(".hpg/local") } });
    });

    it("reads the period, the outputs, the local twin's flags and exported files", () => {
        const o = parseAuditOptions("report", ["--since", "2026-11-01T00:00:00Z", "--until=2026-11-02T00:00:00+01:00", "--json", "--html", "r.html", "--markdown", "r.md", "--data-dir", "/tmp/twin", "--port", "55432"], NOW, env);
        expect([o.since.toISOString(), o.until.toISOString(), o.json, o.html, o.markdown]).toEqual(["2026-11-01T00:00:00.000Z", "2026-11-01T23:00:00.000Z", true, "r.html", "r.md"]);
        expect(o.source).toEqual({ kind: "local", spec: { dataDir: "/tmp/twin", port: 55432, portFrom: "--port" } });
        expect(parseAuditOptions("alerts", ["--log", "a.log", "b.log"], NOW, env).source).toEqual({ kind: "files", files: ["a.log", "b.log"] });
    });

    it("refuses a period that does not move forward, naming both flags and values", () => {
        expect(() => parseAuditOptions("alerts", ["--since", "2026-11-02T00:00:00Z", "--until", "2026-11-01T00:00:00Z"], NOW, env)).toThrow(new CliError("--since '2026-11-02T00:00:00Z' must be before --until '2026-11-01T00:00:00Z'"));
        expect(() => parseAuditOptions("alerts", ["--since", "2026-11-26T12:00:00Z"], NOW, env)).toThrow(new CliError("--since '2026-11-26T12:00:00Z' must be before --until '2026-11-26T12:00:00.000Z (now)'"));
    });

    it("refuses --log with --data-dir or --port, and report's outputs on alerts", () => {
        expect(() => parseAuditOptions("report", ["--log", "a.log", "--data-dir", "x"], NOW, env)).toThrow(new CliError("--log reads exported log files and --data-dir names the local twin: give one or the other"));
        expect(() => parseAuditOptions("report", ["--port", "55432", "--log", "a.log"], NOW, env)).toThrow(new CliError("--log reads exported log files and --port names the local twin: give one or the other"));
        expect(() => parseAuditOptions("alerts", ["--html", "x.html"], NOW, env)).toThrow(/^unknown option '--html' \(allowed: --since, --until, --config, --data-dir, --port, --json\)$/);
        expect(() => parseAuditOptions("report", ["stray"], NOW, env)).toThrow(new CliError("unexpected argument 'stray' (files to read go after --log)"));
    });

    describe("--config", () => {
        let dir: string;
        beforeAll(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-audit-config-"));
        });
        afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

        function config(name: string, text: string): string {
            const file = path.join(dir, name);
            fs.writeFileSync(file, text);
            return file;
        }

        it("merges the file's settings over the defaults", () => {
            const file = config("ok.json", JSON.stringify({ classifiedTables: ["app.patients"], bulkRead: { rowsPerStatement: 50 } }));
            const o = parseAuditOptions("alerts", ["--config", file], NOW, env);
            expect(o.settings.classifiedTables).toEqual(["app.patients"]);
            expect(o.settings.bulkRead).toEqual({ ...defaultDetectionSettings().bulkRead, rowsPerStatement: 50 });
        });

        it("refuses a missing file, a file that isn't JSON and a wrong setting, naming --config and the file", () => {
            const missing = path.join(dir, "missing.json");
            expect(() => parseAuditOptions("alerts", ["--config", missing], NOW, env)).toThrow(new CliError(`--config '${missing}' can't be read (ENOENT); give a JSON file of detection settings`));
            const notJson = config("bad.json", "{ classifiedTables: [");
            expect(() => parseAuditOptions("alerts", ["--config", notJson], NOW, env)).toThrow(new RegExp(`^--config '${notJson}' is not JSON \\(.+\\); give a JSON file of detection settings$`));
            const wrong = config("wrong.json", JSON.stringify({ bulkRead: { rowsPerStatement: 0 } }));
            expect(() => parseAuditOptions("alerts", ["--config", wrong], NOW, env)).toThrow(new CliError(`--config '${wrong}': [bulkRead.rowsPerStatement] is 0; it must be a whole number ≥ 1`));
        });
    });
});
