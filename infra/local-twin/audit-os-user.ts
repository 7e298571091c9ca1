import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import { runningAsRoot } from "./os-user";

/**
 * The OS user that owns the local audit archive and runs the shipper: not the server's (`postgres`), so neither the server's OS user
 * nor any database role (whose file access — COPY TO, COPY TO PROGRAM, lo_export — is the server's) can change it.
 */
export const AUDIT_OS_USER = "hpg-audit";

export interface AuditOsIds {
    user: string;
    uid: number;
    gid: number;
}

function passwdEntry(name: string): string[] | undefined {
    return fs
        .readFileSync("/etc/passwd", "utf8")
        .split("\n")
        .map((l) => l.split(":"))
        .find((f) => f[0] === name);
}

/**
 * Who owns the archive and runs the shipper. As root: `hpg-audit`, created the first time (a system user and group of
 * its own, no home, no login shell; idempotent). Not root: ourselves, and `separated` is false — there is no second OS
 * user to hand the archive to, and `verify` says so and fails that part.
 */
export function ensureAuditOsUser(): AuditOsIds & { separated: boolean } {
    if (!runningAsRoot()) {
        return { user: currentUserName(), uid: process.getuid!(), gid: process.getgid!(), separated: false };
    }
    if (passwdEntry(AUDIT_OS_USER) === undefined) {
        // --user-group: its own group, which the server's log directory is shared with (read only).
        execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", AUDIT_OS_USER], { stdio: "pipe" });
    }
    const entry = passwdEntry(AUDIT_OS_USER);
    if (entry === undefined) {
        throw new Error(`useradd did not create the OS user '${AUDIT_OS_USER}'`);
    }
    return { user: AUDIT_OS_USER, uid: Number(entry[2]), gid: Number(entry[3]), separated: true };
}

function currentUserName(): string {
    return os.userInfo().username;
}
