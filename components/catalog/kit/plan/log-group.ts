import * as aws from "@pulumi/aws";
import { Unwrap } from "@pulumi/pulumi";
import { PolicyConfigSchema, ResourceValidationArgs, validateResourceOfType } from "@pulumi/policy";
import type { ControlDefinition } from "../../control";
import { ENHANCED_MONITORING_LOG_GROUP, RDS_LOG_GROUP_PREFIX } from "../../facts/postures";
import { ControlPolicy, controlMetadata, violation } from "./control-policy";
import { configWithDefaults } from "./policy-config";

export type LogGroupInputs = Unwrap<aws.cloudwatch.LogGroupArgs>;

/** Database log groups are the ones RDS writes to; other log groups (applications, Lambda) are not judged. */
export const LOG_GROUP_SCOPE_DEFAULTS = { logGroupPrefixes: [RDS_LOG_GROUP_PREFIX] };

export const LOG_GROUP_SCOPE_SCHEMA: PolicyConfigSchema["properties"] = {
    logGroupPrefixes: {
        type: "array",
        items: { type: "string" },
        default: [...LOG_GROUP_SCOPE_DEFAULTS.logGroupPrefixes],
        description: "Name prefixes of the log groups judged as database log groups.",
    },
};

/**
 * A resource policy over the database log groups: those whose `name` (or `namePrefix`) starts with a configured prefix,
 * and the account's Enhanced Monitoring group (`RDSOSMetrics`), in whichever stack declares it. A group with neither
 * name gets an auto-generated one, which RDS never writes to.
 */
export function logGroupPolicy<T extends object>(
    control: ControlDefinition,
    name: string,
    judges: string,
    defaults: T,
    schema: PolicyConfigSchema["properties"],
    validate: (group: LogGroupInputs, config: T & typeof LOG_GROUP_SCOPE_DEFAULTS, args: ResourceValidationArgs, report: (problem: string, fix: string) => void) => void,
): ControlPolicy {
    const allDefaults = { ...LOG_GROUP_SCOPE_DEFAULTS, ...defaults };
    return {
        name,
        judges,
        ...controlMetadata(control),
        configSchema: { properties: { ...LOG_GROUP_SCOPE_SCHEMA, ...schema } },
        validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, args, reportViolation) => {
            const config = configWithDefaults(allDefaults, args);
            const groupName = group.name ?? group.namePrefix;
            const judged = groupName === ENHANCED_MONITORING_LOG_GROUP || config.logGroupPrefixes.some((prefix) => groupName?.startsWith(prefix) === true);
            if (groupName === undefined || !judged) {
                args.notApplicable(`log group '${groupName ?? args.name}' is not a database log group`);
            }
            validate(group, config, args, (problem, fix) => reportViolation(violation(control.id, "log group", args.name, problem, fix)));
        }),
    };
}
