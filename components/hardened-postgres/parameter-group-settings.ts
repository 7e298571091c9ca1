import {
    declarableUnconfirmedReads,
    describeRule,
    Family,
    hasConfirmedRdsDefault,
    listEntries,
    mergeListValue,
    RDS_PARAMETER_DEFAULTS,
    REQUIRED_PARAMETERS,
    satisfiesRule,
    SETTINGS_JUDGEMENTS,
} from "../catalog";
import { UserParameter } from "./args";
import { shownValue as show } from "./shown-value";

/** A parameter as `aws.rds.ParameterGroup` takes it. */
export interface DeclaredParameter {
    name: string;
    value: string;
    applyMethod: "immediate" | "pending-reboot";
}

export interface ParameterGroupSettings {
    /** What the group declares: values that differ from the family default (no perpetual diff), and every required parameter whose default is unconfirmed. */
    parameters: DeclaredParameter[];
    /** Effective value of every required parameter (declared or default). */
    effective: Record<string, string>;
}

/** A parameter the group will declare, with the index the user gave it at (undefined: required, not given). */
type ChosenParameter = DeclaredParameter & { index?: number };

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
    const problems: { index: number; message: string }[] = [];
    const defaults = RDS_PARAMETER_DEFAULTS[family];
    /** Each chosen parameter, by lower-case name, with the index the user gave it at (undefined: required, not given). */
    const chosen = new Map<string, ChosenParameter>();
    // Entries can come from plain JavaScript or stack config: check each field's type before using it.
    (userParameters as unknown[]).forEach((entry, index) => {
        const refuse = (field: string, message: string) => problems.push({ index, message: `[parameters[${index}]${field}] ${message}` });
        if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
            refuse("", `${show(entry)} is not a parameter; allowed: {name, value, applyMethod?}`);
            return;
        }
        const { name, value, applyMethod } = entry as Record<string, unknown>;
        if (typeof name !== "string" || !/^[a-z][a-z0-9_.]*$/i.test(name)) {
            refuse(".name", `${show(name)} is not a parameter name; allowed: letters, digits, '_' and '.', starting with a letter`);
            return;
        }
        if (typeof value !== "string") {
            refuse(".value", `${show(value)} is not a string; allowed: the value of '${name}' as a string, e.g. '1'`);
            return;
        }
        if (applyMethod !== undefined && applyMethod !== "immediate" && applyMethod !== "pending-reboot") {
            refuse(".applyMethod", `${show(applyMethod)} is not an apply method for '${name}'; allowed: immediate, pending-reboot`);
            return;
        }
        const key = name.toLowerCase();
        if (chosen.has(key)) {
            refuse(".name", `'${name}' is given more than once; allowed: each parameter once`);
            return;
        }
        // Narrowed by the check above; spelled out so the file also compiles without strictNullChecks (Pulumi's defaults).
        chosen.set(key, { name, value, applyMethod: (applyMethod as "immediate" | "pending-reboot" | undefined) ?? "immediate", index });
    });

    for (const required of REQUIRED_PARAMETERS) {
        const user = chosen.get(required.name);
        if (user === undefined) {
            if (!satisfiesRule(required.rule, defaults[required.name])) {
                chosen.set(required.name, { name: required.name, value: required.desired, applyMethod: required.applyMethod });
            } else if (!hasConfirmedRdsDefault(required, family)) {
                // A compliant default no source confirms is declared anyway, not relied on. If it is RDS's default after
                // all, RDS reports the parameter as unmodified with ApplyMethod pending-reboot and refuses to change only
                // the apply method, so `immediate` would be a perpetual diff (terraform-provider-aws's db_parameter_group
                // "Problematic Plan Changes"); a new instance starts with the group's values either way.
                chosen.set(required.name, { name: required.name, value: required.desired, applyMethod: "pending-reboot" });
            }
            continue;
        }
        if (satisfiesRule(required.rule, user.value)) {
            // A static parameter can only be applied at reboot, whatever the user wrote.
            user.applyMethod = required.applyMethod === "pending-reboot" ? "pending-reboot" : user.applyMethod;
            continue;
        }
        if (required.rule.kind === "listIncludes") {
            // Keep the user's entries, add what the control requires, and keep what the component declares beside it
            // (pg_stat_statements, RDS's own default, which the user's value would otherwise drop).
            user.value = mergeListValue(user.value, [...required.rule.values, ...listEntries(required.desired)]);
            user.applyMethod = required.applyMethod;
            continue;
        }
        const index = user.index as number;
        problems.push({
            index,
            message: `[parameters[${index}]] '${user.name}' = '${user.value}' weakens ${required.control}; allowed: ${describeRule(required.rule)}`,
        });
    }

    // A judged setting whose compliant default is unconfirmed is declared at that value, as a required parameter is,
    // where AWS documents it as an RDS parameter (a name the family's group lacks would fail `pulumi up`).
    for (const read of declarableUnconfirmedReads()) {
        if (!chosen.has(read.name.toLowerCase())) {
            chosen.set(read.name.toLowerCase(), { name: read.name, value: read.rdsDefault, applyMethod: "pending-reboot" });
        }
    }

    // Controls that judge several settings together (e.g. HPG-AUD-06: statement logging only with bound values cut):
    // the user's parameters that take part in a failing judgement weaken that control.
    const effectiveValue = (name: string) => chosen.get(name.toLowerCase())?.value ?? defaults[name.toLowerCase()];
    for (const judgement of SETTINGS_JUDGEMENTS) {
        const failed = judgement.judge(effectiveValue);
        if (failed.length === 0) {
            continue;
        }
        const given = judgement.reads.map((r) => chosen.get(r.name.toLowerCase())).filter((p): p is ChosenParameter => p?.index !== undefined);
        // The family defaults pass every judgement (a test holds them to it), so a failure comes from given parameters.
        const index = Math.min(...given.map((p) => p.index as number));
        problems.push({
            index,
            message: `[parameters] ${given.map((p) => `'${p.name}' = '${p.value}' (parameters[${p.index}])`).join(", ")} ${given.length === 1 ? "weakens" : "weaken"} ${judgement.control}: ${failed.join("; ")}; allowed: ${judgement.fix}`,
        });
    }

    // A value equal to a confirmed family default is left out (nothing to change, no diff); a required parameter whose
    // default is unconfirmed is declared anyway, since nothing may rely on that default.
    const mustDeclare = new Set([...REQUIRED_PARAMETERS.filter((r) => !hasConfirmedRdsDefault(r, family)).map((r) => r.name), ...declarableUnconfirmedReads().map((r) => r.name.toLowerCase())]);
    const parameters = [...chosen.values()]
        .filter((p) => mustDeclare.has(p.name.toLowerCase()) || !sameValue(p.value, defaults[p.name.toLowerCase()]))
        .map(({ name, value, applyMethod }) => ({ name, value, applyMethod }))
        .sort((a, b) => a.name.localeCompare(b.name));

    const effective: Record<string, string> = {};
    for (const required of REQUIRED_PARAMETERS) {
        effective[required.name] = chosen.get(required.name)?.value ?? defaults[required.name];
    }
    // In the order the user gave them, whichever check found them.
    return { settings: { parameters, effective }, problems: problems.sort((a, b) => a.index - b.index).map((p) => p.message) };
}
