/**
 * The @pulumi/pulumi internals the offline check needs, typed as far as it uses them: the mock runtime does not
 * expose the requests it receives, a way to drain RPCs, or the per-run state store, and these modules are internal
 * (so not in the package's typings). Loaded once, with @pulumi/pulumi itself.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const settings = require("@pulumi/pulumi/runtime/settings") as {
    getMonitor(): unknown;
    waitForRPCs(): Promise<void>;
    resetOptions(project: string, stack: string, parallel: number, engineAddr: string, monitorAddr: string, preview: boolean, organization: string): void;
    setMockOptions(monitor: unknown): void;
};
export const rpc = require("@pulumi/pulumi/runtime/rpc") as { deserializeProperties(o: unknown): Record<string, unknown> };
/** Where every resource constructor starts its registration (`new Resource` calls these through the module's exports). */
export const resourceRuntime = require("@pulumi/pulumi/runtime/resource") as {
    registerResource(res: unknown, parent: unknown, t: string, name: string, custom: boolean, remote: boolean, newDependency: unknown, props: unknown, opts: unknown, ...rest: unknown[]): void;
    readResource(res: unknown, parent: unknown, t: string, name: string, props: unknown, opts: unknown, ...rest: unknown[]): void;
};
/** Pulumi's state: config, settings, monitor, stack resource; and the SDK modules' registries (resourcePackages, resourceModules). */
interface Store {
    settings: { options: { monitorAddr?: string } };
    resourcePackages: unknown;
    resourceModules: unknown;
}
const state = require("@pulumi/pulumi/runtime/state") as { LocalStore: new () => Store; getStore(): Store; getGlobalStore(): Store };
/** Wraps every promise the runtime tracks, the one that carries a registration's failure included (labelled `resource:<name>[<type>]`). */
export const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T> };
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Until the returned function is called, Pulumi's `debuggablePromise` records no stack: it captures one for every
 * promise (to name leaked promises at exit, which an offline run never reads), and that capture was most of the cost
 * of keeping stack traces on (3.9 s against 7.0 s for 100 databases). Other errors keep the process's stack depth.
 */
export function withoutPromiseStacks(): () => void {
    const original = debuggable.debuggablePromise;
    debuggable.debuggablePromise = <T>(p: Promise<T>, ctx: unknown): Promise<T> => {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return original(p, ctx);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
    return () => {
        debuggable.debuggablePromise = original;
    };
}

/**
 * setMocks also leaves its monitor in a module variable of Pulumi's settings, which getMonitor() returns outside any
 * run while no monitor address is set. Call this before the run's own store is in place, and the function it returns
 * while it still is, where Pulumi's setters change only that variable and the run's store: it puts back what
 * getMonitor() returned.
 */
export function keepProcessMonitor(): () => void {
    // With an address set (a real engine, or mocks set for the whole process), that variable is not what getMonitor() returns.
    if (state.getStore().settings.options.monitorAddr) {
        return () => undefined;
    }
    const before = settings.getMonitor();
    return () => {
        if (before === undefined) {
            settings.resetOptions("project", "stack", -1, "", "", false, "");
        } else {
            settings.setMockOptions(before);
        }
    };
}

/**
 * Runs `run` with a fresh Pulumi store as the process's own, then puts the previous store back: the run's config,
 * settings, mock monitor and stack resource go with it. The registries the SDK modules filled as they loaded are
 * shared, since a loaded module never registers again. (Pulumi's `withLocalStorage` would isolate the same way, but
 * its AsyncLocalStorage turns on async hooks for the rest of the process, which also made runs 25% slower.)
 */
export async function withOwnStore<T>(run: () => Promise<T>): Promise<T> {
    const process = globalThis as { globalStore?: Store };
    const previous = state.getGlobalStore();
    const own = new state.LocalStore();
    own.resourcePackages = previous.resourcePackages;
    own.resourceModules = previous.resourceModules;
    process.globalStore = own;
    try {
        return await run();
    } finally {
        process.globalStore = previous;
    }
}
