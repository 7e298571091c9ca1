import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { describeRegion, regionOf, sameRegion } from "../../kit/plan/resource-region";
import { control } from "./control";

/** How messages name a cluster. */
const CLUSTER_KIND = "RDS cluster";

/**
 * The log group a DB cluster exports `logType` to (Aurora and Multi-AZ DB clusters alike): RDS creates it itself,
 * never-expiring and unencrypted, unless it exists first
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html).
 */
export function rdsClusterLogGroupName(clusterIdentifier: string, logType: string): string {
    return `/aws/rds/cluster/${clusterIdentifier}/${logType}`;
}

/** A PostgreSQL cluster: Aurora PostgreSQL, or a Multi-AZ DB cluster (engine `postgres`), any case. */
function isPostgresCluster(cluster: { engine?: string }): boolean {
    return ["aurora-postgresql", "postgres"].includes((cluster.engine ?? "").toLowerCase());
}

/** A group of the wanted name in another region is not the one RDS writes to; RDS creates its own in the cluster's region. */
function regionMismatch(group: PolicyResource, cluster: PolicyResource, wanted: string): string {
    const groupRegion = regionOf(group);
    const clusterRegion = regionOf(cluster);
    const known = sameRegion(groupRegion, clusterRegion) === false;
    return violation(
        control.id,
        "log group",
        group.name,
        `is in ${describeRegion(groupRegion)} but RDS cluster '${cluster.name}', which exports to '${wanted}', is in ${describeRegion(clusterRegion)}, so RDS ${known ? "creates" : "may create"} its own group there, never-expiring and unencrypted`,
        "region" in clusterRegion
            ? `declare the log group in ${clusterRegion.region} (its region argument, or the cluster's provider)`
            : "give the log group and the cluster the same region (the same provider, or the same region argument)",
    );
}

/**
 * HPG-LOG-04 for clusters: every log group a PostgreSQL cluster exports to (`/aws/rds/cluster/<clusterIdentifier>/<type>`)
 * is declared in the stack, in the cluster's region, and created before the cluster. HPG-LOG-02 and HPG-LOG-03 judge
 * the declared group's retention and key, as for any `/aws/rds/` group.
 */
export const clusterLogGroupsDeclared: ControlPolicy = {
    name: "hpg-log-04-cluster-log-groups-declared",
    judges: "stack: each exported type's `/aws/rds/cluster/<clusterIdentifier>/<type>` group of a PostgreSQL `aws.rds.Cluster` is declared in the cluster's region, and the cluster depends on it",
    ...controlMetadata(control),
    // Not validateStackResourcesOfType: the policy reads clusters and log groups together, and that helper keeps one type.
    validateStack: (args, reportViolation) => {
        const clusters = args.resources.filter((r) => r.isType(aws.rds.Cluster) && isPostgresCluster(r.props));
        if (clusters.length === 0) {
            args.notApplicable("the stack declares no PostgreSQL aws.rds.Cluster");
        }
        const logGroups = args.resources.filter((r) => r.isType(aws.cloudwatch.LogGroup));
        for (const cluster of clusters) {
            const exported: string[] = [...(cluster.props.enabledCloudwatchLogsExports ?? [])];
            if (exported.length === 0) {
                continue; // HPG-LOG-01 judges what a cluster exports
            }
            const report = (problem: string, fix: string) => reportViolation(violation(control.id, CLUSTER_KIND, cluster.name, problem, fix), cluster.urn);
            const identifier: string | undefined = cluster.props.clusterIdentifier;
            if (identifier === undefined || identifier === "") {
                report("clusterIdentifier is not set, so its log group names are not known before RDS creates them", "set clusterIdentifier and declare its log groups");
                continue;
            }
            const clusterRegion = regionOf(cluster);
            for (const type of exported) {
                const wanted = rdsClusterLogGroupName(identifier, type);
                // Reading every group's name keeps @pulumi/policy's preview semantics: an unknown name could be the one.
                const named = logGroups.filter((g) => g.props.name === wanted);
                const group = named.find((g) => sameRegion(regionOf(g), clusterRegion) === true);
                const elsewhere = named.find((g) => sameRegion(regionOf(g), clusterRegion) !== true);
                if (group === undefined && elsewhere !== undefined) {
                    reportViolation(regionMismatch(elsewhere, cluster, wanted), elsewhere.urn);
                } else if (group === undefined) {
                    report(
                        `exports '${type}' logs but log group '${wanted}' is not declared in this stack, so RDS creates it never-expiring and unencrypted`,
                        `declare aws.cloudwatch.LogGroup '${wanted}' (retention and kmsKeyId set) and make the cluster depend on it`,
                    );
                } else if (!cluster.dependencies.includes(group)) {
                    report(`does not depend on log group '${wanted}', so RDS may create the group first`, "add the log group to the cluster's dependsOn");
                }
            }
        }
    },
};
