import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ArchiveAccessProof, ArchivePathAccess } from "../../components/audit-trail/archive-proof";

/** An OS user as the kernel checks its file access: uid and every group it is in. */
interface OsUser {
    name: string;
    uid: number;
    gids: Set<number>;
}

function readColonFile(file: string): string[][] {
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "" && !l.startsWith("#")).map((l) => l.split(":")) : [];
}

/** The user `name` from /etc/passwd and /etc/group (primary group and every group listing it), or undefined. */
function osUser(name: string): OsUser | undefined {
    const entry = readColonFile("/etc/passwd").find((f) => f[0] === name);
    if (!entry) {
        return undefined;
    }
    const gids = new Set([Number(entry[3])]);
    for (const g of readColonFile("/etc/group")) {
        if ((g[3] ?? "").split(",").includes(name)) {
            gids.add(Number(g[2]));
        }
    }
    return { name, uid: Number(entry[2]), gids };
}

function nameOf(file: string, id: number): string {
    return readColonFile(file).find((f) => Number(f[2]) === id)?.[0] ?? String(id);
}

/** PostgreSQL refuses to run as root, so the twin runs it as `postgres` when root starts it, else as the invoking user. */
export function defaultServerUser(): string {
    return typeof process.getuid === "function" && process.getuid() === 0 ? "postgres" : os.userInfo().username;
}

/** Whether `user` holds permission `bit` (4 read, 2 write, 1 execute) by the owner/group/other rule (root is not judged). */
function permits(stat: fs.Stats, user: OsUser, bit: number): boolean {
    if (stat.uid === user.uid) {
        return (stat.mode & (bit << 6)) !== 0;
    }
    if (user.gids.has(stat.gid)) {
        return (stat.mode & (bit << 3)) !== 0;
    }
    return (stat.mode & bit) !== 0;
}

const octal = (mode: number) => "0" + (mode & 0o7777).toString(8).padStart(3, "0");

/**
 * Who can write the archive directory `dir`: its files and the directory itself (0750/0640 or stricter, no group or
 * other write), and every ancestor (a user who may write one can rename the archive away and put another in its place,
 * unless the sticky bit stops it, as on /tmp). POSIX ACLs are not read: the twin sets none.
 */
export function archiveAccess(dir: string, serverUser: string = defaultServerUser()): ArchiveAccessProof {
    const findings: string[] = [];
    const user = osUser(serverUser);
    const paths: ArchivePathAccess[] = [];
    const describe = (p: string, kind: ArchivePathAccess["kind"], stat: fs.Stats, writable: boolean): ArchivePathAccess => ({
        path: p,
        kind,
        ownerUid: stat.uid,
        ownerName: nameOf("/etc/passwd", stat.uid),
        groupGid: stat.gid,
        groupName: nameOf("/etc/group", stat.gid),
        mode: octal(stat.mode),
        writableByServerUser: writable,
    });
    if (!user) {
        findings.push(`the server's OS user '${serverUser}' is not in /etc/passwd, so who can write the archive can't be judged`);
    }
    const root = path.resolve(dir);
    const dirStat = fs.statSync(root);
    const judge = (p: string, kind: "directory" | "file", stat: fs.Stats) => {
        const writable = user !== undefined && permits(stat, user, 2);
        paths.push(describe(p, kind, stat, writable));
        if (user && stat.uid === user.uid) {
            findings.push(`${p} is owned by ${serverUser}, the OS user the server runs as, which can change it`);
        } else if (writable) {
            findings.push(`${p} (mode ${octal(stat.mode)}, ${nameOf("/etc/passwd", stat.uid)}:${nameOf("/etc/group", stat.gid)}) is writable by ${serverUser}`);
        }
        if ((stat.mode & 0o027) !== 0) {
            findings.push(`${p} has mode ${octal(stat.mode)}; required: ${kind === "directory" ? "0750" : "0640"} or stricter (no group write, nothing for others)`);
        }
    };
    judge(root, "directory", dirStat);
    for (const name of fs.readdirSync(root).sort()) {
        const p = path.join(root, name);
        judge(p, "file", fs.lstatSync(p));
    }
    let child = dirStat;
    for (let d = path.dirname(root); ; d = path.dirname(d)) {
        const stat = fs.statSync(d);
        const sticky = (stat.mode & 0o1000) !== 0;
        const canReplace = user !== undefined && permits(stat, user, 2) && permits(stat, user, 1) && (!sticky || stat.uid === user.uid || child.uid === user.uid);
        paths.push(describe(d, "ancestor", stat, canReplace));
        if (user && stat.uid === user.uid) {
            findings.push(`the archive is under ${d}, owned by ${serverUser}, which can change its permissions and replace the archive`);
        } else if (canReplace) {
            findings.push(`${serverUser} may write ${d} (mode ${octal(stat.mode)}), so it can rename the archive away and put another in its place`);
        }
        child = stat;
        if (path.dirname(d) === d) {
            break;
        }
    }
    const ownerSeparation = user !== undefined && dirStat.uid !== user.uid;
    if (user && !ownerSeparation) {
        findings.unshift(
            `owner separation isn't available: the archive is owned by ${serverUser}, the OS user the server runs as (the twin was set up without root, so there is no second OS user to own it); set it up as root so the archive belongs to hpg-audit`,
        );
    }
    return { serverUser, ...(user ? { serverUid: user.uid } : {}), ownerSeparation, writeProtected: findings.length === 0, paths, findings: [...new Set(findings)] };
}
