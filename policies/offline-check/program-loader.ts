import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";
import { projectRoot } from "./project-root";

/** Packages a program must share with the checker: one @pulumi/pulumi instance carries the mocks, and the pack's @pulumi/policy judges. */
const SHARED_PACKAGES = /^@pulumi\/(pulumi|policy)(\/.*)?$/;

/** Provider SDKs: the program's own copy if it has one (its version, as `pulumi` would run it), else this project's. */
const PROVIDER_PACKAGES = /^@pulumi\/(aws|postgresql|random)(\/.*)?$/;

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

/** Node's module system, as far as the loader touches it. */
function nodeModule(): { _resolveFilename: ResolveFilename } {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("module") as { _resolveFilename: ResolveFilename };
}

/**
 * Makes `require("@pulumi/pulumi")` from any program, inside or outside this repository, resolve to this project's
 * node_modules, and a provider SDK (`@pulumi/aws`, …) resolve to the program's own copy when it has one and to this
 * project's otherwise, until the returned function puts Node's resolution back. A program with its own copy of
 * @pulumi/pulumi would register resources with a runtime the mocks were never set on; its own @pulumi/aws registers
 * through ours, and the pack judges resources by type token, whichever copy made them.
 */
export function shareProjectPackages(): () => void {
    const root = projectRoot();
    const Module = nodeModule();
    const original = Module._resolveFilename;
    Module._resolveFilename = function (request, parent, isMain, options) {
        if (SHARED_PACKAGES.test(request)) {
            return original.call(this, request, parent, isMain, { paths: [root] });
        }
        if (PROVIDER_PACKAGES.test(request)) {
            try {
                return original.call(this, request, parent, isMain, options);
            } catch {
                // A program outside the repository with no node_modules of its own.
                return original.call(this, request, parent, isMain, { paths: [root] });
            }
        }
        return original.call(this, request, parent, isMain, options);
    };
    return () => {
        Module._resolveFilename = original;
    };
}

/**
 * Lets `require` load TypeScript programs, unless something (ts-node, ts-jest) already handles `.ts`. ts-node stays
 * registered for the rest of the process, as `node -r ts-node/register` would: it has no way to unregister, and its
 * source-map hook (which maps the program's stack traces back to its .ts lines) installs once per process.
 */
export function enableTypeScript(): void {
    // A require without Node's own `.js` loader belongs to a test runner (jest), which compiles TypeScript itself.
    if (require.extensions[".ts"] !== undefined || require.extensions[".js"] === undefined) {
        return;
    }
    let tsNodePath: string;
    try {
        tsNodePath = require.resolve("ts-node", { paths: [projectRoot()] });
    } catch {
        throw new TypeScriptUnavailableError();
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsNode = require(tsNodePath) as typeof import("ts-node");
    // The program's own tsconfig may target ES modules or use paths this checker can't honour; compile as CommonJS.
    tsNode.register({ transpileOnly: true, skipProject: true, compilerOptions: { module: "commonjs", target: "es2022", esModuleInterop: true } });
}

/** A TypeScript program was asked for, and no ts-node can be found to compile it. */
export class TypeScriptUnavailableError extends Error {
    constructor() {
        super("running a TypeScript program needs ts-node, which is not installed (npm install --save-dev ts-node)");
        this.name = "TypeScriptUnavailableError";
    }
}

type ModuleCache = Record<string, unknown>;

/** The files `require` has loaded so far. */
export function loadedModules(cache: ModuleCache = require.cache): Set<string> {
    return new Set(Object.keys(cache));
}

/**
 * Forgets the program's own modules loaded since `before`, so that running it again in this process runs it again
 * rather than reusing its first run's resources. Libraries and this product's modules stay loaded: they hold no
 * program's state (the mocks live in the run's own Pulumi state), and reloading them would only cost time.
 */
export function forgetProgramModules(before: ReadonlySet<string>, isProgramFile: (file: string) => boolean, cache: ModuleCache = require.cache): void {
    for (const file of Object.keys(cache)) {
        if (!before.has(file) && isProgramFile(file)) {
            delete cache[file];
        }
    }
}

/** The `type` of the package.json nearest above `dir`: "module" makes its .js files ES modules. */
function packageType(dir: string): string | undefined {
    for (let d = dir; ; d = path.dirname(d)) {
        const manifest = path.join(d, "package.json");
        if (fs.existsSync(manifest)) {
            return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { type?: string }).type;
        }
        if (path.dirname(d) === d) {
            return undefined;
        }
    }
}

/**
 * The ES module a program is, if it is one: a `.mjs` file, a `.js` file in a `"type": "module"` package, or such a
 * package's directory (its index.js, else index.mjs), as Pulumi's Node.js host picks them (cmd/run/run.js).
 */
export function esModuleEntry(programPath: string): string | undefined {
    const resolved = path.resolve(programPath);
    if (fs.statSync(resolved).isDirectory()) {
        if (packageType(resolved) !== "module") {
            return undefined;
        }
        return ["index.js", "index.mjs"].map((f) => path.join(resolved, f)).find((f) => fs.existsSync(f));
    }
    return resolved.endsWith(".mjs") || (resolved.endsWith(".js") && packageType(path.dirname(resolved)) === "module") ? resolved : undefined;
}

/** Node's own dynamic import: TypeScript compiled to CommonJS would turn `import()` into `require`, which can't load an ES module. */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const dynamicImport = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<Record<string, unknown>>;

/** Each run imports an ES module afresh (Node keeps ES modules for the life of the process, keyed by URL). */
let esmRuns = 0;

/**
 * Runs a program's module the way Pulumi's Node.js host does: a default-exported (or module-level) function is
 * called and its result awaited as the stack outputs. An ES module is imported; anything else is required.
 */
export async function runProgramModule(programPath: string): Promise<unknown> {
    const resolved = path.resolve(programPath);
    const esm = esModuleEntry(resolved);
    let exported: unknown;
    if (esm !== undefined) {
        const namespace = await dynamicImport(`${pathToFileURL(esm).href}?hpg-run=${++esmRuns}`);
        if (Object.getOwnPropertyDescriptor(namespace, "default") !== undefined && Object.keys(namespace).length !== 1) {
            throw new Error("expected entrypoint module to have either a default export or named exports but not both");
        }
        exported = Object.getOwnPropertyDescriptor(namespace, "default") !== undefined ? namespace.default : namespace;
    } else {
        // A directory is required with a trailing separator, as Pulumi's host does, so Node loads the folder (its
        // package.json main or index) and not a sibling `<dir>.js` or `<dir>.json`, which a bare path would try first.
        const request = fs.statSync(resolved).isDirectory() ? `${resolved}${path.sep}` : resolved;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        exported = require(request) as unknown;
        if (exported !== null && typeof exported === "object" && (exported as { __esModule?: boolean }).__esModule && "default" in exported) {
            exported = (exported as { default: unknown }).default;
        }
    }
    return typeof exported === "function" ? await (exported as () => unknown)() : exported;
}
