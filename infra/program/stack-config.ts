import * as pulumi from "@pulumi/pulumi";
import { OPT_OUT_NAMES } from "../../components/catalog";
import { HardenedPostgresArgs } from "../../components/hardened-postgres";

/** Configuration namespace of every key this program reads (`hardened-postgres:<key>`). */
export const CONFIG_NAMESPACE = "hardened-postgres";

/** The kind of value each config key takes; keys are the `HardenedPostgres` argument names. */
const CONFIG_KEYS = {
    posture: "string",
    identifier: "string",
    engineVersion: "string",
    allowMajorVersionUpgrade: "boolean",
    instanceClass: "string",
    allocatedStorage: "number",
    maxAllocatedStorage: "number",
    dbName: "string",
    masterUsername: "string",
    vpcId: "string",
    subnetIds: "string[]",
    allowedSecurityGroupIds: "string[]",
    allowedCidrBlocks: "string[]",
    kmsKeyArn: "string",
    logRetentionInDays: "number",
    backupRetentionDays: "number",
    multiAz: "boolean",
    deletionProtection: "boolean",
    performanceInsights: "boolean",
    performanceInsightsRetentionDays: "number",
    monitoringInterval: "number",
    caCertIdentifier: "string",
    dataClassification: "string",
    parameters: "parameters",
    optOuts: "optOuts",
    applyImmediately: "boolean",
    tags: "tags",
} as const;
export type ConfigKey = keyof typeof CONFIG_KEYS;
export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];

/** Thrown for stack configuration that cannot be used; the message names every bad key. */
export class StackConfigError extends Error {
    constructor(public readonly problems: string[]) {
        super(`invalid stack configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
        this.name = "StackConfigError";
    }
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");
const isStringRecord = (v: unknown): v is Record<string, string> =>
    typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((s) => typeof s === "string");

/** Parses one raw config value (a string as the engine passes it) into the kind `kind` expects. */
function parseValue(kind: (typeof CONFIG_KEYS)[ConfigKey], raw: string): { value?: unknown; expected?: string } {
    if (kind === "string") {
        return { value: raw };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        return { expected: kind === "number" ? "a number" : kind === "boolean" ? "true or false" : "structured YAML (a list or a map)" };
    }
    switch (kind) {
        case "number":
            return typeof parsed === "number" ? { value: parsed } : { expected: "a number" };
        case "boolean":
            return typeof parsed === "boolean" ? { value: parsed } : { expected: "true or false" };
        case "string[]":
            return isStringArray(parsed) ? { value: parsed } : { expected: "a list of strings" };
        case "tags":
        case "optOuts":
            return isStringRecord(parsed) ? { value: parsed } : { expected: "a map of strings" };
        case "parameters":
            return Array.isArray(parsed) && parsed.every((p) => typeof p === "object" && p !== null && typeof p.name === "string" && typeof p.value === "string")
                ? { value: parsed }
                : { expected: "a list of {name, value, applyMethod?} with string name and value" };
    }
}

/**
 * Reads and type-checks `hardened-postgres:*` stack config into component arguments.
 * Unknown keys are errors too: a typo must not silently fall back to a default.
 */
export function readStackConfig(config: pulumi.Config = new pulumi.Config(CONFIG_NAMESPACE)): HardenedPostgresArgs {
    const problems: string[] = [];
    const args: Record<string, unknown> = {};
    for (const key of CONFIG_KEY_NAMES) {
        const raw = config.get(key);
        if (raw === undefined) {
            continue;
        }
        const { value, expected } = parseValue(CONFIG_KEYS[key], raw);
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
        }
    }
    if (config.get("vpcId") === undefined) {
        problems.push(`[${CONFIG_NAMESPACE}:vpcId] is required: the id of the VPC holding the database subnets`);
    }
    if (config.get("subnetIds") === undefined) {
        problems.push(`[${CONFIG_NAMESPACE}:subnetIds] is required: a list of at least 2 private subnet ids`);
    }
    const optOuts = args.optOuts as Record<string, string> | undefined;
    for (const name of Object.keys(optOuts ?? {})) {
        if (!(OPT_OUT_NAMES as readonly string[]).includes(name)) {
            problems.push(`[${CONFIG_NAMESPACE}:optOuts.${name}] is not an opt-out; allowed: ${OPT_OUT_NAMES.join(", ")}`);
        }
    }
    if (problems.length > 0) {
        throw new StackConfigError(problems);
    }
    return args as unknown as HardenedPostgresArgs;
}
