import {
    describeRule,
    Family,
    mergeListValue,
    RDS_PARAMETER_DEFAULTS,
    REQUIRED_PARAMETERS,
    satisfiesRule,
} from "../catalog";
import { UserParameter } from "./args";

/** A parameter as `aws.rds.ParameterGroup` takes it. */
export interface DeclaredParameter {
    name: string;
    value: string;
    applyMethod: "immediate" | "pending-reboot";
}

export interface ParameterGroupSettings {
    /** What the group declares: only values that differ from the family default (no perpetual diff). */
    parameters: DeclaredParameter[];
    /** Effective value of every required parameter (declared or default). */
    effective: Record<string, string>;
}

/** Normalised comparison of two parameter values (RDS compares case-insensitively for enums and booleans). */
function sameValue(a: string | undefined, b: string | undefined): boolean {
    return (a ?? "").trim().toLowerCase() === (b ?? "").trim().toLowerCase();
}

/**
 * The parameters a hardened group of `family` declares, given the user's extra parameters.
 * A user value that weakens a required parameter is an error (never a silent drop); a list parameter
 * (shared_preload_libraries) keeps the user's entries and adds the required ones.
 * Returns problems instead of throwing so the caller can report every bad argument at once.
 */
export function parameterGroupSettings(family: Family, userParameters: UserParameter[] = []): { settings: ParameterGroupSettings; problems: string[] } {
    const problems: string[] = [];
    const defaults = RDS_PARAMETER_DEFAULTS[family];
    const chosen = new Map<string, DeclaredParameter>();

    userParameters.forEach((p, i) => {
        const field = `[parameters[${i}]]`;
        if (typeof p?.name !== "string" || !/^[a-z][a-z0-9_.]*$/i.test(p.name)) {
            problems.push(`${field} name '${String(p?.name)}' is not a parameter name (letters, digits, '_' and '.')`);
            return;
        }
        if (typeof p.value !== "string") {
            problems.push(`${field} value of '${p.name}' must be a string, got ${JSON.stringify(p.value)}`);
            return;
        }
        if (p.applyMethod !== undefined && p.applyMethod !== "immediate" && p.applyMethod !== "pending-reboot") {
            problems.push(`${field} applyMethod of '${p.name}' is '${String(p.applyMethod)}'; allowed: immediate, pending-reboot`);
            return;
        }
        const key = p.name.toLowerCase();
        if (chosen.has(key)) {
            problems.push(`${field} '${p.name}' is given more than once`);
            return;
        }
        chosen.set(key, { name: p.name, value: p.value, applyMethod: p.applyMethod ?? "immediate" });
    });

    for (const required of REQUIRED_PARAMETERS) {
        const user = chosen.get(required.name);
        if (user === undefined) {
            if (!satisfiesRule(required.rule, defaults[required.name])) {
                chosen.set(required.name, { name: required.name, value: required.desired, applyMethod: required.applyMethod });
            }
            continue;
        }
        if (satisfiesRule(required.rule, user.value)) {
            // A static parameter can only be applied at reboot, whatever the user wrote.
            user.applyMethod = required.applyMethod === "pending-reboot" ? "pending-reboot" : user.applyMethod;
            continue;
        }
        if (required.rule.kind === "listIncludes") {
            user.value = mergeListValue(user.value, required.rule.values);
            user.applyMethod = required.applyMethod;
            continue;
        }
        const index = userParameters.findIndex((p) => p.name.toLowerCase() === required.name);
        problems.push(
            `[parameters[${index}]] '${required.name}' = '${user.value}' weakens ${required.control}; allowed: ${describeRule(required.rule)}`,
        );
    }

    // Declaring a value equal to the family default makes a perpetual diff (terraform-provider-aws#23335).
    const parameters = [...chosen.values()]
        .filter((p) => !sameValue(p.value, defaults[p.name.toLowerCase()]))
        .sort((a, b) => a.name.localeCompare(b.name));

    const effective: Record<string, string> = {};
    for (const required of REQUIRED_PARAMETERS) {
        effective[required.name] = chosen.get(required.name)?.value ?? defaults[required.name];
    }
    return { settings: { parameters, effective }, problems };
}
