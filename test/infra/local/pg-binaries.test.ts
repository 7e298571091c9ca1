import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findPgBinDir } from "../../../infra/local-twin/pg-binaries";

describe("findPgBinDir", () => {
    let root: string;
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-bin-"));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    const install = (...files: string[]) => {
        for (const f of files) {
            fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
            fs.writeFileSync(path.join(root, f), "", { mode: 0o755 });
        }
    };

    test("finds the Debian PostgreSQL 15 binaries on this machine", () => {
        expect(findPgBinDir()).toBe("/usr/lib/postgresql/15/bin");
    });

    test("names the apt-get command when PostgreSQL 15 is missing", () => {
        install("15/bin/initdb");
        expect(() => findPgBinDir(root)).toThrow(
            `PostgreSQL 15 is not installed: pg_ctl, postgres not found in ${root}/15/bin. Install it with: apt-get install -y postgresql-15 postgresql-contrib (or run: npm run setup)`,
        );
    });

    test("names the apt-get command when pgaudit is missing", () => {
        install("15/bin/initdb", "15/bin/pg_ctl", "15/bin/postgres");
        expect(() => findPgBinDir(root)).toThrow(
            `pgaudit is not installed for PostgreSQL 15: ${root}/15/lib/pgaudit.so not found. Install it with: apt-get install -y postgresql-15-pgaudit (or run: npm run setup)`,
        );
    });
});
