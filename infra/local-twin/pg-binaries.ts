import * as fs from "fs";
import * as path from "path";
import { LocalTwinError } from "./local-twin-error";

/** The PostgreSQL major version the local cluster runs (the oldest family the product supports). */
export const LOCAL_PG_MAJOR = "15";

/** Debian packages that provide what `findPgBinDir` needs; the same list `scripts/setup.sh` installs. */
export const INSTALL_POSTGRES = `apt-get install -y postgresql-${LOCAL_PG_MAJOR} postgresql-contrib`;
export const INSTALL_PGAUDIT = `apt-get install -y postgresql-${LOCAL_PG_MAJOR}-pgaudit`;

/** A required program or library is missing; the message names the install command. */
export class PostgresNotInstalledError extends LocalTwinError {}

/**
 * The directory holding PostgreSQL 15's initdb, pg_ctl and postgres (Debian layout), after checking that pgaudit is
 * installed for that version. `root` is the Debian prefix, a parameter only so the missing case can be tested.
 */
export function findPgBinDir(root = "/usr/lib/postgresql"): string {
    const binDir = path.join(root, LOCAL_PG_MAJOR, "bin");
    const missing = ["initdb", "pg_ctl", "postgres"].filter((p) => !isExecutable(path.join(binDir, p)));
    if (missing.length > 0) {
        throw new PostgresNotInstalledError(
            `PostgreSQL ${LOCAL_PG_MAJOR} is not installed: ${missing.join(", ")} not found in ${binDir}. Install it with: ${INSTALL_POSTGRES} (or run: npm run setup)`,
        );
    }
    const pgaudit = path.join(root, LOCAL_PG_MAJOR, "lib", "pgaudit.so");
    if (!fs.existsSync(pgaudit)) {
        throw new PostgresNotInstalledError(`pgaudit is not installed for PostgreSQL ${LOCAL_PG_MAJOR}: ${pgaudit} not found. Install it with: ${INSTALL_PGAUDIT} (or run: npm run setup)`);
    }
    return binDir;
}

function isExecutable(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}
