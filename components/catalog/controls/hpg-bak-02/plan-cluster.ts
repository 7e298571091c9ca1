import { RESOURCE_DEFAULTS, judgedValue } from "../../facts/resource-defaults";
import { clusterPolicy } from "../../kit/plan/rds-cluster";
import { control } from "./control";

/** HPG-BAK-02 on clusters: the cluster, which holds the data of all its members, can't be deleted by accident and leaves a named final snapshot. */
export const clusterDeletionGuarded = clusterPolicy({
    control,
    name: "hpg-bak-02-cluster-deletion-guarded",
    judges: "`aws.rds.Cluster`: `deletionProtection`, final snapshot not skipped and named",
    cluster: (cluster, _args, report) => {
        if (cluster.deletionProtection !== true) {
            report("deletionProtection is not true", "set deletionProtection: true");
        }
        // aws.rds.ClusterArgs.finalSnapshotIdentifier: "If omitted, no final snapshot will be made."
        if (judgedValue(RESOURCE_DEFAULTS.clusterSkipFinalSnapshot, cluster.skipFinalSnapshot) === true) {
            report("skipFinalSnapshot is true, so deleting the cluster destroys its data", "set skipFinalSnapshot: false and a finalSnapshotIdentifier");
        } else if (cluster.finalSnapshotIdentifier === undefined || cluster.finalSnapshotIdentifier === "") {
            report("finalSnapshotIdentifier is not set, so the cluster can't be deleted with a final snapshot", "set finalSnapshotIdentifier");
        }
    },
});

/**
 * Pulumi's `protect` on the cluster, as on an instance: advised, never required (issue 10). The cluster holds its members'
 * data, so this is where it belongs.
 */
export const clusterPulumiProtect = clusterPolicy({
    control,
    name: "hpg-bak-02-cluster-pulumi-protect",
    judges: "`aws.rds.Cluster`: Pulumi `protect` (advisory: RDS deletion protection is the control)",
    enforcementLevel: "advisory",
    cluster: (_cluster, args, report) => {
        if (args.opts.protect !== true) {
            report("the resource is not protected, so `pulumi destroy` or a removed declaration deletes it", "set the resource option protect: true");
        }
    },
});
