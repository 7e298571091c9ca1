import {
    EnforcementLevel,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    StackValidationArgs,
    UnknownValueError,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { ControlId } from "../../components/catalog";
import { PackPolicy } from "../../components/catalog/kit/plan/control-policy";

/**
 * This module calls policies exactly as @pulumi/policy's analyzer server does (server.js makeAnalyzeRpcFun and
 * makeAnalyzeStackRpcFun): same args, props behind `unknownCheckingProxy`, the same enforcement-level resolution,
 * not-applicable handling and "can't run during preview" advisories. The CLI and the tests both use it.
 */

/** A resource as the engine describes it to the analyzer. */
export interface AnalyzedResource {
    type: string;
    name: string;
    urn: string;
    /** What resource policies see: the checked inputs. Unknown values are @pulumi/policy's sentinel strings. */
    inputs: Record<string, unknown>;
    /** What stack policies see: the outputs (after an update) or planned outputs (during preview). Defaults to `inputs`. */
    outputs?: Record<string, unknown>;
    opts: PolicyResourceOptions;
    provider?: { type: string; name: string; urn: string; props: Record<string, unknown> };
    /** Parent URN. */
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

/** One diagnostic the analyzer reports. */
export interface PolicyDiagnostic {
    policy: string;
    /** The control the policy judges; none for the pack's waiver report. */
    control?: ControlId;
    enforcementLevel: "advisory" | "mandatory";
    severity?: string;
    /** The resource it is about; a stack-level violation without one has none. */
    urn?: string;
    /** The policy's message. The engine prints the policy description above it. */
    message: string;
}

/** `--policy-pack-config` content: per policy, an enforcement level or properties (with an optional enforcementLevel). */
export type PolicyPackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

/** The pack being evaluated, as the diagnostics name it. */
export interface PackIdentity {
    name: string;
    version: string;
    enforcementLevel: EnforcementLevel;
}

export interface EvaluateOptions {
    pack: PackIdentity;
    config?: PolicyPackConfig;
}

/** @pulumi/policy's own NotApplicableError is private to server.js; this one plays its part. */
class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

function policyConfigEntry(options: EvaluateOptions, policy: string): { enforcementLevel?: EnforcementLevel } & Record<string, unknown> {
    const entry = options.config?.[policy];
    return typeof entry === "string" ? { enforcementLevel: entry } : (entry ?? {});
}

/** The engine's level for a policy: configured, else the policy's, else the pack's; remediate reports as mandatory. */
function enforcementLevelOf(policy: PackPolicy, options: EvaluateOptions): "advisory" | "mandatory" | "disabled" {
    const level = policyConfigEntry(options, policy.name).enforcementLevel || policy.enforcementLevel || options.pack.enforcementLevel;
    return level === "remediate" ? "mandatory" : level;
}

/** What `args.getConfig()` returns: the schema defaults (the Pulumi CLI applies them) overlaid with the configured properties. */
function makeGetConfig(policy: PackPolicy, options: EvaluateOptions): <T extends object>() => T {
    return <T extends object>() => {
        const defaults: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (typeof schema === "object" && schema.default !== undefined) {
                defaults[key] = schema.default;
            }
        }
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        const { enforcementLevel, ...properties } = policyConfigEntry(options, policy.name);
        return { ...defaults, ...properties } as T;
    };
}

function pulumiTypeOf(fn: unknown): string | undefined {
    const t = (fn as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof t === "string" && t.length > 0 ? t : undefined;
}

/** `isType` as server.js implements it: the class's `__pulumiType`, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
    const pulumiType = pulumiTypeOf(resourceClass);
    if (pulumiType) {
        return type === pulumiType;
    }
    const isInstance = (resourceClass as { isInstance?: (o: unknown) => boolean }).isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function providerOf(resource: AnalyzedResource): PolicyProviderResource | undefined {
    const p = resource.provider;
    return p ? { type: p.type, name: p.name, urn: p.urn, props: unknownCheckingProxy(p.props) } : undefined;
}

function cantRunDuringPreview(policy: PackPolicy, options: EvaluateOptions, error: UnknownValueError, urn?: string): PolicyDiagnostic {
    return {
        policy: policy.name,
        control: policy.control,
        enforcementLevel: "advisory",
        severity: policy.severity,
        urn,
        message: `can't run policy '${policy.name}' from policy pack '${options.pack.name}@v${options.pack.version}' during preview: ${error.message}`,
    };
}

function collector(policy: PackPolicy, level: "advisory" | "mandatory", diagnostics: PolicyDiagnostic[], fixedUrn?: string): ReportViolation {
    return (message: string, urn?: string) => {
        diagnostics.push({ policy: policy.name, control: policy.control, enforcementLevel: level, severity: policy.severity, urn: fixedUrn ?? urn, message });
    };
}

function rethrow(policy: PackPolicy, options: EvaluateOptions, e: unknown, what: string): never {
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(`Error validating ${what} with policy '${policy.name}' from policy pack '${options.pack.name}@v${options.pack.version}': ${message}`, { cause: e });
}

/** Runs every resource policy on one resource, as the engine's `analyze` call does. */
export async function analyzeResource(policies: readonly PackPolicy[], resource: AnalyzedResource, options: EvaluateOptions): Promise<PolicyDiagnostic[]> {
    const diagnostics: PolicyDiagnostic[] = [];
    for (const policy of policies) {
        const level = enforcementLevelOf(policy, options);
        if (level === "disabled" || !("validateResource" in policy) || policy.validateResource === undefined) {
            continue;
        }
        const validations: ResourceValidation[] = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
        const onlyType = Array.isArray(policy.validateResource) ? undefined : pulumiTypeOf(policy.validateResource);
        if (onlyType !== undefined && onlyType !== resource.type) {
            continue;
        }
        for (const validation of validations) {
            try {
                const props = unknownCheckingProxy(resource.inputs);
                const args: ResourceValidationArgs = {
                    type: resource.type,
                    props,
                    urn: resource.urn,
                    name: resource.name,
                    opts: resource.opts,
                    stackTags: new Map(),
                    isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
                    asType: ((resourceClass: unknown) => (isTypeOf(resource.type, resourceClass) ? props : undefined)) as ResourceValidationArgs["asType"],
                    getConfig: makeGetConfig(policy, options),
                    notApplicable: throwNotApplicable,
                };
                const provider = providerOf(resource);
                if (provider) {
                    args.provider = provider;
                }
                await validation(args, collector(policy, level, diagnostics, resource.urn));
            } catch (e) {
                if (e instanceof UnknownValueError) {
                    diagnostics.push(cantRunDuringPreview(policy, options, e, resource.urn));
                } else if (!(e instanceof NotApplicableError)) {
                    rethrow(policy, options, e, `resource '${resource.urn}'`);
                }
            }
        }
    }
    return diagnostics;
}

/** Builds the engine's view of the stack for stack policies: parents, dependencies and property dependencies as resource objects. */
function policyResources(resources: readonly AnalyzedResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const built = resources.map((r) => {
        const props = unknownCheckingProxy(r.outputs ?? r.inputs);
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: r.opts,
            dependencies: [],
            propertyDependencies: {},
            isType: (resourceClass) => isTypeOf(r.type, resourceClass),
            asType: ((resourceClass: unknown) => (isTypeOf(r.type, resourceClass) ? props : undefined)) as PolicyResource["asType"],
        };
        const provider = providerOf(r);
        if (provider) {
            resource.provider = provider;
        }
        byUrn.set(r.urn, resource);
        return resource;
    });
    const lookUp = (urns: readonly string[]) => urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => x !== undefined);
    resources.forEach((r, i) => {
        const parent = r.parent !== undefined ? byUrn.get(r.parent) : undefined;
        if (parent) {
            built[i].parent = parent;
        }
        built[i].dependencies = lookUp(r.dependencies);
        for (const [key, urns] of Object.entries(r.propertyDependencies)) {
            built[i].propertyDependencies[key] = lookUp(urns);
        }
    });
    return built;
}

/** Runs every stack policy over all resources, as the engine's `analyzeStack` call does. */
export async function analyzeStack(policies: readonly PackPolicy[], resources: readonly AnalyzedResource[], options: EvaluateOptions): Promise<PolicyDiagnostic[]> {
    const diagnostics: PolicyDiagnostic[] = [];
    for (const policy of policies) {
        const level = enforcementLevelOf(policy, options);
        if (level === "disabled" || !("validateStack" in policy)) {
            continue;
        }
        const onlyType = pulumiTypeOf(policy.validateStack);
        if (onlyType !== undefined && !resources.some((r) => r.type === onlyType)) {
            continue;
        }
        try {
            const args: StackValidationArgs = {
                resources: policyResources(resources),
                getConfig: makeGetConfig(policy, options),
                stackTags: new Map(),
                notApplicable: throwNotApplicable,
            };
            await policy.validateStack(args, collector(policy, level, diagnostics));
        } catch (e) {
            if (e instanceof UnknownValueError) {
                diagnostics.push(cantRunDuringPreview(policy, options, e));
            } else if (!(e instanceof NotApplicableError)) {
                rethrow(policy, options, e, "stack");
            }
        }
    }
    return diagnostics;
}

/** Resource policies on every resource, then stack policies over all of them. */
export async function evaluatePack(policies: readonly PackPolicy[], resources: readonly AnalyzedResource[], options: EvaluateOptions): Promise<PolicyDiagnostic[]> {
    const diagnostics: PolicyDiagnostic[] = [];
    for (const resource of resources) {
        diagnostics.push(...(await analyzeResource(policies, resource, options)));
    }
    diagnostics.push(...(await analyzeStack(policies, resources, options)));
    return diagnostics;
}
