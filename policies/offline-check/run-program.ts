import * as pulumi from "@pulumi/pulumi";
import { AnalyzedResource } from "./evaluate";
import { DEFAULT_MOCK_CLOUD, MockCloudContext, checkedInputs, mockCall, mockResource } from "./mock-cloud";
import { enableTypeScript, runProgramModule, shareProjectPackages } from "./program-loader";

/** What to run: a program (file or directory), under a project and stack name, with the stack's config. */
export interface ProgramRunOptions {
    program: string;
    project: string;
    stack: string;
    /** `namespace:key` → value, every value a string (structured values JSON-encoded), as the engine passes config. */
    config: Record<string, string>;
}

/** A program that threw, or whose resources could not be registered; the CLI prints the message and exits 2. */
export class ProgramError extends Error {
    constructor(message: string) {
        super(message);
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

/** Internal @pulumi/pulumi modules: the mock runtime does not expose the requests it receives, nor a way to drain RPCs. */
function runtimeInternals(): { getMonitor(): unknown; waitForRPCs(): Promise<void>; deserializeProperties(o: unknown): Record<string, unknown> } {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): unknown; waitForRPCs(): Promise<void> };
    const rpc = require("@pulumi/pulumi/runtime/rpc") as { deserializeProperties(o: unknown): Record<string, unknown> };
    /* eslint-enable @typescript-eslint/no-require-imports */
    return { getMonitor: settings.getMonitor, waitForRPCs: settings.waitForRPCs, deserializeProperties: rpc.deserializeProperties };
}

/** The engine's name for a default provider: `default_<version with underscores>`, or `default` without a version. */
function defaultProviderName(version: string): string {
    return version ? `default_${version.replace(/[.\-+]/g, "_")}` : "default";
}

/**
 * Runs a Pulumi program under the mock runtime (nothing is deployed, no credentials are read) and returns every
 * resource it registers as the engine would show them to the analyzer, including the default providers the engine
 * would create from `<package>:*` config. Mocks are process-global: run one program per process.
 */
export async function runProgram(options: ProgramRunOptions, cloud: MockCloudContext = DEFAULT_MOCK_CLOUD): Promise<ProgramResources> {
    shareProjectPackages();
    enableTypeScript();
    const region = options.config["aws:region"] ?? cloud.region;
    const ctx = { ...cloud, region };
    pulumi.runtime.setAllConfig(options.config);
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => mockResource(ctx, args),
            call: (args) => mockCall(ctx, args),
        },
        options.project,
        options.stack,
        false,
    );
    const internals = runtimeInternals();
    const monitor = internals.getMonitor() as MockMonitorInternals;
    const registrations: Registration[] = [];
    monitor.newUrn = (parent, type, name) => engineUrn(options.stack, options.project, parent, type, name);
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
        register(req, (err, resp) => {
            if (!err && resp) {
                const type = req.getType();
                const inputs = checkedInputs(type, req.getName(), internals.deserializeProperties(req.getObject()));
                registrations.push({ req, urn: resp.getUrn(), inputs, outputs: internals.deserializeProperties(resp.getObject()) });
            }
            callback(err, resp);
        });

    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    // Pulumi formats a stack trace for every resource and most promises (source positions for the engine); through
    // ts-node's source maps each costs about a millisecond. Nothing reads them offline, so they stay unformatted.
    const { prepareStackTrace, stackTraceLimit } = Error;
    Error.prepareStackTrace = (error: Error) => String(error);
    Error.stackTraceLimit = 0;
    try {
        await pulumi.runtime.runInPulumiStack(() => runProgramModule(options.program));
        await internals.waitForRPCs();
    } catch (e) {
        throw new ProgramError(errorMessage(e));
    } finally {
        Error.prepareStackTrace = prepareStackTrace;
        Error.stackTraceLimit = stackTraceLimit;
        process.off("unhandledRejection", onRejection);
    }
    if (failures.length > 0) {
        throw new ProgramError(errorMessage(failures[0]));
    }
    return analyzedResources(registrations, options);
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
    return { registered: resources, defaultProviders: [...defaultProviders.values()] };
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
