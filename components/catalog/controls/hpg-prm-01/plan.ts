import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { REQUIRED_PARAMETERS, describeRule, satisfiesRule } from "../..";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { declaredParameters, isPostgresFamily, parameterFindings } from "../../kit/plan/parameter-group";
import { configSchema, configWithDefaults } from "../../kit/plan/policy-config";
import { INSTANCE_KIND, isAuroraMember, isCrossRegionReplica, isPostgresInstance, isReadReplica, replicaSourceIn } from "../../kit/plan/rds-instance";
import { control } from "./control";

/** Parameter groups declared outside the stack that are known to be hardened; none by default. */
export const PARAMETER_GROUP_DEFAULTS = { allowedParameterGroups: [] as string[] };

/** RDS's default groups are named `default.<family>`; they can't be changed and have no pgaudit. */
const RDS_DEFAULT_GROUP_PREFIX = "default.";

/**
 * The declared group an instance's parameterGroupName comes from. During preview the name is often unknown (an
 * auto-named group's output), but the engine still reports which resource the property depends on.
 */
function groupFromDependencies(instance: PolicyResource): PolicyResource | undefined {
    const groups = (instance.propertyDependencies["parameterGroupName"] ?? []).filter((r) => r.isType(aws.rds.ParameterGroup));
    return groups.length === 1 ? groups[0] : undefined;
}

/**
 * What an Aurora member's own parameter group declares against a required parameter. Only declared values are judged:
 * what the group leaves undeclared comes from the cluster's parameter group, which is judged with the cluster (not yet).
 */
function declaredWeakenings(group: PolicyResource): { problem: string; fix: string }[] {
    const declared = declaredParameters(group.props);
    return REQUIRED_PARAMETERS.filter((p) => declared.has(p.name.toLowerCase()) && !satisfiesRule(p.rule, declared.get(p.name.toLowerCase()))).map((p) => ({
        problem: `${p.control}: ${p.name} is '${declared.get(p.name.toLowerCase())}'`,
        fix: `${p.name}: set it to ${describeRule(p.rule)}`,
    }));
}

/** HPG-PRM-01: every instance's parameter group is declared in the stack and passes every parameter control, or is allow-listed. */
export const hardenedParameterGroup: ControlPolicy = {
    name: "hpg-prm-01-hardened-parameter-group",
    judges: "stack: the instance's group is declared in the stack and passes every parameter control, or is allow-listed; `default.*` always fails. An Aurora member: what its own group declares (its cluster's group is not judged yet)",
    ...controlMetadata(control),
    configSchema: configSchema(PARAMETER_GROUP_DEFAULTS, {
        allowedParameterGroups: { type: "array", description: "Names of parameter groups not declared in the stack that instances may use (default.* groups are never allowed)." },
    }),
    // Not validateStackResourcesOfType: the policy reads instances and parameter groups together, and that helper keeps one type.
    validateStack: (args, reportViolation) => {
        const { allowedParameterGroups } = configWithDefaults(PARAMETER_GROUP_DEFAULTS, args);
        const instances = args.resources.filter((r) => r.isType(aws.rds.Instance) && isPostgresInstance(r.props));
        if (instances.length === 0) {
            args.notApplicable("the stack declares no PostgreSQL aws.rds.Instance");
        }
        const groups = args.resources.filter((r) => r.isType(aws.rds.ParameterGroup));
        for (const instance of instances) {
            const report = (problem: string, fix: string) => reportViolation(violation(control.id, INSTANCE_KIND, instance.name, problem, fix), instance.urn);
            // An Aurora member without a group of its own, or on a default one, takes its settings from its cluster's group.
            const auroraMember = isAuroraMember(instance.props);
            let group = groupFromDependencies(instance);
            if (group === undefined) {
                const name: string | undefined = instance.props.parameterGroupName;
                if (auroraMember && (name === undefined || name === "" || name.startsWith(RDS_DEFAULT_GROUP_PREFIX))) {
                    continue;
                }
                // CreateDBInstanceReadReplica DBParameterGroupName: unset, a replica in its source's region takes the source's group, judged with the source.
                if ((name === undefined || name === "") && isReadReplica(instance.props) && isCrossRegionReplica(instance, args.resources) === false && replicaSourceIn(instance, args.resources) !== undefined) {
                    continue;
                }
                if (name === undefined || name === "") {
                    report("parameterGroupName is not set, so RDS attaches its default group, which has no pgaudit", "attach a hardened aws.rds.ParameterGroup declared in this stack");
                    continue;
                }
                if (name.startsWith(RDS_DEFAULT_GROUP_PREFIX)) {
                    report(`parameterGroupName is '${name}', an RDS default group, which has no pgaudit`, "attach a hardened aws.rds.ParameterGroup declared in this stack");
                    continue;
                }
                if (allowedParameterGroups.includes(name)) {
                    continue;
                }
                group = groups.find((g) => g.props.name === name);
                if (group === undefined) {
                    report(`parameter group '${name}' is not declared in this stack nor allow-listed`, "declare it with aws.rds.ParameterGroup in this stack, or add it to the allowedParameterGroups config");
                    continue;
                }
            }
            if (auroraMember) {
                const weakened = declaredWeakenings(group);
                if (weakened.length > 0) {
                    report(`parameter group '${group.name}' declares ${weakened.map((w) => w.problem).join("; ")}`, `fix the group: ${weakened.map((w) => w.fix).join("; ")}`);
                }
                continue;
            }
            if (!isPostgresFamily(group.props.family)) {
                report(`parameter group '${group.name}' has family '${group.props.family}', not an RDS PostgreSQL family`, "attach a postgresNN parameter group");
                continue;
            }
            const failed = parameterFindings(group.props);
            if (failed.length > 0) {
                const controls = [...new Set(failed.map((f) => f.control))];
                report(
                    `parameter group '${group.name}' fails ${controls.join(", ")} (${failed.map((f) => f.problem).join("; ")})`,
                    `fix the group: ${failed.map((f) => `${f.subject}: ${f.fix}`).join("; ")}`,
                );
            }
        }
    },
};
