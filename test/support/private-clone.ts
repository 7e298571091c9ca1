import { execFile } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { auditLayout } from "../../infra/local-twin/audit-archive";
import { runningShipperPid } from "../../infra/local-twin/audit-shipper";
import { CliRun, runCli } from "./cli-run";

const ROOT = path.resolve(__dirname, "../..");

/**
 * Where a user would run the CLI: a project folder inside a mode-0700 folder (root's home on Debian, or `mktemp -d`),
 * which the server's OS user cannot traverse. The default data directory is `<project>/.hpg/local`. Server
 * directories go under `stateRoot`, a path that does not exist yet (the CLI creates it as it would /var/lib/hardened-postgres).
 */
export interface PrivateClone {
    /** The mode-0700 folder. */
    home: string;
    /** The project root, the working directory of every run. */
    project: string;
    /** `<project>/.hpg/local`. */
    dataDir: string;
    /** HPG_LOCAL_STATE_DIR of every run. */
    stateRoot: string;
    /** HPG_LOCAL_AUDIT_DIR of every run. */
    auditRoot: string;
    /** The CLI in this process, from the project folder (fast). */
    run(argv: string[], env?: NodeJS.ProcessEnv): Promise<CliRun>;
    /** The CLI as its own process, from the project folder, as `npx hardened-postgres …` runs it. */
    spawn(argv: string[], env?: NodeJS.ProcessEnv): Promise<CliRun>;
    /** Removes the folder and the state root (stop the cluster first). */
    remove(): void;
}

/** Stops the background audit shippers `local up` started for archives under `auditRoot` (a test that ends without `local down`). */
function stopShippersUnder(auditRoot: string): void {
    for (const dir of fs.existsSync(auditRoot) ? fs.readdirSync(auditRoot) : []) {
        const pid = runningShipperPid(auditLayout(path.join(auditRoot, dir)));
        if (pid !== undefined) {
            process.kill(pid, "SIGTERM");
        }
    }
}

export function createPrivateClone(): PrivateClone {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-home-"));
    fs.chmodSync(home, 0o700);
    const project = path.join(home, "hardened-postgres");
    fs.mkdirSync(project);
    const stateRoot = path.join(os.tmpdir(), `hpg-state-${crypto.randomBytes(6).toString("hex")}`);
    // The audit log and archive too (local up ships to them), so nothing is left under /var/lib.
    const auditRoot = `${stateRoot}-audit`;
    const withState = (env: NodeJS.ProcessEnv = {}) => ({ HPG_LOCAL_STATE_DIR: stateRoot, HPG_LOCAL_AUDIT_DIR: auditRoot, ...env });
    return {
        home,
        project,
        dataDir: path.join(project, ".hpg", "local"),
        stateRoot,
        auditRoot,
        run: async (argv, env) => {
            const saved = { ...process.env };
            const cwd = process.cwd();
            Object.assign(process.env, withState(env));
            process.chdir(project);
            try {
                return await runCli(argv);
            } finally {
                process.chdir(cwd);
                for (const key of Object.keys(process.env)) {
                    if (!(key in saved)) {
                        delete process.env[key];
                    }
                }
                Object.assign(process.env, saved);
            }
        },
        spawn: (argv, env) =>
            new Promise((resolve, reject) => {
                execFile(
                    process.execPath,
                    ["-r", require.resolve("ts-node/register/transpile-only"), path.join(ROOT, "infra/cli/main.ts"), ...argv],
                    { cwd: project, env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json"), ...withState(env) }, maxBuffer: 16 * 1024 * 1024 },
                    (error, stdout, stderr) => {
                        if (error && typeof error.code !== "number") {
                            reject(error);
                            return;
                        }
                        resolve({ code: error ? (error.code as number) : 0, stdout: String(stdout), stderr: String(stderr) });
                    },
                );
            }),
        remove: () => {
            stopShippersUnder(auditRoot);
            fs.rmSync(home, { recursive: true, force: true });
            fs.rmSync(stateRoot, { recursive: true, force: true });
            fs.rmSync(auditRoot, { recursive: true, force: true });
        },
    };
}
