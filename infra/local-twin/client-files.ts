import * as fs from "fs";
import * as path from "path";
import { ClusterHandle } from "./cluster";

/**
 * libpq's own files for the local roles, so psql (or any libpq program) connects without a password on its command
 * line, where `ps` shows it: a connection service file (host, port, database, user, verify-full with the local CA)
 * and a password file (0600; libpq ignores one that others can read).
 */
export interface ClientFiles {
    /** `PGSERVICEFILE`: one `[hpg-<role>]` service per login role. No passwords. */
    serviceFile: string;
    /** `PGPASSFILE`: `host:port:database:user:password` lines. */
    passFile: string;
}

export function clientFiles(dataDir: string): ClientFiles {
    return { serviceFile: path.join(dataDir, "pg_service.conf"), passFile: path.join(dataDir, "pgpass") };
}

/** The service name of a local login role: `psql service=hpg-svc_api`. */
export function serviceName(role: string): string {
    return `hpg-${role}`;
}

/** One pgpass field: `:` and `\` are escaped with a backslash. */
function passField(value: string): string {
    return value.replace(/[\\:]/g, (c) => `\\${c}`);
}

export function renderServiceFile(h: ClusterHandle, database: string, roles: string[]): string {
    const header = "# Written by hardened-postgres local up, rewritten at each up. Passwords are in the pgpass file beside it.";
    const services = roles.map((role) =>
        [`[${serviceName(role)}]`, `host=${h.host}`, `port=${h.port}`, `dbname=${database}`, `user=${role}`, "sslmode=verify-full", `sslrootcert=${h.caFile}`].join("\n"),
    );
    return [header, ...services].join("\n\n") + "\n";
}

export function renderPassFile(h: ClusterHandle, database: string, logins: Array<{ role: string; password: string }>): string {
    return logins.map((l) => [h.host, String(h.port), database, l.role, l.password].map(passField).join(":")).join("\n") + "\n";
}

/** Writes (0600, only when the content differs) the service and password files of `logins` in the data directory. */
export function writeClientFiles(h: ClusterHandle, database: string, logins: Array<{ role: string; password: string }>): ClientFiles {
    const files = clientFiles(h.dataDir);
    const contents: Array<[string, string]> = [
        [files.serviceFile, renderServiceFile(h, database, logins.map((l) => l.role))],
        [files.passFile, renderPassFile(h, database, logins)],
    ];
    for (const [file, content] of contents) {
        if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== content) {
            fs.writeFileSync(file, content, { mode: 0o600 });
        }
        fs.chmodSync(file, 0o600);
    }
    return files;
}

/** A psql run as a local role: the password reaches libpq through PGPASSFILE, never through argv. */
export interface PsqlInvocation {
    program: string;
    args: string[];
    env: NodeJS.ProcessEnv;
}

/**
 * psql as `role` through its service. The caller's PG* variables are dropped: PGPASSWORD, PGHOST or PGSSLMODE would
 * otherwise override the service and the password file.
 */
export function psqlInvocation(psql: string, files: ClientFiles, role: string, extraArgs: string[], env: NodeJS.ProcessEnv = process.env): PsqlInvocation {
    const kept = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith("PG")));
    return {
        program: psql,
        args: ["--dbname", `service=${serviceName(role)}`, ...extraArgs],
        env: { ...kept, PGSERVICEFILE: files.serviceFile, PGPASSFILE: files.passFile },
    };
}
