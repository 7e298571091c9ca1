import * as fs from "fs";
import * as path from "path";
import { EnforcementLevel } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { PackPolicy } from "../../components/catalog/kit/plan/control-policy";
import { CheckInputError } from "./check-program";
import { PolicyPackConfig } from "./evaluate";

/** The levels a policy pack config may set, as `pulumi preview --policy-pack-config` accepts them. */
export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The key that sets every policy's enforcement level; a policy's own entry overrides it (Pulumi's semantics). */
export const ALL_POLICIES_KEY = "all";

/** The JSON-schema keywords `configSchemaProblem` enforces; the pack's schemas use no others (the inventory test holds it). */
export const SUPPORTED_SCHEMA_KEYWORDS: readonly string[] = ["type", "minimum", "maximum", "items", "enum", "default", "description"];

const show = (v: unknown): string => JSON.stringify(v);

/** "an integer ≥ 1", "an array of strings": what a schema accepts, for messages. */
function describeSchema(schema: PolicyConfigJSONSchema): string {
    const bounds = [schema.minimum !== undefined ? `≥ ${schema.minimum}` : "", schema.maximum !== undefined ? `≤ ${schema.maximum}` : ""].filter((b) => b !== "").join(" and ");
    switch (schema.type) {
        case "integer":
            return `an integer${bounds ? ` ${bounds}` : ""}`;
        case "number":
            return `a number${bounds ? ` ${bounds}` : ""}`;
        case "array": {
            const items = typeof schema.items === "object" && !Array.isArray(schema.items) ? schema.items : undefined;
            return items?.type !== undefined ? `an array of ${items.type}s` : "an array";
        }
        default:
            return schema.enum !== undefined ? `one of ${schema.enum.map(show).join(", ")}` : `a ${String(schema.type)}`;
    }
}

/** Whether `value` satisfies the subset of JSON schema this pack's config schemas use (SUPPORTED_SCHEMA_KEYWORDS). */
function satisfies(value: unknown, schema: PolicyConfigJSONSchema): boolean {
    const typeOk =
        schema.type === undefined ||
        (schema.type === "integer" && Number.isInteger(value)) ||
        (schema.type === "number" && typeof value === "number" && Number.isFinite(value)) ||
        (schema.type === "string" && typeof value === "string") ||
        (schema.type === "boolean" && typeof value === "boolean") ||
        (schema.type === "array" && Array.isArray(value));
    if (!typeOk) {
        return false;
    }
    if (typeof value === "number" && ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum))) {
        return false;
    }
    if (schema.enum !== undefined && !schema.enum.some((e) => e === value)) {
        return false;
    }
    const items = schema.items;
    return !Array.isArray(value) || typeof items !== "object" || Array.isArray(items) || value.every((item) => satisfies(item, items));
}

/** Every problem of one policy's entry, each naming `[policy.key]`. */
function entryProblems(policyName: string, entry: unknown, policy: PackPolicy | undefined): string[] {
    const levelProblem = (level: unknown, where: string) =>
        typeof level === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(level)
            ? []
            : [`[${where}] ${show(level)} is not an enforcement level; allowed: ${ENFORCEMENT_LEVELS.join(", ")}`];
    if (typeof entry === "string") {
        return levelProblem(entry, policyName);
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
        return [`[${policyName}] ${show(entry)} must be an enforcement level or an object of config keys`];
    }
    const properties = policy?.configSchema?.properties ?? {};
    const allowed = ["enforcementLevel", ...Object.keys(properties)];
    return Object.entries(entry).flatMap(([key, value]) => {
        if (key === "enforcementLevel") {
            return levelProblem(value, `${policyName}.${key}`);
        }
        const schema = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : undefined;
        if (schema === undefined) {
            return [`[${policyName}.${key}] is not a config key of ${policyName}; allowed: ${allowed.join(", ")}`];
        }
        return typeof schema === "boolean" || satisfies(value, schema) ? [] : [`[${policyName}.${key}] must be ${describeSchema(schema)}, got ${show(value)}`];
    });
}

/**
 * Validates a policy pack config against the pack: known policy names (or `all`), enforcement levels, and each key
 * against its policy's configSchema. `all` is folded into every policy's entry, so evaluation needs no special case.
 */
export function validatePolicyPackConfig(config: unknown, policies: readonly PackPolicy[]): { config: PolicyPackConfig; problems: string[] } {
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        return { config: {}, problems: [`must be a JSON object keyed by policy name, got ${show(config)}`] };
    }
    const byName = new Map(policies.map((p) => [p.name, p]));
    const problems: string[] = [];
    for (const [name, entry] of Object.entries(config)) {
        if (name === ALL_POLICIES_KEY) {
            // `all` takes an enforcement level only: no policy's config keys apply to every policy.
            problems.push(...entryProblems(name, entry, undefined));
        } else if (!byName.has(name)) {
            problems.push(`[${name}] is not a policy of this pack; allowed: ${ALL_POLICIES_KEY} or a policy name from policies/README.md`);
        } else {
            problems.push(...entryProblems(name, entry, byName.get(name)));
        }
    }
    if (problems.length > 0) {
        return { config: {}, problems };
    }
    const raw = config as Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;
    const allEntry = raw[ALL_POLICIES_KEY];
    const allLevel = typeof allEntry === "string" ? allEntry : allEntry?.enforcementLevel;
    const resolved: PolicyPackConfig = {};
    for (const policy of policies) {
        const own = raw[policy.name];
        const entry = typeof own === "string" ? { enforcementLevel: own } : { ...own };
        if (entry.enforcementLevel === undefined && allLevel !== undefined) {
            entry.enforcementLevel = allLevel;
        }
        if (Object.keys(entry).length > 0) {
            resolved[policy.name] = entry;
        }
    }
    return { config: resolved, problems: [] };
}

/**
 * Reads a `--policy-pack-config` file (the JSON `pulumi preview --policy-pack-config` takes) and validates it against
 * the pack. Throws CheckInputError naming the file and every `[policy.key]` at fault.
 */
export function readPolicyPackConfig(file: string, policies: readonly PackPolicy[], cwd = process.cwd()): PolicyPackConfig {
    const fullPath = path.resolve(cwd, file);
    if (!fs.existsSync(fullPath) || !fs.statSync(fullPath).isFile()) {
        throw new CheckInputError(`policy pack config '${file}' does not exist`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(fullPath, "utf8"));
    } catch (e) {
        throw new CheckInputError(`policy pack config '${file}' is not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    const { config, problems } = validatePolicyPackConfig(parsed, policies);
    if (problems.length > 0) {
        throw new CheckInputError(`policy pack config '${file}': ${problems.join("; ")}`);
    }
    return config;
}
