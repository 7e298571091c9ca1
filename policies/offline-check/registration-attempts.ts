import * as pulumi from "@pulumi/pulumi";
import { debuggable, resourceRuntime } from "./pulumi-internals";

/**
 * One resource the program asked for: `new X(name, props, opts)` starts a registration (or, with an `id`, a read)
 * whether or not its inputs ever resolve. A registration whose input fails never reaches the mock monitor, so
 * counting what the monitor saw would miss it; counting here can't.
 */
export interface RegistrationAttempt {
    type: string;
    name: string;
    /** A read of an existing resource (`.get`, a StackReference): not judged by the analyzer, not counted as registered. */
    read: boolean;
    resource: pulumi.Resource;
    parent?: pulumi.Resource;
    props: Record<string, unknown>;
    /** The options that can make it wait on another resource: dependsOn, provider, providers. */
    waitsOn: unknown[];
}

/** A resource the program asked for that was never registered, so no policy judged it; `cause` says why. */
export interface UnregisteredResource {
    type: string;
    name: string;
    cause: string;
    /** What an input threw, when that is the cause (its stack points at the program). */
    error?: unknown;
}

export interface AttemptListener {
    /** A read starts (a StackReference gets its offline outputs here). */
    onRead?(attempt: RegistrationAttempt): void;
    /** A registration or read failed before reaching the monitor (an input failed): Pulumi leaves this rejection unhandled. */
    onFailure?(attempt: RegistrationAttempt, error: unknown): void;
}

/**
 * Records every registration and read the program starts, in `attempts`, until the returned function puts Pulumi's
 * own functions back.
 */
export function recordAttempts(attempts: RegistrationAttempt[], listener: AttemptListener = {}): () => void {
    const { registerResource, readResource } = resourceRuntime;
    const { debuggablePromise } = debuggable;
    // The registration's own promise, which carries its failure, is made synchronously inside the call, with this label.
    let starting: { attempt: RegistrationAttempt; label: string } | undefined;
    debuggable.debuggablePromise = <T>(p: Promise<T>, ctx: unknown): Promise<T> => {
        const tracked = debuggablePromise(p, ctx);
        if (starting !== undefined && ctx === starting.label) {
            const { attempt } = starting;
            tracked.catch((error: unknown) => listener.onFailure?.(attempt, error));
        }
        return tracked;
    };
    const start = (a: RegistrationAttempt, label: string, run: () => void) => {
        attempts.push(a);
        starting = { attempt: a, label };
        try {
            run();
        } finally {
            starting = undefined;
        }
    };
    resourceRuntime.registerResource = function (res, parent, t, name, custom, remote, newDependency, props, opts, ...rest) {
        start(attempt(t, name, false, res, parent, props, opts), `resource:${name}[${t}]`, () =>
            registerResource.call(this, res, parent, t, name, custom, remote, newDependency, props, opts, ...rest),
        );
    };
    resourceRuntime.readResource = function (res, parent, t, name, props, opts, ...rest) {
        const read = attempt(t, name, true, res, parent, props, opts);
        listener.onRead?.(read);
        start(read, `resource:${name}[${t}]#...`, () => readResource.call(this, res, parent, t, name, props, opts, ...rest));
    };
    return () => {
        resourceRuntime.registerResource = registerResource;
        resourceRuntime.readResource = readResource;
        debuggable.debuggablePromise = debuggablePromise;
    };
}

function attempt(type: string, name: string, read: boolean, res: unknown, parent: unknown, props: unknown, opts: unknown): RegistrationAttempt {
    return {
        type,
        name,
        read,
        resource: res as pulumi.Resource,
        parent: parent as pulumi.Resource | undefined,
        props: (props ?? {}) as Record<string, unknown>,
        waitsOn: ["dependsOn", "provider", "providers"].map((key) => (opts as Record<string, unknown> | undefined)?.[key]),
    };
}

type Settled = { state: "fulfilled" } | { state: "rejected"; error: unknown } | { state: "pending" };

/** Whether `p` has settled by the next turn of the event loop (the run is over: what is pending now stays pending). */
function settled(p: Promise<unknown>): Promise<Settled> {
    const nextTurn = new Promise<Settled>((resolve) => setImmediate(() => resolve({ state: "pending" })));
    return Promise.race([p.then((): Settled => ({ state: "fulfilled" }), (error: unknown): Settled => ({ state: "rejected", error })), nextTurn]);
}

/**
 * The promises an input's value waits on: every Output's and every promise's in it, however deeply nested. (Lifting
 * the value with `pulumi.output` would make new promises, whose rejections nobody would handle.)
 */
function promisesIn(value: unknown, found: Promise<unknown>[] = [], seen: Set<unknown> = new Set()): Promise<unknown>[] {
    if (value === null || typeof value !== "object" || seen.has(value)) {
        return found;
    }
    seen.add(value);
    if (pulumi.Output.isInstance(value)) {
        found.push(promiseOf(value));
    } else if (value instanceof Promise) {
        found.push(value);
    } else if (!pulumi.Resource.isInstance(value)) {
        for (const item of Array.isArray(value) ? value : Object.values(value)) {
            promisesIn(item, found, seen);
        }
    }
    return found;
}

/** An input's state: rejected if any promise in it rejected, else pending if any is pending. */
async function inputState(value: unknown): Promise<Settled> {
    const states = await Promise.all(promisesIn(value).map(settled));
    return states.find((s) => s.state === "rejected") ?? states.find((s) => s.state === "pending") ?? { state: "fulfilled" };
}

/** The resources an input waits on: those of every Output in it, however deeply nested. */
function resourcesIn(value: unknown, found: Set<pulumi.Resource> = new Set(), seen: Set<unknown> = new Set()): Set<pulumi.Resource> {
    if (value === null || typeof value !== "object" || seen.has(value)) {
        return found;
    }
    seen.add(value);
    if (pulumi.Output.isInstance(value)) {
        const resources = (value as unknown as { resources?: () => Set<pulumi.Resource> }).resources?.() ?? new Set();
        resources.forEach((r) => found.add(r));
        return found;
    }
    if (pulumi.Resource.isInstance(value)) {
        found.add(value);
        return found;
    }
    for (const item of Array.isArray(value) ? value : Object.values(value)) {
        resourcesIn(item, found, seen);
    }
    return found;
}

/** An Output's value as a promise (Output.promise() is internal to @pulumi/pulumi, so not in its typings). */
const promiseOf = (output: pulumi.Output<unknown>): Promise<unknown> => (output as unknown as { promise(): Promise<unknown> }).promise();

/** An input's error as the program threw it (Pulumi prefixes the message of the error it serialized, in place). */
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/^error serializing property "[^"]*": /, "");

/**
 * The attempts that never completed, each with its cause: an input that failed (first), else a resource it waits on
 * that was never registered, else an input that never settled. Call it once the run is over.
 */
export async function unregisteredResources(attempts: readonly RegistrationAttempt[]): Promise<UnregisteredResource[]> {
    const urns = await Promise.all(attempts.map((a) => settled(promiseOf(a.resource.urn))));
    const unregistered = new Map(attempts.flatMap((a, i) => (urns[i].state === "fulfilled" ? [] : [[a.resource, a] as const])));
    const result: UnregisteredResource[] = [];
    for (const a of unregistered.values()) {
        const inputs = await Promise.all(Object.entries(a.props).map(async ([key, value]) => ({ key, value, settled: await inputState(value) })));
        const failed = inputs.flatMap((i) => (i.settled.state === "rejected" ? [{ key: i.key, error: i.settled.error }] : []));
        if (failed.length > 0) {
            result.push({ type: a.type, name: a.name, cause: failed.map((f) => `input '${f.key}' failed: ${messageOf(f.error)}`).join("; "), error: failed[0].error });
            continue;
        }
        const waitsOn = [...(a.parent ? [a.parent] : []), ...resourcesIn(a.waitsOn), ...inputs.flatMap((i) => [...resourcesIn(i.value)])]
            .map((r) => unregistered.get(r))
            .find((d): d is RegistrationAttempt => d !== undefined && d !== a);
        const pending = inputs.find((i) => i.settled.state === "pending");
        const cause = waitsOn
            ? `waits on ${waitsOn.type} '${waitsOn.name}', which was never registered`
            : pending
              ? `input '${pending.key}' never settled`
              : urns[attempts.indexOf(a)].state === "rejected"
                ? `its registration failed: ${messageOf((urns[attempts.indexOf(a)] as { error: unknown }).error)}`
                : "its registration never completed";
        result.push({ type: a.type, name: a.name, cause });
    }
    return result;
}
