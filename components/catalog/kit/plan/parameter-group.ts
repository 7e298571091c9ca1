import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import type { ControlDefinition, ControlId } from "../../control";
import { describeRule, satisfiesRule } from "../../facts/parameters";
import { FAMILIES, Family } from "../../facts/types";
import { REQUIRED_PARAMETERS, confirmedRdsParameterDefaults, judgementsOf } from "../../required-parameters";
import { ControlPolicy, controlMetadata, violation } from "./control-policy";

/** How messages name a parameter group. */
export const PARAMETER_GROUP_KIND = "parameter group";

/** A parameter group's inputs as far as the pack reads them. */
export interface ParameterGroupInputs {
    family?: string;
    parameters?: { name?: string; value?: string }[];
}

/** One required parameter, or one settings judgement, that the group's effective values fail. */
export interface ParameterFinding {
    control: ControlId;
    /** The parameter (or, for a judgement, the parameters it reads) the finding is about. */
    subject: string;
    /** What is wrong, e.g. "ssl_min_protocol_version is 'TLSv1.1'". */
    problem: string;
    /** The fix, e.g. "set it to TLSv1.2 or higher". */
    fix: string;
}

/** Parameter group policies judge only RDS PostgreSQL families (`postgres14`, ...), not aurora-postgresql or other engines. */
export function isPostgresFamily(family: string | undefined): boolean {
    return family !== undefined && /^postgres\d+$/.test(family);
}

/** The declared parameters by lower-case name; a later declaration of the same name wins, as in the AWS API call. */
export function declaredParameters(group: ParameterGroupInputs): Map<string, string> {
    const declared = new Map<string, string>();
    for (const p of group.parameters ?? []) {
        if (p.name !== undefined && p.value !== undefined) {
            declared.set(p.name.toLowerCase(), String(p.value));
        }
    }
    return declared;
}

/**
 * The required parameters and settings judgements (of one control, or all) whose effective value fails: the declared
 * value, or else the family's RDS default from the catalog. A setting without a confirmed default (an unconfirmed one,
 * or any in a family the catalog doesn't support) must be declared: assuming a compliant default could pass a weak group.
 */
export function parameterFindings(group: ParameterGroupInputs, controlId?: ControlId): ParameterFinding[] {
    const family = group.family ?? "";
    const defaults: Readonly<Record<string, string>> = (FAMILIES as readonly string[]).includes(family) ? confirmedRdsParameterDefaults(family as Family) : {};
    const declared = declaredParameters(group);
    const known = (name: string) => declared.has(name) || Object.prototype.hasOwnProperty.call(defaults, name);
    const value = (name: string) => (declared.has(name) ? declared.get(name) : Object.prototype.hasOwnProperty.call(defaults, name) ? defaults[name] : undefined);
    const noDefault = `the catalog has no confirmed RDS default for family '${family}'`;
    const findings: ParameterFinding[] = [];
    for (const parameter of REQUIRED_PARAMETERS) {
        if (controlId !== undefined && parameter.control !== controlId) {
            continue;
        }
        const fix = `set it to ${describeRule(parameter.rule)}`;
        const name = parameter.name.toLowerCase();
        if (!known(name)) {
            findings.push({ control: parameter.control, subject: parameter.name, problem: `${parameter.name} is not declared and ${noDefault}`, fix: `declare it: ${fix}` });
        } else if (!satisfiesRule(parameter.rule, value(name))) {
            const shown = declared.has(name) ? `is '${value(name)}'` : `is not declared, so it is the ${family} default '${value(name) ?? ""}'`;
            findings.push({ control: parameter.control, subject: parameter.name, problem: `${parameter.name} ${shown}`, fix });
        }
    }
    for (const judgement of judgementsOf(controlId)) {
        const subject = judgement.reads.map((r) => r.name).join(", ");
        const unknown = judgement.reads.filter((r) => !known(r.name.toLowerCase())).map((r) => r.name);
        if (unknown.length > 0) {
            findings.push({ control: judgement.control, subject, problem: `${unknown.join(", ")} not declared and ${noDefault}`, fix: `declare them: ${judgement.fix}` });
            continue;
        }
        for (const problem of judgement.judge((name) => value(name.toLowerCase()))) {
            findings.push({ control: judgement.control, subject, problem, fix: judgement.fix });
        }
    }
    return findings;
}

/** A problem a control finds in a group beyond its required parameters and judgements (e.g. a value the family can't honour). */
export type ExtraParameterGroupCheck = (group: ParameterGroupInputs) => Pick<ParameterFinding, "problem" | "fix">[];

/**
 * A resource policy over aws.rds.ParameterGroup (postgres families) for every required parameter of one control,
 * plus the control's `extra` checks.
 */
export function parameterGroupPolicy(control: ControlDefinition, name: string, judges: string, extra: ExtraParameterGroupCheck = () => []): ControlPolicy {
    return {
        name,
        judges,
        ...controlMetadata(control),
        validateResource: validateResourceOfType(aws.rds.ParameterGroup, (group, args, reportViolation) => {
            if (!isPostgresFamily(group.family)) {
                args.notApplicable(`family '${group.family}' is not an RDS PostgreSQL family`);
            }
            for (const finding of [...parameterFindings(group, control.id), ...extra(group)]) {
                reportViolation(violation(control.id, PARAMETER_GROUP_KIND, args.name, finding.problem, finding.fix));
            }
        }),
    };
}
