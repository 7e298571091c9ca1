import { clusterPolicy } from "../../kit/plan/rds-cluster";
import { control } from "./control";
import { judgeClassificationTags } from "./plan";

/** HPG-TAG-01 on clusters: cluster snapshots, which hold all members' data, inherit the cluster's classification tags. */
export const clusterSnapshotTags = clusterPolicy({
    control,
    name: "hpg-tag-01-cluster-snapshot-tags",
    judges: "`aws.rds.Cluster`: `copyTagsToSnapshot`; a valid `data-classification` tag; `compliance-posture`, if present, names a posture",
    cluster: (cluster, _args, report) => {
        // aws.rds.ClusterArgs.copyTagsToSnapshot: "Default is false".
        if (cluster.copyTagsToSnapshot !== true) {
            report("copyTagsToSnapshot is not true, so snapshots lose the classification tags", "set copyTagsToSnapshot: true");
        }
        judgeClassificationTags(cluster.tags ?? {}, report);
    },
});
