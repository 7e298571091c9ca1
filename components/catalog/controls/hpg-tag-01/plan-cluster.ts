import { DATA_CLASSIFICATIONS, DATA_CLASSIFICATION_TAG, POSTURES, POSTURE_TAG } from "../..";
import { clusterPolicy } from "../../kit/plan/rds-cluster";
import { control } from "./control";

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
        const tags = cluster.tags ?? {};
        for (const [key, allowed] of [
            [POSTURE_TAG, POSTURES],
            [DATA_CLASSIFICATION_TAG, DATA_CLASSIFICATIONS],
        ] as const) {
            const value = tags[key];
            // The posture tag is this project's convention: judged when present, never required (issue 10).
            if (value === undefined && key === POSTURE_TAG) {
                continue;
            }
            if (value === undefined || !(allowed as readonly string[]).includes(value)) {
                const shown = value === undefined ? "missing" : `'${value}'`;
                report(`tag '${key}' is ${shown}`, `tag it '${key}' with one of ${allowed.join(", ")}`);
            }
        }
    },
});
