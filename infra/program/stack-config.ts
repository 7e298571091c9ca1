import * as pulumi from "@pulumi/pulumi";
import { HardenedPostgresArgs } from "../../components/hardened-postgres";
import { ARGUMENT_NAMES, ArgumentName, ConfigKind, HARDENED_POSTGRES_ARGUMENTS } from "../../components/hardened-postgres/arguments";

/** Configuration namespace of every key this program reads (`hardened-postgres:<key>`). */
export const CONFIG_NAMESPACE = "hardened-postgres";

/** A config key is a `HardenedPostgres` argument name; its kind comes from the argument's declaration. */
export type ConfigKey = ArgumentName;
export const CONFIG_KEY_NAMES: readonly ConfigKey[] = ARGUMENT_NAMES;

/** Thrown for stack configuration that cannot be used; the message names every bad key. */
export class StackConfigError extends Error {
    constructor(public readonly problems: string[]) {
        super(`invalid stack configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
        this.name = "StackConfigError";
    }
}

const STRUCTURED: Readonly<Record<Exclude<ConfigKind, "string" | "number" | "boolean">, { list: boolean; expected: string }>> = {
    "string[]": { list: true, expected: "a list" },
    parameters: { list: true, expected: "a list" },
    optOuts: { list: false, expected: "a map" },
    tags: { list: false, expected: "a map" },
    auditTrail: { list: false, expected: "a map" },
};

/**
 * Parses one raw config value (a string, structured values as JSON, as the engine passes them) into the shape `kind`
 * expects. Only the shape: what the values inside may be is the component's to judge, once.
 */
function parseValue(kind: ConfigKind, raw: string): { value?: unknown; expected?: string } {
    if (kind === "string") {
        return { value: raw };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        return { expected: kind === "number" ? "a number" : kind === "boolean" ? "true or false" : "structured YAML (a list or a map)" };
    }
    if (kind === "number") {
        return typeof parsed === "number" ? { value: parsed } : { expected: "a number" };
    }
    if (kind === "boolean") {
        return typeof parsed === "boolean" ? { value: parsed } : { expected: "true or false" };
    }
    const { list, expected } = STRUCTURED[kind];
    const isList = Array.isArray(parsed);
    const isMap = typeof parsed === "object" && parsed !== null && !isList;
    return (list ? isList : isMap) ? { value: parsed } : { expected };
}

/** A namespace that is the project's spelled another way: case, separators or one slip of a letter ("hardenedpostgres", "hardened_postgres", "hardend-postgres"). */
export function looksLikeOurNamespace(namespace: string): boolean {
    const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
    const a = fold(namespace);
    const b = fold(CONFIG_NAMESPACE);
    return a === b || editDistanceAtMostOne(a, b);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
    if (Math.abs(a.length - b.length) > 1) {
        return false;
    }
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) {
        i++;
    }
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
}

/**
 * Reads `hardened-postgres:*` stack config into component arguments, parsing each value into the kind its argument
 * declares. Unknown keys are errors too: a typo must not silently fall back to a default. Whether the values are
 * allowed is judged once, by the component.
 */
export function readStackConfig(config: pulumi.Config = new pulumi.Config(CONFIG_NAMESPACE)): HardenedPostgresArgs {
    const problems: string[] = [];
    const args: Record<string, unknown> = {};
    for (const key of CONFIG_KEY_NAMES) {
        const raw = config.get(key);
        if (raw === undefined) {
            continue;
        }
        const { value, expected } = parseValue(HARDENED_POSTGRES_ARGUMENTS[key].kind, raw);
        if (expected !== undefined) {
            problems.push(`[${CONFIG_NAMESPACE}:${key}] '${raw}' is not ${expected}`);
        } else {
            args[key] = value;
        }
    }
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        const [namespace, key] = fullKey.split(":", 2);
        if (namespace === CONFIG_NAMESPACE && !CONFIG_KEY_NAMES.includes(key as ConfigKey)) {
            problems.push(`[${fullKey}] is not a known key; allowed: ${CONFIG_KEY_NAMES.join(", ")}`);
        } else if (namespace !== CONFIG_NAMESPACE && looksLikeOurNamespace(namespace)) {
            // Pulumi would ignore it and deploy the defaults (a hipaa stack as soc2): refuse it instead.
            problems.push(`[${fullKey}] is in namespace '${namespace}', which this program does not read; allowed: ${CONFIG_NAMESPACE}:${key ?? "<key>"}`);
        }
    }
    if (problems.length > 0) {
        throw new StackConfigError(problems);
    }
    return args as unknown as HardenedPostgresArgs;
}
