import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "../..");

/** What a command printed and returned. */
export interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * Runs a command as a user's shell would: without the npm_* variables `npm test` sets, which would otherwise make a
 * nested npm act on this repository's configuration.
 */
export function run(command: string, args: string[], cwd: string): Promise<Run> {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
    return new Promise((resolve, reject) => {
        execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
            if (error && typeof error.code !== "number") {
                reject(error);
                return;
            }
            resolve({ code: error ? (error.code as number) : 0, stdout: String(stdout), stderr: String(stderr) });
        });
    });
}

/** Like `run`, but a non-zero exit is an error that shows what the command printed. */
export async function runOk(command: string, args: string[], cwd: string): Promise<Run> {
    const result = await run(command, args, cwd);
    if (result.code !== 0) {
        throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
    }
    return result;
}

/** Flags for every install: the npm cache first, no audit or funding requests. */
export const OFFLINE_FIRST = ["--prefer-offline", "--no-audit", "--no-fund"];

/** A fresh temporary directory. */
export function temporaryDirectory(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `hpg-${prefix}-`));
}

/**
 * `npm pack --json` into `destination`, of the project in `cwd` or of `spec` (a git URL): the tarball's path and the
 * files it holds.
 */
export async function npmPack(destination: string, cwd: string, spec?: string): Promise<{ tarball: string; files: string[] }> {
    const { stdout } = await runOk("npm", ["pack", ...(spec ? [spec] : []), "--json", "--pack-destination", destination, ...OFFLINE_FIRST], cwd);
    // Lifecycle scripts print to stdout before the JSON report.
    const report = JSON.parse(stdout.slice(stdout.indexOf("[\n"))) as [{ filename: string; files: { path: string }[] }];
    return { tarball: path.join(destination, report[0].filename), files: report[0].files.map((f) => f.path).sort() };
}

/** What a library user needs, and all the tarball may hold: the compiled library, CLI and policy pack, and the documents. */
export const SHIPPED = [
    /^package\.json$/,
    /^(README|CHANGELOG|SECURITY)\.md$/,
    /^LICENSE$/,
    /^bin\/(components|policies|infra\/cli|infra\/local-twin)\/.+\.(js|d\.ts)$/,
    /^bin\/policies\/(PulumiPolicy\.yaml|package\.json)$/,
];

/** Files without which the package does not work as documented. */
export const REQUIRED = [
    "LICENSE",
    "CHANGELOG.md",
    "SECURITY.md",
    "README.md",
    "bin/components/index.js",
    "bin/components/index.d.ts",
    "bin/infra/cli/main.js",
    "bin/policies/index.js",
    "bin/policies/PulumiPolicy.yaml",
    "bin/policies/package.json",
];

/** Shipped files that match none of SHIPPED (bench, tests, scripts, source maps, sources, stray files). */
export function unexpectedFiles(files: readonly string[]): string[] {
    return files.filter((f) => !SHIPPED.some((pattern) => pattern.test(f)));
}

/**
 * A copy of the working tree (tracked files and new ones git does not ignore, so no bin/) sharing this repository's
 * node_modules: what `npm pack` of a fresh clone would see, with the changes not yet committed.
 */
export async function copyOfWorkingTree(destination: string): Promise<string> {
    const { stdout } = await runOk("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT);
    for (const file of stdout.split("\0").filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)))) {
        fs.mkdirSync(path.dirname(path.join(destination, file)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, file), path.join(destination, file));
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(destination, "node_modules"), "dir");
    return destination;
}
