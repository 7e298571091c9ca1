import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { clusterParameterGroupFindings, isAuroraPostgresFamily, isPostgresClusterFamily } from "../../kit/plan/cluster-parameter-group";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { ParameterFinding, declaredParameters } from "../../kit/plan/parameter-group";
import { configSchema, configWithDefaults } from "../../kit/plan/policy-config";
import { control } from "./control";

/** Cluster and instance parameter groups declared outside the stack that are known to be hardened; none by default. */
export const CLUSTER_PARAMETER_GROUP_DEFAULTS = { allowedParameterGroups: [] as string[] };

/** RDS's default groups are named `default.<family>`; they can't be changed and have no pgaudit (Aurora's has rds.force_ssl 0). */
const RDS_DEFAULT_GROUP_PREFIX = "default.";

const CLUSTER_KIND = "RDS cluster";
const MEMBER_KIND = "RDS cluster instance";

/** A PostgreSQL cluster or member: engine aurora-postgresql, or postgres (a Multi-AZ DB cluster), any case. */
function isPostgresEngine(resource: PolicyResource): boolean {
    return ["aurora-postgresql", "postgres"].includes(String(resource.props.engine ?? "").toLowerCase());
}

/** Where a cluster's or member's parameter group comes from. */
type GroupSource = { declared: PolicyResource } | { rdsDefault: string } | { allowListed: string } | { undeclared: string };

/**
 * The group `property` names: the declared resource its value comes from (known even while an auto-generated name is
 * unknown during preview), else by name among the declared groups of `type`.
 */
function groupOf(resource: PolicyResource, property: string, type: typeof aws.rds.ClusterParameterGroup | typeof aws.rds.ParameterGroup, groups: PolicyResource[], allowed: string[]): GroupSource {
    const fromDependencies = (resource.propertyDependencies[property] ?? []).filter((r) => r.isType(type));
    if (fromDependencies.length === 1) {
        return { declared: fromDependencies[0] };
    }
    const name: string | undefined = resource.props[property];
    if (name === undefined || name === "" || name.startsWith(RDS_DEFAULT_GROUP_PREFIX)) {
        return { rdsDefault: name ?? "" };
    }
    if (allowed.includes(name)) {
        return { allowListed: name };
    }
    const group = groups.find((g) => g.props.name === name);
    return group !== undefined ? { declared: group } : { undeclared: name };
}

/** The cluster a member belongs to: the declared cluster its clusterIdentifier comes from, else the one of that identifier. */
function clusterOf(member: PolicyResource, clusters: PolicyResource[]): PolicyResource | undefined {
    const fromDependencies = (member.propertyDependencies["clusterIdentifier"] ?? []).filter((r) => r.isType(aws.rds.Cluster));
    if (fromDependencies.length === 1) {
        return fromDependencies[0];
    }
    const identifier: string | undefined = member.props.clusterIdentifier;
    return clusters.find((c) => identifier !== undefined && c.props.clusterIdentifier === identifier);
}

/** The findings as one problem and one fix, naming the failed controls. */
function summary(group: string, failed: ParameterFinding[]): { problem: string; fix: string } {
    const controls = [...new Set(failed.map((f) => f.control))];
    return {
        problem: `${group} fails ${controls.join(", ")} (${failed.map((f) => f.problem).join("; ")})`,
        fix: `fix the group: ${failed.map((f) => `${f.subject}: ${f.fix}`).join("; ")}`,
    };
}

/**
 * HPG-PRM-01 for clusters: a PostgreSQL cluster uses a cluster parameter group declared in the stack (or allow-listed)
 * whose effective values pass every parameter control, never an RDS default group. Each Aurora member is judged with
 * the values RDS gives it: its own group's where that sets a parameter, else its cluster's group's, else the family
 * default ("The DB cluster parameter group also contains default settings for the DB parameter group for the DB
 * instances that make up the cluster", AuroraPostgreSQL.Reference.ParameterGroups).
 */
export const clusterHardenedParameterGroup: ControlPolicy = {
    name: "hpg-prm-01-cluster-hardened-parameter-group",
    judges: "stack: a PostgreSQL `aws.rds.Cluster`'s cluster group is declared in the stack (or allow-listed) and passes every parameter control, `default.*` fails; each `aws.rds.ClusterInstance` with its own group is judged on its group's values over its cluster group's",
    ...controlMetadata(control),
    configSchema: configSchema(CLUSTER_PARAMETER_GROUP_DEFAULTS, {
        allowedParameterGroups: { type: "array", description: "Names of cluster and instance parameter groups not declared in the stack that clusters may use (default.* groups are never allowed)." },
    }),
    // Not validateStackResourcesOfType: the policy reads clusters, members and both kinds of group together.
    validateStack: (args, reportViolation) => {
        const { allowedParameterGroups } = configWithDefaults(CLUSTER_PARAMETER_GROUP_DEFAULTS, args);
        const clusters = args.resources.filter((r) => r.isType(aws.rds.Cluster) && isPostgresEngine(r));
        if (clusters.length === 0) {
            args.notApplicable("the stack declares no PostgreSQL aws.rds.Cluster");
        }
        const clusterGroups = args.resources.filter((r) => r.isType(aws.rds.ClusterParameterGroup));
        const instanceGroups = args.resources.filter((r) => r.isType(aws.rds.ParameterGroup));
        const members = args.resources.filter((r) => r.isType(aws.rds.ClusterInstance) && isPostgresEngine(r));
        for (const cluster of clusters) {
            const report = (problem: string, fix: string) => reportViolation(violation(control.id, CLUSTER_KIND, cluster.name, problem, fix), cluster.urn);
            const source = groupOf(cluster, "dbClusterParameterGroupName", aws.rds.ClusterParameterGroup, clusterGroups, allowedParameterGroups);
            if ("rdsDefault" in source) {
                const shown = source.rdsDefault === "" ? "dbClusterParameterGroupName is not set, so RDS attaches its default cluster group" : `dbClusterParameterGroupName is '${source.rdsDefault}', an RDS default group`;
                report(`${shown}, which has no pgaudit`, "attach a hardened aws.rds.ClusterParameterGroup declared in this stack");
                continue;
            }
            if ("undeclared" in source) {
                report(`cluster parameter group '${source.undeclared}' is not declared in this stack nor allow-listed`, "declare it with aws.rds.ClusterParameterGroup in this stack, or add it to the allowedParameterGroups config");
                continue;
            }
            if ("allowListed" in source) {
                continue;
            }
            const group = source.declared;
            if (!isPostgresClusterFamily(group.props.family)) {
                report(`cluster parameter group '${group.name}' has family '${group.props.family}', not a PostgreSQL cluster family`, "attach an aurora-postgresqlNN (or, for a Multi-AZ DB cluster, postgresNN) cluster parameter group");
                continue;
            }
            const failed = clusterParameterGroupFindings(group.props);
            if (failed.length > 0) {
                const { problem, fix } = summary(`cluster parameter group '${group.name}'`, failed);
                report(problem, fix);
                continue;
            }
            // The cluster's group passes: judge each member whose own group overrides some of it.
            for (const member of members.filter((m) => clusterOf(m, clusters) === cluster)) {
                const reportMember = (problem: string, fix: string) => reportViolation(violation(control.id, MEMBER_KIND, member.name, problem, fix), member.urn);
                const own = groupOf(member, "dbParameterGroupName", aws.rds.ParameterGroup, instanceGroups, allowedParameterGroups);
                if ("rdsDefault" in own || "allowListed" in own) {
                    continue; // a default instance group sets none of what the controls require, so the cluster's group decides
                }
                if ("undeclared" in own) {
                    reportMember(`parameter group '${own.undeclared}' is not declared in this stack nor allow-listed, so what it overrides of the cluster's group is not known`, "declare it with aws.rds.ParameterGroup in this stack, or add it to the allowedParameterGroups config");
                    continue;
                }
                if (!isAuroraPostgresFamily(own.declared.props.family)) {
                    reportMember(`parameter group '${own.declared.name}' has family '${own.declared.props.family}', not an Aurora PostgreSQL family`, "attach an aurora-postgresqlNN parameter group");
                    continue;
                }
                // The member's own declarations over its cluster group's, as RDS resolves them.
                const effective = new Map([...declaredParameters(group.props), ...declaredParameters(own.declared.props)]);
                const combined = { family: group.props.family, parameters: [...effective].map(([name, value]) => ({ name, value })) };
                const memberFailed = clusterParameterGroupFindings(combined);
                if (memberFailed.length > 0) {
                    const { problem, fix } = summary(`parameter group '${own.declared.name}' over cluster parameter group '${group.name}'`, memberFailed);
                    reportMember(problem, fix);
                }
            }
        }
    },
};
