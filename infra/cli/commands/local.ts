import { spawn } from "child_process";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "../args";
import { CliError, EXIT } from "../errors";
import { LocalTwinError } from "../../local-twin/cluster";
import { serviceName } from "../../local-twin/client-files";
import {
    DEFAULT_LOCAL_DATA_DIR,
    LOCAL_ACCESS_MODEL,
    localDown,
    localPsql,
    localRoleGroup,
    localRoleUrl,
    LocalState,
    localStatus,
    LocalStatus,
    localUp,
    LocalUpResult,
} from "../../local-twin/local-database";
import { LOCAL_VALUE_FLAGS, localSpecFrom } from "./local-spec";

const SUBCOMMANDS = "up | down | status | url <role> | psql <role> [-- <psql options>]";

/**
 * `local status` exits as `pg_ctl status` does, so scripts can tell the answers apart: 0 running, 3 not running,
 * 4 no accessible data directory (no cluster). 3 is also the CLI's code for an internal error; status never reports
 * one that way, since its own failures (a --port mismatch, an unreadable file) exit 2.
 */
export const LOCAL_STATUS_EXIT: Readonly<Record<LocalState, number>> = { running: 0, stopped: 3, absent: 4 };

/**
 * `local up|down|status|url <role>|psql <role> [--data-dir <dir>] [--port <port>] [--json] [-- <psql options>]`: the
 * local hardened PostgreSQL. Problems of the machine or the request (a busy port, a missing program, a directory that
 * cannot be written) are environment errors (exit 2) whose message names the flag or path, the cause and the fix.
 */
export async function runLocal(argv: string[]): Promise<number> {
    // Everything after `--` belongs to psql, whose options parseArgs does not know.
    const dashes = argv.indexOf("--");
    const own = dashes === -1 ? argv : argv.slice(0, dashes);
    const passThrough = dashes === -1 ? [] : argv.slice(dashes + 1);
    const args = parseArgs(own, LOCAL_VALUE_FLAGS, ["json"]);
    const [sub, ...rest] = args.positional;
    const json = args.flags.has("json");
    const spec = localSpecFrom(args);
    if (passThrough.length > 0 && sub !== "psql") {
        throw new CliError(`'--' passes options to psql; it is only for: local psql <role> -- <psql options>`);
    }
    try {
        switch (sub) {
            case "up": {
                noMore(rest);
                const result = await localUp(spec);
                console.log(json ? JSON.stringify(upJson(result), null, 2) : formatUp(result));
                return EXIT.ok;
            }
            case "down": {
                noMore(rest);
                const { handle, wasRunning } = await localDown(spec);
                console.log(json ? JSON.stringify({ stopped: wasRunning, dataDir: handle.dataDir }) : wasRunning ? `stopped PostgreSQL on ${handle.host}:${handle.port}; data kept in ${handle.dataDir}` : `not running; data (if any) kept in ${handle.dataDir}`);
                return EXIT.ok;
            }
            case "status": {
                noMore(rest);
                const s = await localStatus(spec);
                console.log(json ? JSON.stringify(s, null, 2) : formatStatus(s));
                return LOCAL_STATUS_EXIT[s.state];
            }
            case "url": {
                console.log(await localRoleUrl(spec, oneRole(rest, "url")));
                return EXIT.ok;
            }
            case "psql": {
                return await runPsql(await localPsql(spec, oneRole(rest, "psql"), passThrough));
            }
            default:
                throw new CliError(sub === undefined ? `usage: local ${SUBCOMMANDS}` : `unknown subcommand '${sub}' (use: ${SUBCOMMANDS})`);
        }
    } catch (e) {
        if (e instanceof LocalTwinError) {
            throw new CliError(e.message, EXIT.usage);
        }
        throw e;
    }
}

function noMore(rest: string[]): void {
    if (rest.length > 0) {
        throw new CliError(`unexpected argument '${rest[0]}'`);
    }
}

function oneRole(rest: string[], sub: "url" | "psql"): string {
    if (rest.length === 1) {
        return rest[0];
    }
    const logins = LOCAL_ACCESS_MODEL.loginRoles.map((l) => l.name).join(", ");
    const more = sub === "psql" && rest.length > 1 ? ` ('${rest[1]}' is not a local option: pass psql's options after --)` : "";
    throw new CliError(`usage: local ${sub} <role>${sub === "psql" ? " [-- <psql options>]" : ""} (login roles: ${logins})${more}`);
}

/**
 * Runs psql in this terminal and returns its exit code. The password reaches it only through the password file named
 * in its environment. Ctrl-C belongs to psql (it cancels the running query), so this process ignores it meanwhile.
 */
function runPsql(invocation: Awaited<ReturnType<typeof localPsql>>): Promise<number> {
    return new Promise((resolve, reject) => {
        const ignore = () => undefined;
        process.on("SIGINT", ignore);
        process.on("SIGQUIT", ignore);
        const done = () => {
            process.off("SIGINT", ignore);
            process.off("SIGQUIT", ignore);
        };
        const child = spawn(invocation.program, invocation.args, { stdio: "inherit", env: invocation.env });
        child.on("error", (e: NodeJS.ErrnoException) => {
            done();
            reject(e.code === "ENOENT" ? new CliError(`psql not found at ${invocation.program}: install it with: apt-get install -y postgresql-client-15`, EXIT.usage) : e);
        });
        child.on("exit", (code, signal) => {
            done();
            // A shell reports a program killed by a signal as 128 + its number.
            resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
        });
    });
}

function upJson(r: LocalUpResult) {
    return {
        host: r.handle.host,
        port: r.handle.port,
        database: r.database,
        dataDir: r.handle.dataDir,
        serverDir: r.handle.serverDir,
        caFile: r.handle.caFile,
        serviceFile: r.clientFiles.serviceFile,
        passFile: r.clientFiles.passFile,
        changes: r.changes,
    };
}

/** The `--data-dir` a later command must repeat: none for the default directory. */
function dataDirFlag(dataDir: string): string {
    return dataDir === path.resolve(DEFAULT_LOCAL_DATA_DIR) ? "" : ` --data-dir ${dataDir}`;
}

/** How to connect as the application role: psql with the password kept out of its command line. */
export function connectHint(r: { handle: LocalUpResult["handle"] }, role = appRole()): string {
    return `connect as the app role ${role} (${localRoleGroup(r.handle, role)}): npm exec --no -- hardened-postgres local psql ${role}${dataDirFlag(r.handle.dataDir)}`;
}

export function appRole(): string {
    return LOCAL_ACCESS_MODEL.loginRoles.find((l) => l.group === "app_rw")!.name;
}

function formatUp(r: LocalUpResult): string {
    const head = r.changes.length === 0 ? "local PostgreSQL is up; nothing changed" : r.changes.map((c) => `- ${c}`).join("\n");
    return [head, `PostgreSQL 15 on ${r.handle.host}:${r.handle.port}, database ${r.database}, TLS verify-full with ${r.handle.caFile}`, connectHint(r)].join("\n");
}

function formatStatus(s: LocalStatus): string {
    if (s.state === "absent") {
        return `no local cluster in ${s.dataDir} (create it with: hardened-postgres local up${dataDirFlag(s.dataDir)})`;
    }
    return [
        `${s.running ? `running (pid ${s.pid ?? "?"})` : "stopped"}: PostgreSQL ${s.serverVersion ?? "15"} on ${s.host}:${s.port}, database ${s.database}`,
        `data directory: ${s.dataDir}`,
        ...(s.serverDir !== s.dataDir ? [`server directory: ${s.serverDir}`] : []),
        `CA certificate (sslrootcert): ${s.caFile}`,
        `login roles: ${s.loginRoles.join(", ")} (hardened-postgres local psql <role>)`,
        ...(s.auditArchive ? [`audit archive: ${s.auditArchive} (shipper ${s.auditShipperPid !== undefined ? `running, pid ${s.auditShipperPid}` : "stopped: local up starts it"}; verify it with --audit-archive)`] : []),
        `psql without the CLI: PGSERVICEFILE=${s.serviceFile} PGPASSFILE=${s.passFile} psql service=${serviceName("<role>")}`,
    ].join("\n");
}
