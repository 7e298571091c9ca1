import { ChildProcess, spawn } from "child_process";
import { throwIfInterrupted } from "./interruption";

/** What a program printed and how it ended. */
export interface ProgramResult {
    code: number;
    stdout: string;
    stderr: string;
    wallMs: number;
}

/** Programs running now, so an interrupt can stop them before the clusters are removed. */
const running = new Set<ChildProcess>();

/** Runs `file` and resolves when it exits (any exit code); rejects if it cannot start or outlives `timeoutMs`. */
export function runProgram(
    file: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number; onStart?: (pid: number) => void },
): Promise<ProgramResult> {
    throwIfInterrupted();
    return new Promise((resolve, reject) => {
        const started = process.hrtime.bigint();
        const child = spawn(file, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
        running.add(child);
        if (child.pid !== undefined) {
            options.onStart?.(child.pid);
        }
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (b: Buffer) => out.push(b));
        child.stderr.on("data", (b: Buffer) => err.push(b));
        const timer = setTimeout(() => child.kill("SIGTERM"), options.timeoutMs);
        let timedOut = false;
        timer.unref();
        child.on("error", (e) => {
            clearTimeout(timer);
            running.delete(child);
            reject(e);
        });
        child.on("close", (code, signal) => {
            clearTimeout(timer);
            running.delete(child);
            timedOut = signal === "SIGTERM" && Number(process.hrtime.bigint() - started) / 1e6 >= options.timeoutMs;
            const result = {
                code: code ?? 128,
                stdout: Buffer.concat(out).toString("utf8"),
                stderr: Buffer.concat(err).toString("utf8"),
                wallMs: Number(process.hrtime.bigint() - started) / 1e6,
            };
            if (timedOut) {
                reject(new Error(`${file} ${args.join(" ")} did not finish within ${options.timeoutMs / 1000} s`));
                return;
            }
            if (signal) {
                throwIfInterruptedInto(reject);
                reject(new Error(`${file} was stopped by ${signal}`));
                return;
            }
            resolve(result);
        });
    });
}

/** Rejects with `BenchInterrupted` when the program was stopped because the bench was interrupted. */
function throwIfInterruptedInto(reject: (e: unknown) => void): void {
    try {
        throwIfInterrupted();
    } catch (e) {
        reject(e);
    }
}

/** Stops every program `runProgram` started that still runs (on SIGINT/SIGTERM of the bench). */
export function stopRunningPrograms(): void {
    for (const child of running) {
        child.kill("SIGTERM");
    }
}
