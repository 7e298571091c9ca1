import * as path from "path";
import { parseArgs } from "../args";
import { CliError, EXIT } from "../errors";
import { PostgresNotInstalledError } from "../../local-twin/cluster";
import { DEFAULT_LOCAL_DATA_DIR, LOCAL_ACCESS_MODEL, localDown, localRoleGroup, localRoleUrl, localStatus, localUp, LocalUpResult, UnknownLocalRoleError } from "../../local-twin/local-database";
import { LOCAL_VALUE_FLAGS, localSpecFrom } from "./local-spec";

const SUBCOMMANDS = "up | down | status | url <role>";

/**
 * `local up|down|status|url <role> [--data-dir <dir>] [--port <port>] [--json]`: the local hardened PostgreSQL.
 * Missing PostgreSQL or pgaudit is an environment error (exit 2) whose message holds the install command.
 */
export async function runLocal(argv: string[]): Promise<number> {
    const args = parseArgs(argv, LOCAL_VALUE_FLAGS, ["json"]);
    const [sub, ...rest] = args.positional;
    const json = args.flags.has("json");
    const spec = localSpecFrom(args);
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
                if (json) {
                    console.log(JSON.stringify(s, null, 2));
                } else if (!s.initialised) {
                    console.log(`no local cluster in ${s.dataDir} (create it with: hardened-postgres local up)`);
                } else {
                    console.log(
                        [
                            `${s.running ? `running (pid ${s.pid ?? "?"})` : "stopped"}: PostgreSQL ${s.serverVersion ?? "15"} on ${s.host}:${s.port}, database ${s.database}`,
                            `data directory: ${s.dataDir}`,
                            `CA certificate (sslrootcert): ${s.caFile}`,
                            `login roles: ${s.loginRoles.join(", ")} (hardened-postgres local url <role>)`,
                        ].join("\n"),
                    );
                }
                // status reports; "stopped" is an answer, not an error.
                return EXIT.ok;
            }
            case "url": {
                if (rest.length !== 1) {
                    throw new CliError(`usage: local url <role> (login roles: ${LOCAL_ACCESS_MODEL.loginRoles.map((l) => l.name).join(", ")})`);
                }
                console.log(localRoleUrl(spec, rest[0]));
                return EXIT.ok;
            }
            default:
                throw new CliError(sub === undefined ? `usage: local ${SUBCOMMANDS}` : `unknown subcommand '${sub}' (use: ${SUBCOMMANDS})`);
        }
    } catch (e) {
        if (e instanceof PostgresNotInstalledError || e instanceof UnknownLocalRoleError) {
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

function upJson(r: LocalUpResult) {
    return { host: r.handle.host, port: r.handle.port, database: r.database, dataDir: r.handle.dataDir, caFile: r.handle.caFile, changes: r.changes };
}

/** How to connect as the application role: the command that prints its URL, never the password itself. */
export function connectHint(r: { handle: LocalUpResult["handle"] }, role = appRole()): string {
    // The port is remembered in the data directory; only a non-default directory must be repeated.
    const dirFlag = r.handle.dataDir === path.resolve(DEFAULT_LOCAL_DATA_DIR) ? "" : ` --data-dir ${r.handle.dataDir}`;
    return `connect as the app role ${role} (${localRoleGroup(r.handle, role)}): psql "$(npx hardened-postgres local url ${role}${dirFlag})"`;
}

export function appRole(): string {
    return LOCAL_ACCESS_MODEL.loginRoles.find((l) => l.group === "app_rw")!.name;
}

function formatUp(r: LocalUpResult): string {
    const head = r.changes.length === 0 ? "local PostgreSQL is up; nothing changed" : r.changes.map((c) => `- ${c}`).join("\n");
    return [head, `PostgreSQL 15 on ${r.handle.host}:${r.handle.port}, database ${r.database}, TLS verify-full with ${r.handle.caFile}`, connectHint(r)].join("\n");
}
