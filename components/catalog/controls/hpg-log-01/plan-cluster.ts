import { REQUIRED_LOG_EXPORTS } from "../..";
import { clusterPolicy, isMultiAzDbCluster } from "../../kit/plan/rds-cluster";
import { control } from "./control";

/** Aurora PostgreSQL exports only instance, postgresql and iam-db-auth-error logs (CreateDBCluster EnableCloudwatchLogsExports): no upgrade log. */
const AURORA_REQUIRED_LOG_EXPORTS: readonly string[] = ["postgresql"];

/** HPG-LOG-01 on clusters: the cluster's PostgreSQL logs (and a Multi-AZ DB cluster's upgrade logs) go to CloudWatch Logs. */
export const clusterLogExports = clusterPolicy({
    control,
    name: "hpg-log-01-cluster-log-exports",
    judges: "`aws.rds.Cluster`: exports postgresql logs (Aurora), postgresql and upgrade logs (Multi-AZ DB cluster)",
    cluster: (cluster, _args, report) => {
        const required = isMultiAzDbCluster(cluster) ? REQUIRED_LOG_EXPORTS : AURORA_REQUIRED_LOG_EXPORTS;
        const exported = [...(cluster.enabledCloudwatchLogsExports ?? [])];
        const missing = required.filter((type) => !exported.includes(type));
        if (missing.length > 0) {
            const shown = exported.length === 0 ? "nothing" : exported.map((e) => `'${e}'`).join(", ");
            report(`enabledCloudwatchLogsExports exports ${shown}, missing ${missing.join(" and ")}`, `set enabledCloudwatchLogsExports to include ${required.join(" and ")}`);
        }
    },
});
