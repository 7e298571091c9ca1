import * as aws from "@pulumi/aws";
import { Unwrap } from "@pulumi/pulumi";
import { PolicyConfigSchema, PolicyResource, ReportViolation, ResourceValidationArgs, validateResourceOfType } from "@pulumi/policy";
import type { ControlDefinition, OptOutName } from "../../control";
import { POSTURE_PROFILES, PostureProfile } from "../../facts/postures";
import { POSTURE_TAG, optOutTag } from "../../facts/tags";
import { optOutWaivers } from "./opt-out-waivers";
import { Posture } from "../../facts/types";
import { ControlPolicy, controlMetadata, violation } from "./control-policy";
import { regionOf, sameRegion } from "./resource-region";

/** An aws.rds.Instance's inputs as policies see them: plain values, unknowns raise UnknownValueError during preview. */
export type InstanceInputs = Unwrap<aws.rds.InstanceArgs>;

/** How messages name an instance. */
export const INSTANCE_KIND = "RDS instance";

/** The engines whose instances hold PostgreSQL data: RDS for PostgreSQL, and an Aurora PostgreSQL cluster member. */
export type PostgresEngine = "postgres" | "aurora-postgresql";
const POSTGRES_ENGINES: readonly PostgresEngine[] = ["postgres", "aurora-postgresql"];

/**
 * The PostgreSQL engine an instance runs, compared as RDS compares engine names: case-insensitively (RDS stores
 * `Postgres` as `postgres`; the AWS provider and CloudFormation lowercase it). An instance without `engine` (a replica
 * or a restore) is judged as RDS PostgreSQL: failing closed is safer than skipping a database we cannot prove is not
 * PostgreSQL. Undefined for any other engine.
 */
export function postgresEngineOf(instance: { engine?: string }): PostgresEngine | undefined {
    if (instance.engine === undefined || instance.engine === "") {
        return "postgres";
    }
    const engine = instance.engine.toLowerCase();
    return POSTGRES_ENGINES.find((e) => e === engine);
}

/** Whether the instance holds PostgreSQL data: RDS for PostgreSQL (or no engine) or an Aurora PostgreSQL member. */
export function isPostgresInstance(instance: { engine?: string }): boolean {
    return postgresEngineOf(instance) !== undefined;
}

/**
 * Whether the instance is an Aurora PostgreSQL cluster member. Its storage, encryption, backups, deletion protection,
 * log exports, master user, IAM authentication, engine version, port and Multi-AZ belong to its cluster
 * (CreateDBInstance: "This setting doesn't apply to Amazon Aurora DB instances … managed by the DB cluster").
 */
export function isAuroraMember(instance: { engine?: string }): boolean {
    return postgresEngineOf(instance) === "aurora-postgresql";
}

/**
 * Whether the instance is a read replica: it names its source in `replicateSourceDb` (CreateDBInstanceReadReplica).
 * A replica inherits what that call doesn't take: engine version, master user and password, and, in the source's
 * region, its encryption and KMS key. RDS for PostgreSQL replicas keep no automated backups, and DeleteDBInstance
 * refuses a final snapshot of a replica, so those are judged on the source.
 */
export function isReadReplica(instance: { replicateSourceDb?: string }): boolean {
    return instance.replicateSourceDb !== undefined && instance.replicateSourceDb !== "";
}

/** The region an ARN names (`arn:<partition>:<service>:<region>:…`), if it is an ARN with one. */
export function arnRegion(value: string): string | undefined {
    const region = /^arn:[^:]+:[^:]+:([^:]*):/.exec(value)?.[1];
    return region !== undefined && region !== "" ? region : undefined;
}

/**
 * The replica's source instance when the stack declares it: the instance `replicateSourceDb` was built from (its
 * property dependency), else the instance whose `identifier` it names.
 */
export function replicaSourceIn(replica: PolicyResource, resources: readonly PolicyResource[]): PolicyResource | undefined {
    const fromDependencies = (replica.propertyDependencies["replicateSourceDb"] ?? []).filter((r) => r.isType(aws.rds.Instance));
    if (fromDependencies.length === 1) {
        return fromDependencies[0];
    }
    const source: string = replica.props.replicateSourceDb;
    return resources.find((r) => r !== replica && r.isType(aws.rds.Instance) && r.props.identifier === source);
}

/**
 * Whether a read replica is in another region than its source; undefined when the pack can't tell. A source named
 * without an ARN is in the replica's region (CreateDBInstanceReadReplica: a source in another Region must be given
 * as its ARN). Otherwise the source declared in the stack decides, else the region its ARN names (mocked ARNs name
 * the mock's region, so a declared source's own region comes first).
 */
export function isCrossRegionReplica(replica: PolicyResource, resources: readonly PolicyResource[]): boolean | undefined {
    const source: string = replica.props.replicateSourceDb;
    const sourceArnRegion = arnRegion(source);
    if (!source.startsWith("arn:")) {
        return false;
    }
    const replicaRegion = regionOf(replica);
    const declared = replicaSourceIn(replica, resources);
    const same = declared !== undefined ? sameRegion(regionOf(declared), replicaRegion) : undefined;
    if (same !== undefined) {
        return !same;
    }
    return sourceArnRegion !== undefined && "region" in replicaRegion ? sourceArnRegion !== replicaRegion.region : undefined;
}

/**
 * The posture whose minimums apply to a resource: its `compliance-posture` tag when it names one (the tag overrides),
 * else the pack config's `posture` for the stack (issue 10: the posture comes from the pack's configuration; the tag
 * may override it, and is never required). `from` says which, for the message.
 */
export function effectivePostureProfile(tags: Record<string, string> | undefined, configured: string | undefined): { profile: PostureProfile; from: string } | undefined {
    const tagged = postureProfileOf(tags);
    if (tagged !== undefined) {
        return { profile: tagged, from: `the ${tagged.posture} posture` };
    }
    if (configured !== undefined && Object.prototype.hasOwnProperty.call(POSTURE_PROFILES, configured)) {
        const profile = POSTURE_PROFILES[configured as Posture];
        return { profile, from: `the stack's ${profile.posture} posture (pack config)` };
    }
    return undefined;
}

/** The posture an instance's `compliance-posture` tag names, if it names one. */
export function postureProfileOf(tags: Record<string, string> | undefined): PostureProfile | undefined {
    const value = tags?.[POSTURE_TAG];
    return value !== undefined && Object.prototype.hasOwnProperty.call(POSTURE_PROFILES, value) ? POSTURE_PROFILES[value as Posture] : undefined;
}

/** AWS-managed keys are addressed by `alias/aws/<service>` (bare or as an alias ARN); a customer cannot rotate or restrict them. */
export function isAwsManagedKeyAlias(keyId: string): boolean {
    return /(^|:)alias\/aws\//.test(keyId);
}

/**
 * Reports one problem with the instance being validated; the message carries the control id, the instance's name and
 * the fix. A problem that a named opt-out of the control may accept names it in `waivableBy`: the problem is not a
 * violation when the instance carries that opt-out's tag with a reason (the pack's waiver report lists it instead).
 */
export type ReportProblem = (problem: string, fix: string, waivableBy?: OptOutName) => void;

/** Everything a per-instance policy declares beyond its control: its name, optional config and the check itself. */
export interface InstancePolicySpec {
    control: ControlDefinition;
    name: string;
    /** What the policy reads, in one line for the policy table. */
    judges: string;
    /** Only for a policy that checks a convention beyond what its control requires: its own, lower level. */
    enforcementLevel?: "advisory";
    configSchema?: PolicyConfigSchema;
    /**
     * Whether the policy judges an Aurora PostgreSQL cluster member (see `isAuroraMember`): `instance` when it reads
     * something the member itself controls (a policy that also reads cluster-managed arguments skips those with
     * `isAuroraMember`), `cluster-level` when all it reads belongs to the cluster, which the pack doesn't judge yet.
     * Demanding a cluster's argument of its member would block an instance that can't have it.
     */
    auroraMember: "instance" | "cluster-level";
    validate: (instance: InstanceInputs, args: ResourceValidationArgs, report: ReportProblem) => void;
}

/** A resource policy over PostgreSQL aws.rds.Instance resources, carrying its control's catalog metadata. */
export function instancePolicy(spec: InstancePolicySpec): ControlPolicy {
    return {
        name: spec.name,
        judges: spec.judges,
        ...controlMetadata(spec.control),
        ...(spec.enforcementLevel !== undefined ? { enforcementLevel: spec.enforcementLevel } : {}),
        ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
        validateResource: validateResourceOfType(aws.rds.Instance, (instance, args, reportViolation: ReportViolation) => {
            if (!isPostgresInstance(instance)) {
                args.notApplicable(`engine '${instance.engine}' is not PostgreSQL`);
            }
            if (spec.auroraMember === "cluster-level" && isAuroraMember(instance)) {
                args.notApplicable(`engine '${instance.engine}': what this policy reads is managed by the Aurora cluster`);
            }
            const waivers = optOutWaivers(instance.tags);
            spec.validate(instance, args, (problem, fix, waivableBy) => {
                const waived = waivableBy !== undefined && (spec.control.optOuts ?? []).some((o) => o.name === waivableBy) && waivers.has(waivableBy);
                if (!waived) {
                    reportViolation(violation(spec.control.id, INSTANCE_KIND, args.name, problem, `${fix}${waivableBy !== undefined ? ` (or waive it: tag ${optOutTag(waivableBy)} with the reason)` : ""}`));
                }
            });
        }),
    };
}
