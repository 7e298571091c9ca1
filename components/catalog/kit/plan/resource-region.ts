import { PolicyResource, UnknownValueError } from "@pulumi/policy";

/**
 * The AWS region a resource is managed in, as far as a policy can tell. @pulumi/aws v7 takes a `region` on most
 * resources, which "defaults to the Region set in the provider configuration"; a provider without `region` reads it
 * from the environment (AWS_REGION, the shared config), which the pack can't see, so only that provider is known.
 */
export type ResourceRegion = { region: string } | { defaultOfProvider: string | undefined };

/** A string the proxy holds, or undefined; an unknown value (preview) counts as not set. */
function knownString(read: () => unknown): string | undefined {
    try {
        const value = read();
        return typeof value === "string" && value !== "" ? value : undefined;
    } catch (e) {
        // During preview an unset `region` may be planned as unknown: it is then its provider's, which is judged below.
        if (e instanceof UnknownValueError) {
            return undefined;
        }
        throw e;
    }
}

/** The resource's own `region`, else its provider's, else the provider whose environment decides it. */
export function regionOf(resource: PolicyResource): ResourceRegion {
    const region = knownString(() => resource.props.region) ?? knownString(() => resource.provider?.props.region);
    return region !== undefined ? { region } : { defaultOfProvider: resource.provider?.urn };
}

/** Whether two resources are in one region: undefined when the pack can't tell (a provider's environment decides). */
export function sameRegion(a: ResourceRegion, b: ResourceRegion): boolean | undefined {
    if ("region" in a && "region" in b) {
        return a.region === b.region;
    }
    if ("defaultOfProvider" in a && "defaultOfProvider" in b && a.defaultOfProvider === b.defaultOfProvider) {
        return true;
    }
    return undefined;
}

/** A region for a message, e.g. "us-east-1", or "the region its provider takes from the environment". */
export function describeRegion(region: ResourceRegion): string {
    return "region" in region ? region.region : "the region its provider takes from the environment (which the pack can't see)";
}
