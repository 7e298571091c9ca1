import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { rdsLogGroupName } from "../..";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { INSTANCE_KIND, isAuroraMember, isPostgresInstance } from "../../kit/plan/rds-instance";
import { describeRegion, regionOf, sameRegion } from "../../kit/plan/resource-region";
import { control } from "./control";

/**
 * The log group RDS writes to must be in the instance's region: a group of that name in another region is not the one,
 * and RDS creates its own, never-expiring and unencrypted, in the instance's region.
 */
function regionMismatch(group: PolicyResource, instance: PolicyResource, wanted: string): string {
    const groupRegion = regionOf(group);
    const instanceRegion = regionOf(instance);
    const known = sameRegion(groupRegion, instanceRegion) === false;
    return violation(
        control.id,
        "log group",
        group.name,
        `is in ${describeRegion(groupRegion)} but RDS instance '${instance.name}', which exports to '${wanted}', is in ${describeRegion(instanceRegion)}, so RDS ${known ? "creates" : "may create"} its own group there, never-expiring and unencrypted`,
        "region" in instanceRegion
            ? `declare the log group in ${instanceRegion.region} (its region argument, or the instance's provider)`
            : "give the log group and the instance the same region (the same provider, or the same region argument)",
    );
}

/**
 * HPG-LOG-04: every log group an instance exports to is declared in the stack, in the instance's region, and created
 * before the instance. Otherwise RDS creates `/aws/rds/instance/<identifier>/<type>` itself: never expiring and
 * unencrypted. An Aurora member's logs go to its cluster's groups (`/aws/rds/cluster/…`), judged with the cluster.
 */
export const logGroupsDeclared: ControlPolicy = {
    name: "hpg-log-04-log-groups-declared",
    judges: "stack: each exported type's `/aws/rds/instance/<identifier>/<type>` group is declared in the instance's region (its `region`, else its provider's), and the instance depends on it",
    ...controlMetadata(control),
    // Not validateStackResourcesOfType: the policy reads instances and log groups together, and that helper keeps one type.
    validateStack: (args, reportViolation) => {
        const instances = args.resources.filter((r) => r.isType(aws.rds.Instance) && isPostgresInstance(r.props) && !isAuroraMember(r.props));
        if (instances.length === 0) {
            args.notApplicable("the stack declares no PostgreSQL aws.rds.Instance");
        }
        const logGroups = args.resources.filter((r) => r.isType(aws.cloudwatch.LogGroup));
        for (const instance of instances) {
            const exported: string[] = [...(instance.props.enabledCloudwatchLogsExports ?? [])];
            if (exported.length === 0) {
                continue;
            }
            const identifier: string | undefined = instance.props.identifier;
            if (identifier === undefined || identifier === "") {
                reportViolation(
                    violation(control.id, INSTANCE_KIND, instance.name, "identifier is not set, so its log group names are not known before RDS creates them", "set identifier and declare its log groups"),
                    instance.urn,
                );
                continue;
            }
            for (const type of exported) {
                const wanted = rdsLogGroupName(identifier, type);
                // Reading every group's name keeps @pulumi/policy's preview semantics: an unknown name could be the one.
                const named = logGroups.filter((g) => g.props.name === wanted);
                const instanceRegion = regionOf(instance);
                const group = named.find((g) => sameRegion(regionOf(g), instanceRegion) === true);
                const elsewhere = named.find((g) => sameRegion(regionOf(g), instanceRegion) !== true);
                if (group === undefined && elsewhere !== undefined) {
                    reportViolation(regionMismatch(elsewhere, instance, wanted), elsewhere.urn);
                } else if (group === undefined) {
                    reportViolation(
                        violation(
                            control.id,
                            INSTANCE_KIND,
                            instance.name,
                            `exports '${type}' logs but log group '${wanted}' is not declared in this stack, so RDS creates it never-expiring and unencrypted`,
                            `declare aws.cloudwatch.LogGroup '${wanted}' (retention and kmsKeyId set) and make the instance depend on it`,
                        ),
                        instance.urn,
                    );
                } else if (!instance.dependencies.includes(group)) {
                    reportViolation(
                        violation(
                            control.id,
                            INSTANCE_KIND,
                            instance.name,
                            `does not depend on log group '${wanted}', so RDS may create the group first`,
                            `add the log group to the instance's dependsOn`,
                        ),
                        instance.urn,
                    );
                }
            }
        }
    },
};
