import { RESOURCE_DEFAULTS, judgedValue } from "../../facts/resource-defaults";
import { instancePolicy, isReadReplica } from "../../kit/plan/rds-instance";
import { control } from "./control";

/** HPG-BAK-02: the instance can't be deleted by accident, and leaves a named final snapshot if it is deleted. */
export const deletionGuarded = instancePolicy({
    control,
    name: "hpg-bak-02-deletion-guarded",
    judges: "instance: `deletionProtection`, final snapshot not skipped and named (a read replica has none)",
    // Deletion protection of an Aurora member is the cluster's, and its data lives in the cluster volume.
    auroraMember: "cluster-level",
    validate: (instance, args, report) => {
        if (instance.deletionProtection !== true) {
            report("deletionProtection is not true", "set deletionProtection: true", "deletionProtection");
        }
        // DeleteDBInstance: a read replica must be deleted with SkipFinalSnapshot and without FinalDBSnapshotIdentifier; its source keeps the data.
        if (isReadReplica(instance)) {
            return;
        }
        if (judgedValue(RESOURCE_DEFAULTS.instanceSkipFinalSnapshot, instance.skipFinalSnapshot) === true) {
            report("skipFinalSnapshot is true, so deleting the instance destroys its data", "set skipFinalSnapshot: false and a finalSnapshotIdentifier");
        } else if (instance.finalSnapshotIdentifier === undefined || instance.finalSnapshotIdentifier === "") {
            report("finalSnapshotIdentifier is not set, so the instance can't be deleted with a final snapshot", "set finalSnapshotIdentifier");
        }
    },
});

/**
 * Pulumi's `protect` on top of RDS deletion protection: good practice, and the component sets it, but no framework asks
 * for Pulumi's flag, so a hand-written stack is not blocked without it (issue 10); the pack advises it.
 */
export const pulumiProtect = instancePolicy({
    control,
    name: "hpg-bak-02-pulumi-protect",
    judges: "instance: Pulumi `protect` (advisory: RDS deletion protection is the control)",
    // An Aurora member's data lives in the cluster volume: protect belongs on the cluster.
    auroraMember: "cluster-level",
    enforcementLevel: "advisory",
    validate: (_instance, args, report) => {
        if (args.opts.protect !== true) {
            report("the resource is not protected, so `pulumi destroy` or a removed declaration deletes it", "set the resource option protect: true", "deletionProtection");
        }
    },
});
