import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** PostgreSQL refuses to run as root; when we are root, the server and its tools run as this OS user. */
export const SERVER_OS_USER = "postgres";

export function runningAsRoot(): boolean {
    return typeof process.getuid === "function" && process.getuid() === 0;
}

/** uid/gid of the OS user that runs the server: `postgres` when we are root, else ourselves. */
export function serverOsIds(): { uid: number; gid: number } {
    if (!runningAsRoot()) {
        return { uid: process.getuid!(), gid: process.getgid!() };
    }
    const line = fs
        .readFileSync("/etc/passwd", "utf8")
        .split("\n")
        .find((l) => l.startsWith(`${SERVER_OS_USER}:`));
    if (!line) {
        throw new Error(`running as root, but there is no '${SERVER_OS_USER}' OS user to run PostgreSQL as (it is created by the postgresql-15 package)`);
    }
    const [, , uid, gid] = line.split(":");
    return { uid: Number(uid), gid: Number(gid) };
}

/** Gives `paths` to the server's OS user (no-op when we are not root: we already own them). */
export function ownByServer(...paths: string[]): void {
    if (!runningAsRoot()) {
        return;
    }
    const { uid, gid } = serverOsIds();
    for (const p of paths) {
        fs.chownSync(p, uid, gid);
    }
}

export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * Runs a PostgreSQL program as the server's OS user (`runuser -u postgres --` when root). Never throws for a non-zero
 * exit: callers decide what an exit code means (pg_ctl status uses 3 for "not running").
 */
export function runAsServer(program: string, args: string[], cwd: string): Promise<CommandResult> {
    const [file, argv] = runningAsRoot() ? ["runuser", ["-u", SERVER_OS_USER, "--", program, ...args]] : [program, args];
    return new Promise((resolve, reject) => {
        execFile(file, argv, { cwd, env: { ...process.env, LC_ALL: "C" }, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
            if (error && typeof error.code !== "number") {
                reject(error);
                return;
            }
            resolve({ code: error ? (error.code as number) : 0, stdout: String(stdout), stderr: String(stderr) });
        });
    });
}

/**
 * The first of `dir` and its parents that the server's OS user cannot traverse, or undefined when it reaches `dir`
 * (always, when we are not root: the server runs as us). Asked of the OS as that user, so ACLs and groups count.
 */
export async function firstDirServerCannotTraverse(dir: string): Promise<string | undefined> {
    if (!runningAsRoot()) {
        return undefined;
    }
    const chain: string[] = [];
    for (let d = path.resolve(dir); ; d = path.dirname(d)) {
        chain.unshift(d);
        if (path.dirname(d) === d) {
            break;
        }
    }
    // The paths are arguments of the script, never part of it.
    const script = 'for d do [ -x "$d" ] || { printf %s "$d"; exit 1; }; done';
    const r = await runAsServer("/bin/sh", ["-c", script, "sh", ...chain], "/");
    return r.code === 0 ? undefined : r.stdout;
}
