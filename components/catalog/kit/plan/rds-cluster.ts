import * as aws from "@pulumi/aws";
import { Unwrap } from "@pulumi/pulumi";
import { PolicyConfigSchema, ReportViolation, ResourceValidation, ResourceValidationArgs, validateResourceOfType } from "@pulumi/policy";
import type { ControlDefinition } from "../../control";
import { ControlPolicy, controlMetadata, violation } from "./control-policy";

/** An aws.rds.Cluster's inputs as policies see them: plain values, unknowns raise UnknownValueError during preview. */
export type ClusterInputs = Unwrap<aws.rds.ClusterArgs>;
/** An aws.rds.ClusterInstance's inputs as policies see them. */
export type ClusterInstanceInputs = Unwrap<aws.rds.ClusterInstanceArgs>;

/** How messages name a cluster and a cluster's member. */
export const CLUSTER_KIND = "RDS cluster";
export const CLUSTER_INSTANCE_KIND = "RDS cluster instance";

/**
 * The PostgreSQL cluster engines: an Aurora PostgreSQL cluster, or a Multi-AZ DB cluster of RDS for PostgreSQL
 * (aws.rds.ClusterArgs.engine: "`mysql` and `postgres` are Multi-AZ RDS clusters").
 */
export type PostgresClusterEngine = "aurora-postgresql" | "postgres";
const POSTGRES_CLUSTER_ENGINES: readonly PostgresClusterEngine[] = ["aurora-postgresql", "postgres"];

/** The PostgreSQL engine a cluster or member runs, compared case-insensitively as RDS compares engine names; undefined for any other engine. */
export function postgresClusterEngineOf(resource: { engine?: string }): PostgresClusterEngine | undefined {
    const engine = (resource.engine ?? "").toLowerCase();
    return POSTGRES_CLUSTER_ENGINES.find((e) => e === engine);
}

/** Whether the cluster is a Multi-AZ DB cluster of RDS for PostgreSQL (not Aurora): some settings Aurora keeps on members live on it. */
export function isMultiAzDbCluster(resource: { engine?: string }): boolean {
    return postgresClusterEngineOf(resource) === "postgres";
}

/** Checks one aws.rds.Cluster or aws.rds.ClusterInstance; `report` names the control, the resource and the fix. */
export type ClusterCheck<T> = (resource: T, args: ResourceValidationArgs, report: ReportClusterProblem) => void;

/** Everything a cluster policy declares beyond its control: its name, optional config and the checks of each resource type. */
export interface ClusterPolicySpec {
    control: ControlDefinition;
    name: string;
    /** What the policy reads, in one line for the policy table. */
    judges: string;
    /** Only for a policy that checks a convention beyond what its control requires: its own, lower level. */
    enforcementLevel?: "advisory";
    configSchema?: PolicyConfigSchema;
    /** The check of a PostgreSQL aws.rds.Cluster (Aurora PostgreSQL or Multi-AZ DB cluster). */
    cluster?: ClusterCheck<ClusterInputs>;
    /** The check of a PostgreSQL aws.rds.ClusterInstance (a cluster's member). */
    clusterInstance?: ClusterCheck<ClusterInstanceInputs>;
}

/**
 * Reports in the pack's message form. Named opt-outs (`hpg-opt-out:<name>` tags) are honoured on instances only, where
 * the waiver report lists them; a cluster's tag would waive silently, so nothing on a cluster or its member is waived.
 */
export type ReportClusterProblem = (problem: string, fix: string) => void;

function reporter(control: ControlDefinition, kind: string, args: ResourceValidationArgs, reportViolation: ReportViolation): ReportClusterProblem {
    return (problem, fix) => reportViolation(violation(control.id, kind, args.name, problem, fix));
}

/** A validation of PostgreSQL aws.rds.Cluster resources (engine aurora-postgresql or postgres, any case). */
export function clusterValidation(control: ControlDefinition, check: ClusterCheck<ClusterInputs>): ResourceValidation {
    return validateResourceOfType(aws.rds.Cluster, (cluster, args, reportViolation) => {
        if (postgresClusterEngineOf(cluster) === undefined) {
            args.notApplicable(`engine '${cluster.engine}' is not PostgreSQL`);
        }
        check(cluster, args, reporter(control, CLUSTER_KIND, args, reportViolation));
    });
}

/** A validation of PostgreSQL aws.rds.ClusterInstance resources (engine aurora-postgresql or postgres, any case). */
export function clusterInstanceValidation(control: ControlDefinition, check: ClusterCheck<ClusterInstanceInputs>): ResourceValidation {
    return validateResourceOfType(aws.rds.ClusterInstance, (member, args, reportViolation) => {
        if (postgresClusterEngineOf(member) === undefined) {
            args.notApplicable(`engine '${member.engine}' is not PostgreSQL`);
        }
        check(member, args, reporter(control, CLUSTER_INSTANCE_KIND, args, reportViolation));
    });
}

/** A resource policy over PostgreSQL clusters and their members, carrying its control's catalog metadata. */
export function clusterPolicy(spec: ClusterPolicySpec): ControlPolicy {
    const validations = [
        ...(spec.cluster ? [clusterValidation(spec.control, spec.cluster)] : []),
        ...(spec.clusterInstance ? [clusterInstanceValidation(spec.control, spec.clusterInstance)] : []),
    ];
    if (validations.length === 0) {
        throw new Error(`${spec.name}: a cluster policy checks a cluster, a cluster instance or both`);
    }
    return {
        name: spec.name,
        judges: spec.judges,
        ...controlMetadata(spec.control),
        ...(spec.enforcementLevel !== undefined ? { enforcementLevel: spec.enforcementLevel } : {}),
        ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
        validateResource: validations,
    };
}
