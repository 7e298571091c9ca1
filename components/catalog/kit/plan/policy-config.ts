import { PolicyConfigSchema } from "@pulumi/policy";
import { POSTURES } from "../../facts/types";

/**
 * A policy's configuration: the catalog defaults overlaid with what the user set. The Pulumi CLI fills schema defaults
 * before it calls the pack, but a caller that doesn't (or an older CLI) must not leave a threshold undefined.
 */
export function configWithDefaults<T extends object>(defaults: T, args: { getConfig<U extends object>(): U }): T {
    return { ...defaults, ...args.getConfig<Partial<T>>() };
}

/** One config property: a JSON schema with its default (taken from the catalog by the caller) and a description. */
type ConfigProperty =
    | { type: "integer" | "boolean"; minimum?: number; description: string }
    | { type: "array"; description: string }
    | { type: "string"; enum: readonly string[]; description: string };

/** The `posture` a pack config may set for the policies whose minimums depend on it; "none" leaves only the numeric floors. */
export const PACK_POSTURE_CHOICES = ["none", ...POSTURES] as const;
export type PackPosture = (typeof PACK_POSTURE_CHOICES)[number];

/** The config property for a stack's posture: a default for every resource, which a `compliance-posture` tag overrides. */
export const POSTURE_CONFIG_PROPERTY = {
    type: "string",
    enum: PACK_POSTURE_CHOICES,
    description:
        "The stack's compliance posture (none, soc2, hipaa, pci): its minimums apply to every resource, and a resource's compliance-posture tag, when present, overrides it. Set it per stack with that stack's --policy-pack-config file.",
} as const;

/** A `configSchema` whose defaults are exactly `defaults`, so the schema and the policy's fallback cannot drift apart. */
export function configSchema<T extends object>(defaults: T, properties: { [K in keyof T]: ConfigProperty }): PolicyConfigSchema {
    const schema: PolicyConfigSchema = { properties: {} };
    for (const key of Object.keys(properties) as (keyof T & string)[]) {
        const p = properties[key];
        const value = defaults[key] as unknown;
        schema.properties[key] =
            p.type === "array"
                ? { type: "array", items: { type: "string" }, description: p.description, default: [...(value as string[])] }
                : p.type === "string"
                  ? { type: "string", enum: [...p.enum], description: p.description, default: value as string }
                  : { ...p, default: value as number | boolean };
    }
    return schema;
}
