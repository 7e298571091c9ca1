import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { AnalyzedResource } from "./evaluate";
import { DEFAULT_MOCK_CLOUD, MockCloudContext, checkedInputs, mockCall, mockResource } from "./mock-cloud";
import { TypeScriptUnavailableError, enableTypeScript, forgetProgramModules, loadedModules, runProgramModule, shareProjectPackages } from "./program-loader";
import { isProgramFile } from "./program-files";
import { projectRoot } from "./project-root";
import { keepProcessMonitor, rpc, settings, withOwnStore, withoutPromiseStacks } from "./pulumi-internals";
import { RegistrationAttempt, UnregisteredResource, recordAttempts, unregisteredResources } from "./registration-attempts";
import { STACK_REFERENCE_TYPE, StackReferenceOutputs, failUnknownOutputs } from "./stack-references";
import { CheapStacks, programFrames } from "./stack-traces";

/** What to run: a program (file or directory), under a project and stack name, with the stack's config. */
export interface ProgramRunOptions {
    program: string;
    project: string;
    stack: string;
    /** `namespace:key` → value, every value a string (structured values JSON-encoded), as the engine passes config. */
    config: Record<string, string>;
    /** Outputs of the stacks the program references, by stack name; a stack not listed has outputs nobody can read offline. */
    stackReferenceOutputs?: StackReferenceOutputs;
}

/**
 * A program that threw, or whose resources could not be registered; the CLI prints the message and the program's
 * own frames, and exits 2. `cause` is what the program threw, with its full stack.
 */
export class ProgramError extends Error {
    constructor(
        message: string,
        /** Where the program failed: its own stack frames, top first (e.g. `at Object.<anonymous> (/src/index.ts:4:7)`), without Node's, libraries' or this product's. */
        readonly programFrames: readonly string[] = [],
        options?: { cause?: unknown },
        /** Resources the program asked for that were never registered (so never judged), each with its cause. */
        readonly unregistered: readonly UnregisteredResource[] = [],
    ) {
        super(message, options);
        this.name = "ProgramError";
    }
}

/** The fields of a RegisterResourceRequest the analyzer needs (from @pulumi/pulumi's generated protobuf classes). */
interface RegisterResourceRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): unknown;
    getProtect(): boolean | undefined;
    getDependenciesList(): string[];
    getProvider(): string;
    getVersion(): string;
    getPropertydependenciesMap(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
    getIgnorechangesList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getAliasurnsList(): string[];
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
}
interface RegisterResourceResponse {
    getUrn(): string;
    getObject(): unknown;
}
type Callback<T> = (err: Error | null, resp?: T) => void;
interface MockMonitorInternals {
    registerResource(req: RegisterResourceRequest, callback: Callback<RegisterResourceResponse>): void;
    newUrn(parent: string, type: string, name: string): string;
}

/** A program's resources: what it registered, then the default providers the engine would add. */
export interface ProgramResources {
    /** Every resource the program registered, the root stack included. */
    registered: AnalyzedResource[];
    /** Default providers (`pulumi:providers:<package>::default_<version>`) for resources without an explicit provider. */
    defaultProviders: AnalyzedResource[];
    /** Registrations the program started (`new X(...)` without an `id`), the root stack included: each one is in `registered`. */
    registrationsAttempted: number;
    /** Existing resources the program read (`.get`, StackReference): the engine reads them, policies don't judge them. */
    reads: { type: string; name: string }[];
}

/** The root stack resource's type; the engine leaves it out of its children's URNs. */
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * A URN as the engine builds it: `urn:pulumi:<stack>::<project>::<parent's qualified type>$<type>::<name>`, where the
 * qualified type carries every ancestor's type except the root stack. (The mock monitor keeps only the last one.)
 */
export function engineUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
    const parentType = parentUrn ? parentUrn.split("::")[2] : "";
    const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

interface Registration {
    req: RegisterResourceRequest;
    urn: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

/** The engine's name for a default provider: `default_<version with underscores>`, or `default` without a version. */
function defaultProviderName(version: string): string {
    return version ? `default_${version.replace(/[.\-+]/g, "_")}` : "default";
}

/**
 * Runs a Pulumi program under the mock runtime (nothing is deployed, no credentials are read) and returns every
 * resource it registers as the engine would show them to the analyzer, including the default providers the engine
 * would create from `<package>:*` config.
 *
 * Each run has its own Pulumi state (config, settings, mock monitor, root stack resource) and puts back everything it
 * changed in the process, so consecutive runs in one process are independent (runs must not overlap). Throws
 * ProgramError when the program fails; any other error is a bug in this checker.
 */
export async function runProgram(options: ProgramRunOptions, cloud: MockCloudContext = DEFAULT_MOCK_CLOUD): Promise<ProgramResources> {
    try {
        enableTypeScript();
    } catch (e) {
        throw e instanceof TypeScriptUnavailableError ? new ProgramError(e.message) : e;
    }
    const restoreProcessMonitor = keepProcessMonitor();
    return withOwnStore(async () => {
        try {
            return await runInOwnState(options, cloud);
        } finally {
            restoreProcessMonitor();
        }
    });
}

/**
 * Errors thrown by this checker's own code while the program runs (the mocks, the recording): bugs, never the
 * program's. Each is kept and answered with a fallback, so that it neither hangs nor fails the program's run; the
 * run then throws the first one.
 */
class OwnFailures {
    readonly errors: unknown[] = [];

    attempt<T>(f: () => T, fallback: T): T {
        try {
            return f();
        } catch (e) {
            this.errors.push(e);
            return fallback;
        }
    }

    async attemptAsync<T>(f: () => Promise<T>, fallback: T): Promise<T> {
        try {
            return await f();
        } catch (e) {
            this.errors.push(e);
            return fallback;
        }
    }
}

async function runInOwnState(options: ProgramRunOptions, cloud: MockCloudContext): Promise<ProgramResources> {
    const region = options.config["aws:region"] ?? cloud.region;
    const ctx = { ...cloud, region, stackReferenceOutputs: options.stackReferenceOutputs ?? cloud.stackReferenceOutputs };
    const own = new OwnFailures();
    pulumi.runtime.setAllConfig(options.config);
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => own.attempt(() => mockResource(ctx, args), { id: "", state: {} }),
            call: (args) => own.attempt(() => mockCall(ctx, args), {}),
        },
        options.project,
        options.stack,
        false,
    );
    const registrations: Registration[] = [];
    const attempts: RegistrationAttempt[] = [];
    const rejections: unknown[] = [];
    // Node emits beforeExit when nothing is left to do: with the run unfinished, what it waits on can no longer happen.
    let stalled = () => undefined as void;
    const whenStalled = new Promise<void>((resolve) => (stalled = resolve));
    // After a failure, resources waiting on the failed one never register. Mocked registrations need no I/O, so once
    // nothing has moved for a few turns, nothing will (beforeExit can't tell under a test runner, which keeps Node busy).
    let quietWatch: NodeJS.Timeout | undefined;
    const progress = () => registrations.length + attempts.length + rejections.length;
    const watchForQuiet = () => {
        let last = -1;
        let quietTurns = 0;
        quietWatch ??= setInterval(() => {
            quietTurns = progress() === last ? quietTurns + 1 : 0;
            last = progress();
            if (quietTurns >= 2) {
                stalled();
            }
        }, 100).unref();
    };
    const onRejection = (reason: unknown) => {
        rejections.push(reason);
        watchForQuiet();
    };
    const onBeforeExit = () => stalled();
    const modulesBefore = loadedModules();
    // Everything this run changes in the process, undone in reverse order however the run ends.
    const undo: (() => void)[] = [];
    const undoAll = () => undo.splice(0).reverse().forEach((restore) => restore());
    let stacks: CheapStacks;
    let programDir: string;
    try {
        programDir = fs.statSync(options.program).isDirectory() ? options.program : path.dirname(options.program);
        undo.push(recordRegistrations(settings.getMonitor() as MockMonitorInternals, options, registrations, own));
        const stackReferenceOutputs = ctx.stackReferenceOutputs ?? {};
        undo.push(
            recordAttempts(attempts, {
                onRead: (read) => {
                    if (read.type === STACK_REFERENCE_TYPE) {
                        failUnknownOutputs(read.resource as pulumi.StackReference, (read.props.name ?? read.name) as pulumi.Input<string>, stackReferenceOutputs);
                    }
                },
                // Pulumi leaves this failure unhandled, and a test runner keeps unhandled rejections to itself.
                onFailure: (_attempt, error) => onRejection(error),
            }),
        );
        undo.push(() => clearInterval(quietWatch));
        undo.push(shareProjectPackages());
        const root = projectRoot();
        undo.push(() => forgetProgramModules(modulesBefore, (file) => isProgramFile(file, root, programDir)));
        undo.push(keepGlobalStackResource());
        process.on("unhandledRejection", onRejection);
        undo.push(() => process.off("unhandledRejection", onRejection));
        // A rejection already reported, inspected again to name its resource, must not print Node's "handled asynchronously" warning.
        process.on("rejectionHandled", ignoreHandledRejection);
        undo.push(() => process.off("rejectionHandled", ignoreHandledRejection));
        process.on("beforeExit", onBeforeExit);
        undo.push(() => process.off("beforeExit", onBeforeExit));
        stacks = new CheapStacks();
        undo.push(() => stacks.restore());
        undo.push(withoutPromiseStacks());
    } catch (e) {
        undoAll();
        throw e;
    }
    let thrown: { error: unknown } | undefined;
    try {
        const finished = (async () => {
            // The program's failure is kept here rather than failing the root stack resource, whose promises nobody awaits.
            await pulumi.runtime.runInPulumiStack(async () => {
                try {
                    return await runProgramModule(options.program);
                } catch (e) {
                    thrown = { error: e };
                    return undefined;
                }
            });
            // Let every registration the program started finish before the monitor is put back.
            await settings.waitForRPCs();
            return true;
        })();
        finished.catch(() => undefined);
        // A registration waiting on one that failed (through dependsOn, say) never settles, and Node runs out of work.
        if (!(await Promise.race([finished, whenStalled.then(() => false)])) && thrown === undefined && rejections.length === 0) {
            thrown = { error: new Error("it never finished, waiting on something that can no longer happen (a dependency cycle, or a promise nothing settles)") };
        }
    } catch (e) {
        thrown ??= { error: e };
    }
    let unregistered: UnregisteredResource[] = [];
    try {
        // Node reports a promise nobody handled only once the microtask queue drains, which a mocked run never leaves.
        await new Promise((resolve) => setImmediate(resolve));
        unregistered = await own.attemptAsync(() => unregisteredResources(attempts), []);
        // Inspecting a failed input may leave rejections of its own; let them arrive while they are still caught.
        await new Promise((resolve) => setImmediate(resolve));
    } finally {
        undoAll();
        for (const error of [...(thrown ? [thrown.error] : []), ...rejections, ...own.errors, ...unregistered.map((u) => u.error)]) {
            stacks.keepRealStack(error);
        }
    }
    if (own.errors.length > 0) {
        throw own.errors[0];
    }
    const failure =
        thrown ??
        (rejections.length > 0 ? { error: rejections[0] } : undefined) ??
        (unregistered.length > 0 ? { error: unregistered.find((u) => u.error !== undefined)?.error ?? new Error("some resources were never registered") } : undefined);
    if (failure) {
        const error = programError(failure.error, programDir);
        throw unregistered.length > 0 ? new ProgramError(error.message, error.programFrames, { cause: error.cause }, unregistered) : error;
    }
    return {
        ...analyzedResources(registrations, options),
        registrationsAttempted: attempts.filter((a) => !a.read).length,
        reads: attempts.filter((a) => a.read).map(({ type, name }) => ({ type, name })),
    };
}

function ignoreHandledRejection(): void {
    // Registered only so that Node emits no warning; the rejection was recorded when it went unhandled.
}

/** Pulumi also publishes the root stack resource on globalThis; the next run must not inherit this one's. */
function keepGlobalStackResource(): () => void {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, "stackResource");
    return () => {
        if (descriptor) {
            Object.defineProperty(globalThis, "stackResource", descriptor);
        } else {
            delete (globalThis as { stackResource?: unknown }).stackResource;
        }
    };
}

/**
 * Records every registration the mock monitor accepts, with engine URNs (the mock monitor's leave out parent types).
 * Returns what puts the monitor's own methods back.
 */
function recordRegistrations(monitor: MockMonitorInternals, options: ProgramRunOptions, registrations: Registration[], own: OwnFailures): () => void {
    const saved = (["newUrn", "registerResource"] as const).map((key) => ({ key, descriptor: Object.getOwnPropertyDescriptor(monitor, key) }));
    monitor.newUrn = (parent, type, name) => engineUrn(options.stack, options.project, parent, type, name);
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
        register(req, (err, resp) => {
            if (!err && resp) {
                own.attempt(() => {
                    const type = req.getType();
                    const inputs = checkedInputs(type, req.getName(), rpc.deserializeProperties(req.getObject()));
                    registrations.push({ req, urn: resp.getUrn(), inputs, outputs: rpc.deserializeProperties(resp.getObject()) });
                }, undefined);
            }
            callback(err, resp);
        });
    return () => {
        for (const { key, descriptor } of saved) {
            if (descriptor) {
                Object.defineProperty(monitor, key, descriptor);
            } else {
                delete (monitor as Partial<MockMonitorInternals>)[key];
            }
        }
    };
}

/** Pulumi's RunError, and a ResourceError made with hideStack, ask to be shown without a stack trace (as `pulumi up` does). */
function hidesStack(error: unknown): boolean {
    return pulumi.RunError.isInstance(error) || (pulumi.ResourceError.isInstance(error) && error.hideStack === true);
}

/** What the program (in `programDir`) threw, as a ProgramError carrying the program's own frames. */
function programError(error: unknown, programDir: string): ProgramError {
    const stack = typeof error === "object" && error !== null ? (error as { stack?: unknown }).stack : undefined;
    const frames = hidesStack(error) ? [] : programFrames(stack, projectRoot(), programDir).map((f) => f.text);
    return new ProgramError(errorMessage(error), frames, { cause: error });
}

function errorMessage(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

function analyzedResources(registrations: readonly Registration[], options: ProgramRunOptions): ProgramResources {
    const byUrn = new Map(registrations.map((r) => [r.urn, r]));
    const defaultProviders = new Map<string, AnalyzedResource>();
    const resources: AnalyzedResource[] = registrations.map(({ req, urn, inputs, outputs }) => {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((value, key) => {
            propertyDependencies[key] = value.getUrnsList();
        });
        const opts: AnalyzedResource["opts"] = {
            protect: req.getProtect() === true,
            ignoreChanges: req.getIgnorechangesList(),
            aliases: req.getAliasurnsList(),
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            ...(req.getDeletebeforereplacedefined() ? { deleteBeforeReplace: req.getDeletebeforereplace() } : {}),
            ...(req.getParent() ? { parent: req.getParent() } : {}),
        };
        const resource: AnalyzedResource = {
            type: req.getType(),
            name: req.getName(),
            urn,
            inputs,
            outputs,
            opts,
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            ...(req.getParent() ? { parent: req.getParent() } : {}),
        };
        const isProvider = resource.type.startsWith("pulumi:providers:");
        if (req.getCustom() && !isProvider) {
            const ref = req.getProvider();
            const providerUrn = ref ? ref.slice(0, ref.lastIndexOf("::")) : "";
            const explicit = providerUrn ? byUrn.get(providerUrn) : undefined;
            if (explicit) {
                resource.provider = { type: explicit.req.getType(), name: explicit.req.getName(), urn: explicit.urn, props: explicit.inputs };
            } else {
                resource.provider = defaultProvider(resource.type.split(":")[0], req.getVersion(), options, defaultProviders);
            }
        }
        return resource;
    });
    return { registered: resources, defaultProviders: [...defaultProviders.values()], registrationsAttempted: registrations.length, reads: [] };
}

/** The default provider the engine creates for a package used without an explicit provider: its inputs are the `<package>:*` config. */
function defaultProvider(pkg: string, version: string, options: ProgramRunOptions, created: Map<string, AnalyzedResource>): AnalyzedResource["provider"] {
    const name = defaultProviderName(version);
    const type = `pulumi:providers:${pkg}`;
    const urn = `urn:pulumi:${options.stack}::${options.project}::${type}::${name}`;
    let provider = created.get(urn);
    if (provider === undefined) {
        const props: Record<string, unknown> = version ? { version } : {};
        for (const [key, value] of Object.entries(options.config)) {
            if (key.startsWith(`${pkg}:`)) {
                props[key.slice(pkg.length + 1)] = value;
            }
        }
        provider = {
            type,
            name,
            urn,
            inputs: props,
            opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            dependencies: [],
            propertyDependencies: {},
        };
        created.set(urn, provider);
    }
    return { type: provider.type, name: provider.name, urn: provider.urn, props: provider.inputs };
}
