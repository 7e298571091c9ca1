import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { runCli } from "../../../support/cli-run";

/**
 * `audit report|alerts --log <file>…` over RDS's stderr format (prefix `%t:%r:%u@%d:[%p]:`, as exported from
 * CloudWatch or downloaded with `aws rds download-db-log-file-portion`): nobody's context is open, so the access is
 * unattributed; one statement reads 5000 rows of a classified table from an address outside the allowed ranges.
 */
const RDS_LOG = [
    "2026-11-26 09:00:00 UTC:203.0.113.7(50000):hpg_app@hpg_app:[4100]:LOG:  connection authorized: user=hpg_app database=hpg_app SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)",
    `2026-11-26 09:00:01 UTC:203.0.113.7(50000):hpg_app@hpg_app:[4100]:LOG:  AUDIT: SESSION,1,1,READ,SELECT,TABLE,app.patients,"select * from app.patients",<not logged>,5000`,
    `2026-11-26 09:00:02 UTC:203.0.113.7(50000):hpg_app@hpg_app:[4100]:LOG:  AUDIT: SESSION,2,1,WRITE,UPDATE,TABLE,app.patients,"update app.patients set name = 'x'`,
    `\twhere id = 1",<not logged>,1`,
    "",
].join("\n");

/** A read of a table that holds no classified data, from an allowed address: nothing to alert on. */
const QUIET_LOG = [
    "2026-11-26 09:00:00 UTC:10.0.0.5(50000):hpg_app@hpg_app:[4200]:LOG:  connection authorized: user=hpg_app database=hpg_app SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)",
    `2026-11-26 09:00:01 UTC:10.0.0.5(50000):hpg_app@hpg_app:[4200]:LOG:  AUDIT: SESSION,1,1,READ,SELECT,TABLE,app.opening_hours,"select * from app.opening_hours",<not logged>,7`,
    "",
].join("\n");

const PERIOD = ["--since", "2026-11-26T08:30:00Z", "--until", "2026-11-26T09:30:00Z"];

describe("hardened-postgres audit", () => {
    let dir: string;
    let rdsLog: string;
    let quietLog: string;
    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-audit-cli-"));
        rdsLog = path.join(dir, "postgresql.log.2026-11-26-09");
        fs.writeFileSync(rdsLog, RDS_LOG);
        quietLog = path.join(dir, "quiet.log");
        fs.writeFileSync(quietLog, QUIET_LOG);
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("lists both subcommands in the CLI's usage and has --help per subcommand", async () => {
        const usage = await runCli(["--help"]);
        expect(usage.stdout).toContain("audit report|alerts [--since <ISO time>] [--until <ISO time>] [--json] [--html <file>] [--markdown <file>] [--config <file>] [--data-dir <dir>] [--port <port>] [--log <file>…]");
        const report = await runCli(["audit", "report", "--help"]);
        expect(report.code).toBe(0);
        expect(report.stdout.split("\n")[0]).toBe("usage: hardened-postgres audit report [--since <ISO time>] [--until <ISO time>] [--json] [--html <file>] [--markdown <file>] [--config <file>] [--data-dir <dir>] [--port <port>] [--log <file>…]");
        expect(report.stdout).toContain("--html <file>     also write the report as a self-contained HTML page");
        const alerts = await runCli(["audit", "alerts", "--help"]);
        expect(alerts.stdout.split("\n")[0]).toBe("usage: hardened-postgres audit alerts [--since <ISO time>] [--until <ISO time>] [--json] [--config <file>] [--data-dir <dir>] [--port <port>] [--log <file>…]");
        expect(alerts.stdout).toContain("Exit 0 when there are none, 1 when there is any, 2 for bad usage or unreadable input.");
        expect(alerts.stdout).not.toContain("--html");
        const bare = await runCli(["audit"]);
        expect([bare.code, bare.stdout.split("\n")[0]]).toEqual([2, "usage:"]);
    });

    it.each([
        [["audit", "watch"], "hardened-postgres audit: unknown subcommand 'watch' (use: report | alerts)"],
        [["audit", "report", "--since", "2026-11-26T09:00:00"], "hardened-postgres audit: --since '2026-11-26T09:00:00' is not an ISO 8601 time with seconds optional and a UTC offset or Z, e.g. 2026-11-26T09:00:00Z or 2026-11-26T10:00+01:00"],
        [["audit", "alerts", "--since", "2026-11-26T10:00:00Z", "--until", "2026-11-26T09:00:00Z", "--log", "x.log"], "hardened-postgres audit: --since '2026-11-26T10:00:00Z' must be before --until '2026-11-26T09:00:00Z'"],
        [["audit", "report", "--log"], "hardened-postgres audit: --log needs at least one file (a server log: jsonlog, csvlog, RDS stderr or a CloudWatch export)"],
        [["audit", "alerts", "--markdown", "x.md"], "hardened-postgres audit: unknown option '--markdown' (allowed: --since, --until, --config, --data-dir, --port, --json)"],
    ])("exits 2 on bad usage: %j", async (argv, message) => {
        const r = await runCli(argv);
        expect([r.code, r.stderr]).toEqual([2, message]);
    });

    it("exits 2 naming --log and the file when a log can't be read or isn't a server log", async () => {
        const missing = path.join(dir, "missing.log");
        const r = await runCli(["audit", "report", "--log", missing]);
        expect([r.code, r.stderr]).toEqual([2, `hardened-postgres audit: --log '${missing}' can't be read (ENOENT); give a PostgreSQL server log file`]);
        const notALog = path.join(dir, "notes.txt");
        fs.writeFileSync(notALog, "shopping list\n");
        const u = await runCli(["audit", "report", "--log", notALog]);
        expect(u.code).toBe(2);
        expect(u.stderr).toMatch(new RegExp(`^hardened-postgres audit: --log: \\[file\\] ${notALog.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not a recognised PostgreSQL log; allowed: `));
    });

    it("report: prints the period's access by role when nobody's context was open, exit 0, with JSON, Markdown and HTML", async () => {
        const html = path.join(dir, "report.html");
        const markdown = path.join(dir, "report.md");
        const r = await runCli(["audit", "report", ...PERIOD, "--log", rdsLog, "--html", html, "--markdown", markdown]);
        expect([r.code, r.stderr]).toEqual([0, ""]);
        expect(r.stdout).toContain("PHI access 2026-11-26T08:30:00.000Z to 2026-11-26T09:30:00.000Z: 2 audited statement(s) on tables, 2 on classified tables; 2 unattributed (2 on classified tables);");
        expect(r.stdout).toMatch(/\n {2}hpg_app +app\.patients +SELECT +1 +5000\n/);
        expect(r.stdout).toMatch(/\n {2}hpg_app +app\.patients +UPDATE +1 +1(\n|$)/);
        expect(fs.readFileSync(markdown, "utf8")).toContain("| hpg\\_app | app.patients | SELECT | 1 | 5000 | 203.0.113.7 | 2026-11-26T09:00:01.000Z | 2026-11-26T09:00:01.000Z |");
        expect(fs.readFileSync(html, "utf8")).toMatch(/^<!DOCTYPE html>/);
        const json = await runCli(["audit", "report", ...PERIOD, "--log", rdsLog, "--json"]);
        const report = JSON.parse(json.stdout);
        expect(report.format).toBe("hardened-postgres-audit-report/1");
        expect(report.sources).toEqual([rdsLog]);
        expect(report.unattributed.map((u: { roles: string[]; table: string; operation: string; rows: number }) => [u.roles, u.table, u.operation, u.rows])).toEqual([
            [["hpg_app"], "app.patients", "SELECT", 5000],
            [["hpg_app"], "app.patients", "UPDATE", 1],
        ]);
        expect(report.alertCounts.map((c: { detection: string }) => c.detection)).toEqual(expect.arrayContaining(["bulk-read", "outside-network"]));
    });

    it("alerts: exit 1 with each alert's facts and proof; exit 0 when there are none", async () => {
        const r = await runCli(["audit", "alerts", ...PERIOD, "--log", rdsLog]);
        expect([r.code, r.stderr]).toEqual([1, ""]);
        expect(r.stdout).toMatch(/^\d+ alert\(s\) 2026-11-26T08:30:00\.000Z to 2026-11-26T09:30:00\.000Z:/);
        expect(r.stdout).toMatch(/\[\w+\] bulk-read: /);
        expect(r.stdout).toContain(`    | 2026-11-26 09:00:01 UTC:203.0.113.7(50000):hpg_app@hpg_app:[4100]:LOG:  AUDIT: SESSION,1,1,READ,SELECT,TABLE,app.patients,"select * from app.patients",<not logged>,5000`);
        const json = JSON.parse((await runCli(["audit", "alerts", ...PERIOD, "--log", rdsLog, "--json"])).stdout);
        expect(json.alerts.find((a: { detection: string }) => a.detection === "bulk-read")).toMatchObject({ role: "hpg_app", table: "app.patients", operation: "SELECT", sourceAddress: "203.0.113.7", time: "2026-11-26T09:00:01.000Z" });
        const quiet = await runCli(["audit", "alerts", ...PERIOD, "--log", quietLog]);
        expect([quiet.code, quiet.stdout]).toEqual([0, `no alerts 2026-11-26T08:30:00.000Z to 2026-11-26T09:30:00.000Z (read from: ${quietLog})`]);
    });

    it("reads several files in any format the parser knows, gzip'd too", async () => {
        const gz = path.join(dir, "quiet.log.gz");
        fs.writeFileSync(gz, zlib.gzipSync(QUIET_LOG));
        const r = JSON.parse((await runCli(["audit", "report", ...PERIOD, "--json", "--log", rdsLog, gz])).stdout);
        expect(r.sources).toEqual([rdsLog, gz]);
        expect(r.totals.statements).toBe(3);
    });

    it("--config thresholds decide: a higher bulk-read threshold and the address allowed leave no alert", async () => {
        const config = path.join(dir, "quiet.json");
        fs.writeFileSync(config, JSON.stringify({ bulkRead: { rowsPerStatement: 10000, rowsPerPersonPerWindow: 100000 }, allowedCidrs: ["203.0.113.0/24"] }));
        const r = JSON.parse((await runCli(["audit", "alerts", ...PERIOD, "--json", "--config", config, "--log", rdsLog])).stdout);
        expect(r.alerts.filter((a: { detection: string }) => a.detection === "bulk-read" || a.detection === "outside-network")).toEqual([]);
    });

    it("shows a control character from the log as an escape, never sends it to the terminal", async () => {
        const log = path.join(dir, "escape.log");
        fs.writeFileSync(log, `2026-11-26 09:00:01 UTC:203.0.113.7(50000):hpg_app@hpg_app:[4300]:LOG:  AUDIT: SESSION,1,1,READ,SELECT,TABLE,app.patients,"select '\u001b[2J' from app.patients",<not logged>,5000\n`);
        const r = await runCli(["audit", "alerts", ...PERIOD, "--log", log]);
        expect(r.code).toBe(1);
        expect(r.stdout).not.toContain("\u001b");
        expect(r.stdout).toContain(`"select '\\x1b[2J' from app.patients"`);
    });

    it("exits 2 saying how to create the local twin when --data-dir holds none", async () => {
        const empty = path.join(dir, "no-twin");
        fs.mkdirSync(empty);
        const r = await runCli(["audit", "report", "--data-dir", empty, "--port", "55999"]);
        expect([r.code, r.stderr]).toEqual([2, `hardened-postgres audit: no local cluster in ${empty} (create it with: hardened-postgres local up --data-dir ${empty}), or read exported logs with --log <file>…`]);
    });

    it("exits 2 naming --html when the page can't be written", async () => {
        const target = path.join(dir, "no-such-dir", "report.html");
        const r = await runCli(["audit", "report", ...PERIOD, "--log", rdsLog, "--html", target]);
        expect(r.code).toBe(2);
        expect(r.stderr).toBe(`hardened-postgres audit: --html '${target}' can't be written (ENOENT: no such file or directory, open '${target}'); give a file path in a directory you can write to`);
    });
});
