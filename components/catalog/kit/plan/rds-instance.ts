import * as aws from "@pulumi/aws";
import { Unwrap } from "@pulumi/pulumi";
import { PolicyConfigSchema, ReportViolation, ResourceValidationArgs, validateResourceOfType } from "@pulumi/policy";
import type { ControlDefinition, OptOutName } from "../../control";
import { POSTURE_PROFILES, PostureProfile } from "../../facts/postures";
import { POSTURE_TAG, optOutTag } from "../../facts/tags";
import { optOutWaivers } from "./opt-out-waivers";
import { Posture } from "../../facts/types";
import { ControlPolicy, controlMetadata, violation } from "./control-policy";

/** An aws.rds.Instance's inputs as policies see them: plain values, unknowns raise UnknownValueError during preview. */
export type InstanceInputs = Unwrap<aws.rds.InstanceArgs>;

/** How messages name an instance. */
export const INSTANCE_KIND = "RDS instance";

/**
 * Whether the instance runs PostgreSQL. An instance without `engine` (a replica or a restore) is judged too:
 * failing closed is safer than skipping a database we cannot prove is not PostgreSQL.
 */
export function isPostgresInstance(instance: { engine?: string }): boolean {
    return instance.engine === undefined || instance.engine === "postgres";
}

/** The posture an instance's `compliance-posture` tag names, if it names one. */
export function postureProfileOf(tags: Record<string, string> | undefined): PostureProfile | undefined {
    const value = tags?.[POSTURE_TAG];
    return value !== undefined && Object.prototype.hasOwnProperty.call(POSTURE_PROFILES, value) ? POSTURE_PROFILES[value as Posture] : undefined;
}

/** AWS-managed keys are addressed by `alias/aws/<service>` (bare or as an alias ARN); a customer cannot rotate or restrict them. */
export function isAwsManagedKeyAlias(keyId: string): boolean {
    return /(^|:)alias\/aws\//.test(keyId);
}

/**
 * Reports one problem with the instance being validated; the message carries the control id, the instance's name and
 * the fix. A problem that a named opt-out of the control may accept names it in `waivableBy`: the problem is not a
 * violation when the instance carries that opt-out's tag with a reason (the pack's waiver report lists it instead).
 */
export type ReportProblem = (problem: string, fix: string, waivableBy?: OptOutName) => void;

/** Everything a per-instance policy declares beyond its control: its name, optional config and the check itself. */
export interface InstancePolicySpec {
    control: ControlDefinition;
    name: string;
    /** What the policy reads, in one line for the policy table. */
    judges: string;
    /** Only for a policy that checks a convention beyond what its control requires: its own, lower level. */
    enforcementLevel?: "advisory";
    configSchema?: PolicyConfigSchema;
    validate: (instance: InstanceInputs, args: ResourceValidationArgs, report: ReportProblem) => void;
}

/** A resource policy over PostgreSQL aws.rds.Instance resources, carrying its control's catalog metadata. */
export function instancePolicy(spec: InstancePolicySpec): ControlPolicy {
    return {
        name: spec.name,
        judges: spec.judges,
        ...controlMetadata(spec.control),
        ...(spec.enforcementLevel !== undefined ? { enforcementLevel: spec.enforcementLevel } : {}),
        ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
        validateResource: validateResourceOfType(aws.rds.Instance, (instance, args, reportViolation: ReportViolation) => {
            if (!isPostgresInstance(instance)) {
                args.notApplicable(`engine '${instance.engine}' is not PostgreSQL`);
            }
            const waivers = optOutWaivers(instance.tags);
            spec.validate(instance, args, (problem, fix, waivableBy) => {
                const waived = waivableBy !== undefined && (spec.control.optOuts ?? []).some((o) => o.name === waivableBy) && waivers.has(waivableBy);
                if (!waived) {
                    reportViolation(violation(spec.control.id, INSTANCE_KIND, args.name, problem, `${fix}${waivableBy !== undefined ? ` (or waive it: tag ${optOutTag(waivableBy)} with the reason)` : ""}`));
                }
            });
        }),
    };
}
