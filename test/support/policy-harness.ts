import { Unwrap } from "@pulumi/pulumi";
import { ControlPolicy } from "../../components/catalog/kit/plan/control-policy";
import { AnalyzedResource, PolicyDiagnostic, PolicyPackConfig, analyzeResource, analyzeStack } from "../../policies/offline-check/evaluate";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME } from "../../policies/crossguard/pack";

/**
 * Calls policies the way the engine's analyzer does (policies/offline-check/evaluate.ts mirrors @pulumi/policy's
 * server.js): type tokens from the real resource classes, props behind unknownCheckingProxy, config defaults from
 * the schema, notApplicable and "can't run during preview" handled as the server handles them.
 */

/** The pack version the server names in "can't run during preview" messages. */
export const PACK_VERSION = "0.1.0";

// The sentinels are @internal in proxy.d.ts, but exported by proxy.js: the engine's own values.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sentinels = require("@pulumi/policy/proxy") as Record<"unknownStringValue" | "unknownNumberValue" | "unknownBooleanValue" | "unknownArrayValue", string>;

/**
 * Values the engine sends for properties it can't know during preview (the sentinels @pulumi/policy recognises).
 * Typed `never` so a sentinel can stand in for any typed fixture input, as the engine's does.
 */
export const UNKNOWN: Readonly<Record<"string" | "number" | "boolean" | "array", never>> = {
    string: sentinels.unknownStringValue as never,
    number: sentinels.unknownNumberValue as never,
    boolean: sentinels.unknownBooleanValue as never,
    array: sentinels.unknownArrayValue as never,
};

/** A resource class as @pulumi/policy identifies it: by its `__pulumiType`. */
type ResourceClass = { __pulumiType?: string } & (new (...args: never[]) => unknown);

/** The type token the engine reports for a resource of this class; providers are `pulumi:providers:<package>`. */
export function typeOf(resourceClass: ResourceClass | string): string {
    if (typeof resourceClass === "string") {
        return resourceClass;
    }
    const token = resourceClass.__pulumiType;
    if (token === undefined) {
        throw new Error(`${resourceClass.name} has no __pulumiType`);
    }
    return token;
}

export interface ResourceExtras {
    protect?: boolean;
    parent?: AnalyzedResource;
    dependsOn?: AnalyzedResource[];
    /** Property name → the resources its value came from. */
    propertyDependencies?: Record<string, AnalyzedResource[]>;
    provider?: AnalyzedResource;
    /** Outputs seen by stack policies; default the props. */
    outputs?: Record<string, unknown>;
}

/** The arguments type of a resource class's constructor, e.g. `aws.rds.InstanceArgs` (or its union with the state type). */
type ArgsOf<C> = C extends new (name: string, args: infer A, ...rest: never[]) => unknown ? NonNullable<A> : never;

/**
 * A resource as the analyzer receives it: `urn:pulumi:test::hpg::<type>::<name>`. Given a resource class, its props are
 * typed with that class's own arguments (plain values, as policies see them), so a misspelt input does not compile.
 */
export function resource<C extends ResourceClass>(resourceClass: C, name: string, props: Partial<Unwrap<ArgsOf<C>>>, extras?: ResourceExtras): AnalyzedResource;
/** A resource the SDK has no class for (a provider, the root stack): untyped props. */
export function resource(type: string, name: string, props: Record<string, unknown>, extras?: ResourceExtras): AnalyzedResource;
export function resource(resourceClass: ResourceClass | string, name: string, props: object, extras: ResourceExtras = {}): AnalyzedResource {
    const type = typeOf(resourceClass);
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, deps] of Object.entries(extras.propertyDependencies ?? {})) {
        propertyDependencies[key] = deps.map((d) => d.urn);
    }
    const dependencies = [...new Set([...(extras.dependsOn ?? []), ...Object.values(extras.propertyDependencies ?? {}).flat()].map((d) => d.urn))];
    return {
        type,
        name,
        urn: `urn:pulumi:test::hpg::${type}::${name}`,
        inputs: { ...props } as Record<string, unknown>,
        ...(extras.outputs ? { outputs: extras.outputs } : {}),
        opts: {
            protect: extras.protect ?? false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            ...(extras.parent ? { parent: extras.parent.urn } : {}),
        },
        ...(extras.parent ? { parent: extras.parent.urn } : {}),
        ...(extras.provider ? { provider: { type: extras.provider.type, name: extras.provider.name, urn: extras.provider.urn, props: extras.provider.inputs } } : {}),
        dependencies,
        propertyDependencies,
    };
}

const pack = { name: PACK_NAME, version: PACK_VERSION, enforcementLevel: PACK_ENFORCEMENT_LEVEL };

/** Runs one resource policy on one resource (update mode unless a prop is an UNKNOWN sentinel). */
export function validateResource(policy: ControlPolicy, subject: AnalyzedResource, config?: PolicyPackConfig): Promise<PolicyDiagnostic[]> {
    if (!("validateResource" in policy)) {
        throw new Error(`${policy.name} is not a resource policy`);
    }
    return analyzeResource([policy], subject, { pack, config });
}

/** Runs one stack policy over the given resources. */
export function validateStack(policy: ControlPolicy, resources: AnalyzedResource[], config?: PolicyPackConfig): Promise<PolicyDiagnostic[]> {
    if (!("validateStack" in policy)) {
        throw new Error(`${policy.name} is not a stack policy`);
    }
    return analyzeStack([policy], resources, { pack, config });
}

/** The diagnostics as `level message` lines: what a test asserts, exactly. */
export function lines(diagnostics: PolicyDiagnostic[]): string[] {
    return diagnostics.map((d) => `${d.enforcementLevel} ${d.message}`);
}

/** The advisory the server reports when a policy reads a value that is unknown during preview. */
export function cantRunDuringPreview(policy: string, what: string): string {
    return `advisory can't run policy '${policy}' from policy pack '${PACK_NAME}@v${PACK_VERSION}' during preview: ${what} can't be known during preview`;
}
