import { isProductFile, isProgramFile } from "./program-files";

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

/** The frames of a program's error that are the program's own (see `isProgramFile`), top first. */
export function programFrames(stack: unknown, root: string, programDir: string): StackFrame[] {
    return stackFrames(stack).filter(({ file }) => file !== undefined && isProgramFile(file, root, programDir));
}

/** The top frame in the product's own code (see `isProductFile`): where an internal error happened. */
export function topProductFrame(stack: unknown, root: string): StackFrame | undefined {
    return stackFrames(stack).find(({ file }) => file !== undefined && isProductFile(file, root));
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
