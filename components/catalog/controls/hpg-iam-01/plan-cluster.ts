import { clusterPolicy } from "../../kit/plan/rds-cluster";
import { control } from "./control";

/** HPG-IAM-01 (advisory) on clusters: IAM database authentication is a cluster setting for Aurora and Multi-AZ DB clusters. */
export const clusterIamAuth = clusterPolicy({
    control,
    name: "hpg-iam-01-cluster-iam-auth",
    judges: "`aws.rds.Cluster`: `iamDatabaseAuthenticationEnabled`",
    cluster: (cluster, _args, report) => {
        if (cluster.iamDatabaseAuthenticationEnabled !== true) {
            report("iamDatabaseAuthenticationEnabled is not true", "set iamDatabaseAuthenticationEnabled: true");
        }
    },
});
