import * as aws from "@pulumi/aws";
import { AnalyzedResource } from "../../policies/offline-check/evaluate";
import { resource } from "./policy-harness";
import { HARDENED_CLUSTER_PARAMETERS } from "../../components/catalog/kit/fixtures/hand-written-cluster-parameter-group";

/**
 * What a hardened PostgreSQL DB cluster parameter group declares: every required or judged setting, since a cluster
 * family's RDS default is confirmed for few of them (components/catalog/kit/plan/cluster-parameter-group.ts). The same
 * list the hand-written defect programs start from.
 */
export { HARDENED_CLUSTER_PARAMETERS };

/** `values` as a group's parameters (`undefined` removes one). */
function parameters(values: Record<string, string | undefined>): { name: string; value: string; applyMethod: string }[] {
    return Object.entries(values)
        .filter((e): e is [string, string] => e[1] !== undefined)
        .map(([name, value]) => ({ name, value, applyMethod: name === "shared_preload_libraries" ? "pending-reboot" : "immediate" }));
}

/** A cluster parameter group `cluster-params`: the hardened parameters with `changes` applied (`undefined` removes one). */
export function clusterParameterGroup(changes: Record<string, string | undefined> = {}, family = "aurora-postgresql16"): AnalyzedResource {
    return resource(aws.rds.ClusterParameterGroup, "cluster-params", { name: "ledger-cluster", family, parameters: parameters({ ...HARDENED_CLUSTER_PARAMETERS, ...changes }) });
}

/** An Aurora instance parameter group `member-params` declaring exactly `values`. */
export function auroraInstanceGroup(values: Record<string, string>, family = "aurora-postgresql16"): AnalyzedResource {
    return resource(aws.rds.ParameterGroup, "member-params", { name: "ledger-member", family, parameters: parameters(values) });
}
