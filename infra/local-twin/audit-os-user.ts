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
    // Two processes may create it at once (parallel test workers): useradd then fails with "already exists" or
    // "cannot lock /etc/passwd" (exit 9, 10), and the user is there, or is on the next try.
    let failure = "";
    for (let attempt = 0; attempt < 5 && passwdEntry(AUDIT_OS_USER) === undefined; attempt++) {
        try {
            // --user-group: its own group, which the server's log directory is shared with (read only).
            execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", AUDIT_OS_USER], { stdio: "pipe" });
        } catch (e) {
            failure = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim();
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
        }
    }
    const entry = passwdEntry(AUDIT_OS_USER);
    if (entry === undefined) {
        throw new Error(`could not create the OS user '${AUDIT_OS_USER}' that owns the audit archive: ${failure || "useradd did not add it"}`);
    }
    return { user: AUDIT_OS_USER, uid: Number(entry[2]), gid: Number(entry[3]), separated: true };
}

function currentUserName(): string {
    return os.userInfo().username;
}
