import { projectRoot } from "../../policies/offline-check/project-root";
import { topProductFrame } from "../../policies/offline-check/stack-traces";

/** Exit codes of the `hardened-postgres` CLI. */
export const EXIT = {
    /** Every control passed / the command did what it was asked. */
    ok: 0,
    /** A control failed (a mandatory violation, a failed live check). */
    controlFailed: 1,
    /** Usage error, unreachable server, bad input, a program that throws. */
    usage: 2,
    /** A bug in hardened-postgres itself: neither the input nor the environment is at fault. */
    internal: 3,
} as const;

/** An error the CLI prints as one clear line (no stack trace) before exiting with `exitCode`. */
export class CliError extends Error {
    constructor(
        message: string,
        public readonly exitCode: number = EXIT.usage,
    ) {
        super(message);
        this.name = "CliError";
    }
}

/** A failed system call (ENOENT, EACCES, ECONNREFUSED, …) that no command explained: the environment's fault, not a bug. */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException & { syscall: string } {
    return e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === "string";
}

/** `argv` as a shell would take it back, for a bug report. */
function commandLine(argv: readonly string[]): string {
    return ["hardened-postgres", ...argv].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** The product's root, if it can be found: reporting a bug must not fail on another. */
function rootIfFound(): string | undefined {
    try {
        return projectRoot();
    } catch {
        return undefined;
    }
}

/** The error and its causes, outermost first. */
function causeChain(error: unknown): unknown[] {
    const chain: unknown[] = [];
    for (let e = error; e !== undefined && !chain.includes(e); e = e instanceof Error ? e.cause : undefined) {
        chain.push(e);
    }
    return chain;
}

/**
 * What the CLI prints for an error no command expected: that it is a bug in hardened-postgres, where in the product
 * it happened (the top product frame of the innermost cause that has one), and a request to report it with the
 * command that hit it. `argv` is the CLI's, command name first.
 */
export function internalErrorReport(error: unknown, argv: readonly string[], root: string | undefined = rootIfFound()): string {
    const what = error instanceof Error ? (error.name === "Error" ? error.message : `${error.name}: ${error.message}`) : String(error);
    const where = causeChain(error)
        .reverse()
        .map((e) => (root === undefined ? undefined : topProductFrame(e instanceof Error ? e.stack : undefined, root)))
        .find((frame) => frame !== undefined);
    return [
        `hardened-postgres${argv.length > 0 ? ` ${argv[0]}` : ""}: internal error: ${what}`,
        `    ${where?.text ?? "at (no stack frame in hardened-postgres)"}`,
        "This is a bug in hardened-postgres, not in your program, its config or your environment. Please report it to the",
        "hardened-postgres maintainers with this message and the command that hit it:",
        `    ${commandLine(argv)}`,
    ].join("\n");
}
