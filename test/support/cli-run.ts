import { execFile } from "child_process";
import * as path from "path";
import { main } from "../../infra/cli/main";

/** What a CLI run printed and returned. */
export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
}

const ROOT = path.resolve(__dirname, "../..");

/** Runs the CLI in this process (fast): `main(argv)` is what the binary runs, minus process.exit. Lines are joined with "\n", with no final one. */
export async function runCli(argv: string[], options: { cwd?: string } = {}): Promise<CliRun> {
    const out: string[] = [];
    const err: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.map(String).join(" ")));
    const error = jest.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.map(String).join(" ")));
    const cwd = process.cwd();
    try {
        if (options.cwd !== undefined) {
            process.chdir(options.cwd);
        }
        const code = await main(argv);
        return { code, stdout: out.join("\n"), stderr: err.join("\n") };
    } finally {
        process.chdir(cwd);
        log.mockRestore();
        error.mockRestore();
    }
}

/** Runs the CLI as a separate process, as a user would (`node infra/cli/main.ts` through ts-node), to see the real exit code. */
export function spawnCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", path.join(ROOT, "infra/cli/main.ts"), ...argv],
            { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
            (error, stdout, stderr) => {
                if (error && typeof error.code !== "number") {
                    reject(error);
                    return;
                }
                resolve({ code: error ? (error.code as number) : 0, stdout: String(stdout), stderr: String(stderr) });
            },
        );
    });
}
