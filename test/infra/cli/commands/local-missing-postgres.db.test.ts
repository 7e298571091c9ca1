import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../../../support/cli-run";

/**
 * Without PostgreSQL 15 or pgaudit, `local up` and `start` say so and give the install command (exit 2). The real
 * check (findPgBinDir) runs against a prefix where nothing is installed; only which prefix it looks at is replaced.
 * Nothing may be created before the check: the data directory stays absent.
 */
jest.mock("../../../../infra/local-twin/cluster", () => {
    const actual = jest.requireActual("../../../../infra/local-twin/cluster");
    return { ...actual, findPgBinDir: () => actual.findPgBinDir("/nonexistent/postgresql") };
});

test("local up names the install command and creates nothing", async () => {
    const dataDir = path.join(os.tmpdir(), `hpg-missing-${process.pid}`, ".hpg", "local");
    const run = await runCli(["local", "up", "--data-dir", dataDir]);
    expect(fs.existsSync(path.dirname(path.dirname(dataDir)))).toBe(false);
    expect(run).toEqual({
        code: 2,
        stdout: "",
        stderr:
            "hardened-postgres local: PostgreSQL 15 is not installed: initdb, pg_ctl, postgres not found in /nonexistent/postgresql/15/bin. Install it with: apt-get install -y postgresql-15 postgresql-contrib (or run: npm run setup)",
    });
});

test("start names the install command", async () => {
    const run = await runCli(["start", "--data-dir", path.join(os.tmpdir(), `hpg-missing-${process.pid}`, "local")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^hardened-postgres start: PostgreSQL 15 is not installed: .* Install it with: apt-get install -y postgresql-15 postgresql-contrib/);
});
