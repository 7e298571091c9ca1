import * as path from "path";
import { projectRoot } from "./project-root";

/** Packages a program must share with the checker: one @pulumi/pulumi instance carries the mocks, and every provider SDK must use it. */
const SHARED_PACKAGES = /^@pulumi\/(pulumi|aws|postgresql|random|policy)(\/.*)?$/;

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

let redirected = false;

/**
 * Makes `require("@pulumi/...")` from any program, inside or outside this repository, resolve to this project's
 * node_modules. A program outside the repository has no node_modules of its own, and one with its own copy of
 * @pulumi/pulumi would register resources with a runtime the mocks were never set on.
 */
export function shareProjectPackages(): void {
    if (redirected) {
        return;
    }
    redirected = true;
    const root = projectRoot();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require("module") as { _resolveFilename: ResolveFilename };
    const original = Module._resolveFilename;
    Module._resolveFilename = function (request, parent, isMain, options) {
        return SHARED_PACKAGES.test(request) ? original.call(this, request, parent, isMain, { paths: [root] }) : original.call(this, request, parent, isMain, options);
    };
}

/** Lets `require` load TypeScript programs, unless something (ts-node, ts-jest) already handles `.ts`. */
export function enableTypeScript(): void {
    if (require.extensions[".ts"] !== undefined) {
        return;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsNode = require(require.resolve("ts-node", { paths: [projectRoot()] })) as typeof import("ts-node");
    // The program's own tsconfig may target ES modules or use paths this checker can't honour; compile as CommonJS.
    tsNode.register({ transpileOnly: true, skipProject: true, compilerOptions: { module: "commonjs", target: "es2022", esModuleInterop: true } });
}

/**
 * Runs a program's module the way Pulumi's Node.js host does: a default-exported (or module-level) function is
 * called and its result awaited as the stack outputs.
 */
export async function runProgramModule(programPath: string): Promise<unknown> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    let exported = require(path.resolve(programPath)) as unknown;
    if (exported !== null && typeof exported === "object" && (exported as { __esModule?: boolean }).__esModule && "default" in exported) {
        exported = (exported as { default: unknown }).default;
    }
    return typeof exported === "function" ? await (exported as () => unknown)() : exported;
}
