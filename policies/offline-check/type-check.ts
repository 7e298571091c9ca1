import { spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "./project-root";

/**
 * Type-checking a TypeScript program the way `pulumi preview` and `pulumi up` do before they run it.
 *
 * Pulumi's Node.js runtime registers ts-node with type checking on (`transpileOnly` is off unless
 * `PULUMI_NODEJS_TRANSPILE_ONLY=true` or the tsconfig sets `noCheck`), using the program directory's tsconfig.json
 * when there is one, and otherwise `target ES2020, module/moduleResolution nodenext` (@pulumi/pulumi cmd/run/run.js).
 * A program with a type error never runs under Pulumi, so `check` must not judge it as if it would.
 *
 * The check runs `tsc --noEmit` in a child process beside the evaluation, so it costs wall time only when it is slower
 * than the run (tsc spends most of its time parsing @pulumi/aws's declarations). Its result is cached per program under
 * the OS temp directory together with every file tsc read (`--listFiles`) and each one's size and modification time:
 * while none of them changed, the cached result stands and tsc does not run; any change in any file the program
 * imports, its libraries included, runs tsc again.
 */
export interface TypeCheckResult {
    /** Whether tsc ran (false: not a TypeScript program, or skipped the way Pulumi skips it). */
    checked: boolean;
    /** Why it did not run, when it didn't. */
    skipped?: string;
    /** tsc's diagnostics, one line each, relative to the program; empty when the program type-checks. */
    errors: string[];
}

/** The TypeScript entry file of a program path (a file, or a directory's package.json main / index.ts), if any. */
export function typeScriptEntry(programPath: string): string | undefined {
    if (!fs.statSync(programPath).isDirectory()) {
        return /\.(ts|mts|cts)$/.test(programPath) && !programPath.endsWith(".d.ts") ? programPath : undefined;
    }
    const pkgFile = path.join(programPath, "package.json");
    if (fs.existsSync(pkgFile)) {
        try {
            const main = (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: unknown }).main;
            if (typeof main === "string") {
                const candidate = path.resolve(programPath, main);
                for (const file of [candidate, `${candidate}.ts`, path.join(candidate, "index.ts")]) {
                    if (fs.existsSync(file) && fs.statSync(file).isFile()) {
                        return typeScriptEntry(file);
                    }
                }
            }
        } catch {
            // An unreadable package.json is the program's own problem: the run reports it.
        }
    }
    const index = path.join(programPath, "index.ts");
    return fs.existsSync(index) ? index : undefined;
}

/** The tsconfig.json Pulumi would use: the one in the program's directory (its working directory), if any. */
function projectConfig(programDir: string): string | undefined {
    const file = path.join(programDir, "tsconfig.json");
    return fs.existsSync(file) ? file : undefined;
}

/** Whether a tsconfig sets compilerOptions.noCheck, which makes Pulumi skip type checking (read leniently: JSON with comments). */
function setsNoCheck(tsconfig: string): boolean {
    const text = fs.readFileSync(tsconfig, "utf8").replace(/\/\*[\s\S]*?\*\/|(^|[^:"'])\/\/.*$/gm, "$1");
    return /"noCheck"\s*:\s*true/.test(text);
}

/**
 * tsc's command-line arguments for the program. Without a tsconfig of its own the program gets Pulumi's defaults, in a
 * tsconfig written to the cache directory, which also resolves `@pulumi/*` (and `@types`) from this project when the
 * program has no copy of its own: `check` runs such a program with this project's packages, so it type-checks it
 * against them too.
 */
function tscArguments(entry: string, programDir: string, cacheDir: string): string[] {
    const tsconfig = projectConfig(programDir);
    const common = ["--noEmit", "--pretty", "false", "--listFiles"];
    if (tsconfig !== undefined) {
        return ["-p", tsconfig, ...common];
    }
    const ownModules = path.join(programDir, "node_modules");
    const projectModules = path.join(projectRoot(), "node_modules");
    const generated = {
        compilerOptions: {
            target: "ES2020",
            module: "nodenext",
            moduleResolution: "nodenext",
            sourceMap: true,
            // ts-node reports the diagnostics of the files it compiles, never of libraries' declaration files.
            skipLibCheck: true,
            paths: { "@pulumi/*": [path.join(ownModules, "@pulumi/*"), path.join(projectModules, "@pulumi/*")] },
            typeRoots: typeRootsFor(programDir, projectModules),
        },
        files: [entry],
    };
    const key = crypto.createHash("sha256").update(JSON.stringify(generated)).digest("hex").slice(0, 32);
    const file = path.join(cacheDir, `${key}.tsconfig.json`);
    fs.writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600 });
    return ["-p", file, ...common];
}

/**
 * The `@types` directories the program sees, as ts-node run from its directory would (every `node_modules/@types` from
 * the program's directory up), plus this project's, which `check` lends a program without its own packages. Only
 * directories that exist: a consumer project may have no @types at all, and that is not a type error of its program.
 */
function typeRootsFor(programDir: string, projectModules: string): string[] {
    const roots: string[] = [];
    for (let dir = programDir; ; dir = path.dirname(dir)) {
        roots.push(path.join(dir, "node_modules", "@types"));
        if (path.dirname(dir) === dir) {
            break;
        }
    }
    roots.push(path.join(projectModules, "@types"));
    return [...new Set(roots)].filter((d) => fs.existsSync(d));
}

/** A cached result: the files tsc read, each with its size and modification time, and the diagnostics it gave. */
interface CachedTypeCheck {
    files: Array<[string, number, number]>;
    errors: string[];
}

function stamp(file: string): [string, number, number] | undefined {
    try {
        const s = fs.statSync(file);
        return [file, s.size, s.mtimeMs];
    } catch {
        return undefined;
    }
}

/** The cached result for `key`, if every file it was computed from is unchanged. */
function cachedResult(cacheFile: string): string[] | undefined {
    let cached: CachedTypeCheck;
    try {
        cached = JSON.parse(fs.readFileSync(cacheFile, "utf8")) as CachedTypeCheck;
    } catch {
        return undefined;
    }
    for (const [file, size, mtime] of cached.files) {
        const now = stamp(file);
        if (now === undefined || now[1] !== size || now[2] !== mtime) {
            return undefined;
        }
    }
    return cached.errors;
}

/** Where incremental build info lives: per user, under the OS temp directory. */
export function typeCheckCacheDir(): string {
    const uid = typeof process.getuid === "function" ? process.getuid() : "user";
    const dir = path.join(os.tmpdir(), `hardened-postgres-type-check-${uid}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
}

/**
 * Starts type-checking `programPath` (a file or directory as `check` resolved it) and resolves when tsc is done.
 * Never rejects for the program's own errors: those are `errors`. Rejects only when tsc itself can't run.
 */
export function startTypeCheck(programPath: string, env: NodeJS.ProcessEnv = process.env): Promise<TypeCheckResult> {
    if (env.PULUMI_NODEJS_TRANSPILE_ONLY === "true") {
        return Promise.resolve({ checked: false, skipped: "PULUMI_NODEJS_TRANSPILE_ONLY=true (Pulumi skips type checking too)", errors: [] });
    }
    const entry = typeScriptEntry(programPath);
    if (entry === undefined) {
        return Promise.resolve({ checked: false, skipped: "not a TypeScript program", errors: [] });
    }
    const programDir = fs.statSync(programPath).isDirectory() ? programPath : path.dirname(programPath);
    const tsconfig = projectConfig(programDir);
    if (tsconfig !== undefined && setsNoCheck(tsconfig)) {
        return Promise.resolve({ checked: false, skipped: `${tsconfig} sets noCheck (Pulumi skips type checking too)`, errors: [] });
    }
    const tsc = require.resolve("typescript/bin/tsc");
    const cacheDir = typeCheckCacheDir();
    const args = tscArguments(entry, programDir, cacheDir);
    const key = crypto.createHash("sha256").update(JSON.stringify([tsc, programDir, args])).digest("hex").slice(0, 32);
    const cacheFile = path.join(cacheDir, `${key}.json`);
    const cached = cachedResult(cacheFile);
    if (cached !== undefined) {
        return Promise.resolve({ checked: true, errors: cached });
    }
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [tsc, ...args], { cwd: programDir, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (out += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
            const lines = out.split("\n").map((l) => l.trimEnd());
            const errors = lines.filter((l) => /error TS\d+/.test(l)).map((l) => l.replace(programDir + path.sep, ""));
            if (code !== 0 && errors.length === 0) {
                reject(new Error(`tsc exited ${code} without a diagnostic: ${out.trim().slice(0, 500)}`));
                return;
            }
            // --listFiles prints every file tsc read, one absolute path per line.
            const read = lines.filter((l) => path.isAbsolute(l) && !/error TS\d+/.test(l));
            // Besides every file tsc read: the tsconfig (its options decide the result) and the program's own
            // directories, whose modification time changes when a file is added that a tsconfig `include` would pick up.
            const ownDirs = read.filter((f) => f.startsWith(programDir + path.sep) && !f.includes(`${path.sep}node_modules${path.sep}`)).map((f) => path.dirname(f));
            const files = [...new Set([...read, ...args.filter((a) => a.endsWith(".json") && path.isAbsolute(a)), programDir, ...ownDirs])].map(stamp);
            if (files.length > 0 && files.every((f) => f !== undefined)) {
                try {
                    fs.writeFileSync(cacheFile, JSON.stringify({ files, errors } satisfies CachedTypeCheck), { mode: 0o600 });
                } catch {
                    // A cache that can't be written only costs the next run its time.
                }
            }
            resolve({ checked: true, errors });
        });
    });
}
