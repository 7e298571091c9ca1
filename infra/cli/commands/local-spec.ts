import * as path from "path";
import { flagValue, ParsedArgs } from "../args";
import { CliError } from "../errors";
import { DEFAULT_LOCAL_DATA_DIR, LocalSpec } from "../../local-twin/local-database";

/**
 * `--data-dir` / HPG_LOCAL_DATA_DIR (default `.hpg/local`), `--port` / HPG_LOCAL_PORT (default: the port of the last
 * `up`, else 54329) and HPG_LOCAL_STATE_DIR (where the server's files go when run as root; default /var/lib/hardened-postgres).
 */
export function localSpecFrom(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): LocalSpec {
    const dataDir = path.resolve(flagValue(args, "data-dir") ?? env.HPG_LOCAL_DATA_DIR ?? DEFAULT_LOCAL_DATA_DIR);
    const stateRoot = env.HPG_LOCAL_STATE_DIR ? { stateRoot: path.resolve(env.HPG_LOCAL_STATE_DIR) } : {};
    const portFlag = flagValue(args, "port");
    const portFrom = portFlag !== undefined ? "--port" : "HPG_LOCAL_PORT";
    const portText = portFlag ?? env.HPG_LOCAL_PORT;
    if (portText === undefined) {
        return { dataDir, ...stateRoot };
    }
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1024 || port > 65535) {
        throw new CliError(`${portFrom} must be a TCP port from 1024 to 65535, got '${portText}'`);
    }
    return { dataDir, port, portFrom, ...stateRoot };
}

export const LOCAL_VALUE_FLAGS = ["data-dir", "port"];
