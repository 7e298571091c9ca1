import * as path from "path";

/** One `at …` line of a formatted stack, with the file it names (none for `<anonymous>` or native frames). */
export interface StackFrame {
    /** The line without its indentation, e.g. `at Object.<anonymous> (/src/index.ts:4:7)`. */
    text: string;
    file?: string;
}

/** `at [async] [fn (]file:line:column[)]`; a file is an absolute path or a `node:` specifier. */
const FRAME = /^at (?:.*? \()?(.+?):\d+:\d+\)?$/;

/** The frames of a formatted stack (`error.stack`), top first. */
export function stackFrames(stack: unknown): StackFrame[] {
    if (typeof stack !== "string") {
        return [];
    }
    return stack
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line.startsWith("at "))
        .map((text) => {
            const file = FRAME.exec(text)?.[1];
            return file !== undefined ? { text, file } : { text };
        });
}

/** `file`'s path relative to `dir` when it lies inside `dir`, else undefined. */
function within(file: string, dir: string): string | undefined {
    const relative = path.relative(dir, file);
    return relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative) ? relative : undefined;
}

const hasNodeModules = (p: string): boolean => p.split(/[\\/]/).includes("node_modules");

/** A library's file: in a node_modules folder (inside `root` when it is there, since an installed product lives in one itself). */
const isLibrary = (file: string, root: string): boolean => hasNodeModules(within(file, root) ?? file);

/** Where the product's own code lives in the repository (or installed package): the engine and CLI, components, and their build. */
const PRODUCT_DIRS = ["policies", "infra", "components", "bin"];

/** Product code that is never a user's program, even when the program lives in the same folder (infra/ holds both). */
const ENGINE_DIRS = [path.join("policies", "offline-check"), path.join("infra", "cli"), "bin"];

const inAny = (file: string, root: string, dirs: readonly string[]): boolean => dirs.some((dir) => within(file, path.join(root, dir)) !== undefined);

/**
 * The frames of a program's error that are the program's own: not Node's, not a library's (any node_modules), not
 * this product's (policies/, infra/, components/ of `root`), unless the program itself lives there (`infra/` is a program).
 */
export function programFrames(stack: unknown, root: string, programDir: string): StackFrame[] {
    return stackFrames(stack).filter(({ file }) => {
        if (file === undefined || !path.isAbsolute(file) || isLibrary(file, root) || inAny(file, root, ENGINE_DIRS)) {
            return false;
        }
        return !inAny(file, root, PRODUCT_DIRS) || within(file, programDir) !== undefined;
    });
}

/** The top frame in the product's own code (policies/, infra/, components/ or bin/ of `root`): where an internal error happened. */
export function topProductFrame(stack: unknown, root: string): StackFrame | undefined {
    return stackFrames(stack).find(({ file }) => file !== undefined && path.isAbsolute(file) && !isLibrary(file, root) && inAny(file, root, PRODUCT_DIRS));
}

type PrepareStackTrace = ((error: Error, sites: NodeJS.CallSite[]) => unknown) | undefined;

/**
 * Keeps formatting stacks cheap while a program runs, without losing the program's own stack.
 *
 * Pulumi formats a stack trace for every resource and most promises (source positions for the engine); through
 * ts-node's source maps each costs about a millisecond, and nothing reads them offline. So until `restore()`, a stack
 * read formats as the bare message, and the error's call sites are kept. V8 formats a stack when it is first read:
 * an error nobody read during the run (most errors a program throws) formats normally once restored, source maps
 * included, and `keepRealStack` rebuilds the stack of one that was read, from its call sites.
 */
export class CheapStacks {
    private readonly prepareStackTrace: PrepareStackTrace;
    private readonly stackTraceLimit: number;
    private readonly sites = new WeakMap<object, NodeJS.CallSite[]>();

    constructor() {
        this.prepareStackTrace = Error.prepareStackTrace;
        this.stackTraceLimit = Error.stackTraceLimit;
        Error.prepareStackTrace = (error: Error, sites: NodeJS.CallSite[]) => {
            this.sites.set(error, sites);
            return String(error);
        };
    }

    /** Puts back the process's own stack formatting. */
    restore(): void {
        // Undefined (Node's own formatting) is a value to put back too; @types/node types the hook as always set.
        Error.prepareStackTrace = this.prepareStackTrace as typeof Error.prepareStackTrace;
        Error.stackTraceLimit = this.stackTraceLimit;
    }

    /** After `restore()`: gives `error` the stack the process would have printed, if it was formatted cheaply during the run. */
    keepRealStack(error: unknown): void {
        const sites = typeof error === "object" && error !== null ? this.sites.get(error) : undefined;
        if (sites === undefined) {
            return;
        }
        // Without a hook, Node formats as below (it can also apply source maps, which a CallSite can't).
        const stack = this.prepareStackTrace ? String(this.prepareStackTrace(error as Error, sites)) : [String(error), ...sites.map((s) => `    at ${String(s)}`)].join("\n");
        Object.defineProperty(error, "stack", { value: stack, writable: true, configurable: true, enumerable: false });
    }
}
