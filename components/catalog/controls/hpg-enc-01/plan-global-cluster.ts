import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { control } from "./control";

/** Global database engines that hold PostgreSQL data, compared as AWS compares engine names (case-insensitively). */
const POSTGRES_GLOBAL_ENGINES = ["aurora-postgresql"];

/**
 * HPG-ENC-01: an Aurora PostgreSQL global database is created encrypted. CreateGlobalCluster's StorageEncrypted
 * defaults to false, and every regional cluster that joins it takes its encryption setting. A global cluster built
 * from an existing cluster (`sourceDbClusterIdentifier`) inherits that cluster's encryption, which the cluster policy
 * judges; its own `storageEncrypted` is then not judged here.
 */
export const globalClusterEncrypted: ControlPolicy = {
    name: "hpg-enc-01-global-cluster-encrypted",
    judges: "`aws.rds.GlobalCluster` (engine aurora-postgresql, not built from an existing cluster): `storageEncrypted` true",
    ...controlMetadata(control),
    validateResource: validateResourceOfType(aws.rds.GlobalCluster, (g, args, reportViolation) => {
        if (g.sourceDbClusterIdentifier !== undefined && g.sourceDbClusterIdentifier !== "") {
            args.notApplicable("built from an existing cluster, whose encryption it inherits (judged on that cluster)");
            return;
        }
        if (g.engine === undefined || !POSTGRES_GLOBAL_ENGINES.includes(g.engine.toLowerCase())) {
            args.notApplicable(`engine '${g.engine ?? "(none)"}' is not Aurora PostgreSQL`);
            return;
        }
        if (g.storageEncrypted !== true) {
            reportViolation(
                violation(
                    control.id,
                    "global cluster",
                    args.name,
                    `storageEncrypted is ${g.storageEncrypted === undefined ? "not set (CreateGlobalCluster's default is false)" : String(g.storageEncrypted)}, so every regional cluster in it is unencrypted`,
                    "set storageEncrypted: true, and give each regional aws.rds.Cluster a customer-managed kmsKeyId in its region",
                ),
            );
        }
    }),
};
