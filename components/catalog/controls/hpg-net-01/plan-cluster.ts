import { RESOURCE_DEFAULTS, judgedValue } from "../../facts/resource-defaults";
import { clusterPolicy, isMultiAzDbCluster } from "../../kit/plan/rds-cluster";
import { control } from "./control";

/** HPG-NET-01 on clusters: no member of an Aurora PostgreSQL or Multi-AZ DB cluster has a public endpoint. */
export const clusterNotPubliclyAccessible = clusterPolicy({
    control,
    name: "hpg-net-01-cluster-not-publicly-accessible",
    judges: "`aws.rds.ClusterInstance`: not `publiclyAccessible`; Multi-AZ DB cluster (engine postgres): a `dbSubnetGroupName` other than `default`",
    clusterInstance: (member, _args, report) => {
        if (judgedValue(RESOURCE_DEFAULTS.clusterInstancePubliclyAccessible, member.publiclyAccessible) === true) {
            report("publiclyAccessible is true, so the endpoint resolves to a public IP", "set publiclyAccessible: false and reach it from private subnets");
        }
    },
    cluster: (cluster, _args, report) => {
        // aws.rds.Cluster (v7) has no publiclyAccessible, so a Multi-AZ DB cluster gets CreateDBCluster's default:
        // public without a DB subnet group or with the `default` one (CreateDBCluster PubliclyAccessible).
        if (isMultiAzDbCluster(cluster)) {
            const subnetGroup = cluster.dbSubnetGroupName;
            if (subnetGroup === undefined || subnetGroup === "" || subnetGroup.toLowerCase() === "default") {
                report(
                    `dbSubnetGroupName is ${subnetGroup === undefined || subnetGroup === "" ? "not set" : "'default'"}, so RDS makes the Multi-AZ DB cluster publicly accessible`,
                    "set dbSubnetGroupName to a DB subnet group of private subnets",
                );
            }
        }
    },
});
