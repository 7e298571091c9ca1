import * as fs from "fs";
import * as path from "path";
import { LocalTwinError } from "./local-twin-error";

/** What a directory is for and how the user chooses another one, for messages: e.g. the data directory and `--data-dir`. */
export interface DirectoryRole {
    /** e.g. "the local cluster's data directory". */
    what: string;
    /** How to choose another one, e.g. "--data-dir (or HPG_LOCAL_DATA_DIR)". */
    chosenWith: string;
}

/** A file-system operation on one of the local twin's directories failed; the message says where, why and what to do. */
export class LocalFileError extends LocalTwinError {
    constructor(
        message: string,
        public readonly path: string,
        public readonly code: string,
    ) {
        super(message);
    }
}

/** The deepest existing ancestor of `p` (or `p` itself). */
function existingAncestor(p: string): string {
    let dir = path.resolve(p);
    while (!fs.existsSync(dir) && path.dirname(dir) !== dir) {
        dir = path.dirname(dir);
    }
    return dir;
}

/**
 * The real cause of a failed write under `target`. Node's recursive mkdir reports ENOENT when a parent cannot be
 * created, even when the reason is a read-only file system or a file in the way, so ENOENT is re-diagnosed from the
 * deepest ancestor that exists.
 */
function realCause(e: NodeJS.ErrnoException, target: string): { code: string; cause: string } {
    const code = e.code ?? "EIO";
    if (code === "ENOENT" || code === "ENOTDIR") {
        const ancestor = existingAncestor(target);
        if (!fs.statSync(ancestor).isDirectory()) {
            return { code: "ENOTDIR", cause: `${ancestor} is a file, not a directory` };
        }
        try {
            fs.accessSync(ancestor, fs.constants.W_OK);
        } catch (probe) {
            return realCause(probe as NodeJS.ErrnoException, ancestor);
        }
    }
    switch (code) {
        case "EROFS":
            return { code, cause: `${existingAncestor(target)} is on a read-only file system` };
        case "EACCES":
        case "EPERM":
            return { code, cause: `permission denied on ${existingAncestor(target)}` };
        case "EEXIST":
            return { code, cause: `${target} exists and is not a directory` };
        case "ENOSPC":
            return { code, cause: "no space left on the device" };
        case "EDQUOT":
            return { code, cause: "the disk quota is exhausted" };
        case "ENAMETOOLONG":
            return { code, cause: "the path is too long" };
        case "ELOOP":
            return { code, cause: "the path has a symbolic link loop" };
        default:
            return { code, cause: `${code} (${e.message})` };
    }
}

/** A `LocalFileError` for `e` if it is a failed system call on `target` (in `role`'s directory), else `e` itself. */
export function explainFileError(e: unknown, target: string, role: DirectoryRole): unknown {
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.code !== "string" || typeof err?.syscall !== "string") {
        return e;
    }
    const { code, cause } = realCause(err, target);
    const fix =
        code === "ENOSPC" || code === "EDQUOT"
            ? `free some space, or choose a directory on another file system with ${role.chosenWith}`
            : code === "EACCES" || code === "EPERM"
              ? `choose a directory you can write to with ${role.chosenWith}`
              : code === "EROFS"
                ? `choose a directory on a writable file system with ${role.chosenWith}`
                : code === "EEXIST" || code === "ENOTDIR"
                  ? `choose a directory path with ${role.chosenWith}, or move the file away`
                  : `choose another directory with ${role.chosenWith}`;
    return new LocalFileError(`cannot write ${role.what} ${target}: ${cause}. Fix: ${fix}.`, target, code);
}

/**
 * `mkdir -p dir` (new directories get `mode`) and a check that `dir` is writable, with errors explained. An existing
 * directory on a read-only file system passes mkdir -p, so writability is checked explicitly.
 */
export function ensureWritableDir(dir: string, mode: number, role: DirectoryRole): void {
    try {
        fs.mkdirSync(dir, { recursive: true, mode });
        fs.accessSync(dir, fs.constants.W_OK);
    } catch (e) {
        throw explainFileError(e, dir, role);
    }
}

/** Runs `write` (file-system calls under `dir`), turning a failed system call into an explained `LocalFileError`. */
export function explainingFileErrors<T>(dir: string, role: DirectoryRole, write: () => T): T {
    try {
        return write();
    } catch (e) {
        throw explainFileError(e, dir, role);
    }
}
