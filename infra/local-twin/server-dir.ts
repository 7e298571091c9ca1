import * as crypto from "crypto";
import * as path from "path";
import { runningAsRoot } from "./os-user";

/**
 * Where the server's own files go when we are root: `<state root>/<hash of the data directory's path>`.
 *
 * PostgreSQL refuses to run as root, so as root the server runs as `postgres`, which must traverse every parent of its
 * files. A clone in root's home (0700 on Debian) or in a `mktemp -d` folder is not traversable by it, and loosening the
 * user's own folders is not ours to do. So the server's files (pgdata, its TLS key pair, pg_ctl's log) live in a
 * directory of their own that postgres owns (0700), under this root-owned, traversable (0755) state directory.
 * /var/lib, not /tmp: it is the place for state that must survive a reboot (FHS), and /tmp is emptied at boot while
 * the passwords in the clone would stay. The data directory (`.hpg/local` in the clone) keeps what root reads: the
 * recorded port and server directory, the passwords (0600), the CA certificate, and the psql service and password files.
 */
export const DEFAULT_STATE_ROOT = "/var/lib/hardened-postgres";

/**
 * The server directory of a new cluster whose data directory is `dataDir`: under `stateRoot` when we are root (one
 * per data directory), else `dataDir` itself (the server runs as us and reaches whatever we reach).
 */
export function defaultServerDir(dataDir: string, stateRoot: string = DEFAULT_STATE_ROOT): string {
    if (!runningAsRoot()) {
        return path.resolve(dataDir);
    }
    const hash = crypto.createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
    return path.join(path.resolve(stateRoot), hash);
}
