import * as path from "path";
import { flagValue, ParsedArgs } from "../args";
import { CliError } from "../errors";
import { DEFAULT_LOCAL_DATA_DIR, LocalSpec } from "../../local-twin/local-database";

/**
 * `--data-dir` / HPG_LOCAL_DATA_DIR (default `.hpg/local`), `--port` / HPG_LOCAL_PORT (default: the port of the last
 * `up`, else 54329), HPG_LOCAL_STATE_DIR (where the server's files go when run as root; default /var/lib/hardened-postgres)
 * and HPG_LOCAL_AUDIT_DIR (where the audit log and archive go when run as root; default /var/lib/hardened-postgres-audit).
 */
export function localSpecFrom(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): LocalSpec {
    const dataDir = path.resolve(flagValue(args, "data-dir") ?? env.HPG_LOCAL_DATA_DIR ?? DEFAULT_LOCAL_DATA_DIR);
    const roots = {
        ...(env.HPG_LOCAL_STATE_DIR ? { stateRoot: path.resolve(env.HPG_LOCAL_STATE_DIR) } : {}),
        ...(env.HPG_LOCAL_AUDIT_DIR ? { auditRoot: path.resolve(env.HPG_LOCAL_AUDIT_DIR) } : {}),
    };
    const portFlag = flagValue(args, "port");
    const portFrom = portFlag !== undefined ? "--port" : "HPG_LOCAL_PORT";
    const portText = portFlag ?? env.HPG_LOCAL_PORT;
    if (portText === undefined) {
        return { dataDir, ...roots };
    }
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1024 || port > 65535) {
        throw new CliError(`${portFrom} must be a TCP port from 1024 to 65535, got '${portText}'`);
    }
    return { dataDir, port, portFrom, ...roots };
}

export const LOCAL_VALUE_FLAGS = ["data-dir", "port"];
