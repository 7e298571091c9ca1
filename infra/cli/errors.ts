/** Exit codes of the `hardened-postgres` CLI. */
export const EXIT = {
    /** Every control passed / the command did what it was asked. */
    ok: 0,
    /** A control failed (a mandatory violation, a failed live check). */
    controlFailed: 1,
    /** Usage error, unreachable server, bad input, a program that throws. */
    usage: 2,
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
