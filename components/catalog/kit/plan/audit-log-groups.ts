import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { rdsLogGroupName } from "../../facts/postures";
import { rdsClusterLogGroupName } from "../../controls/hpg-log-04/plan-cluster-log-groups";
import type { OptOutName } from "../../control";
import { optOutWaivers } from "./opt-out-waivers";
import { CLUSTER_KIND, postgresClusterEngineOf } from "./rds-cluster";
import { INSTANCE_KIND, isAuroraMember, isPostgresInstance } from "./rds-instance";

/** The log type pgaudit writes to: RDS exports the server log (and so every AUDIT line) as `postgresql`. */
export const AUDIT_LOG_TYPE = "postgresql";

/** A PostgreSQL database's exported server log: where its audit trail is, and the resource that writes it. */
export interface AuditLogGroup {
    /** The aws.rds.Instance or aws.rds.Cluster that exports it. */
    owner: PolicyResource;
    /** How messages name the owner: "RDS instance" or "RDS cluster". */
    kind: string;
    /** `/aws/rds/instance/<identifier>/postgresql` or `/aws/rds/cluster/<identifier>/postgresql`. */
    name: string;
    /** The log group declared under that name, if the stack declares it (HPG-LOG-04 requires it). */
    declared: PolicyResource | undefined;
}

/**
 * Every PostgreSQL audit log group of the stack: that of each PostgreSQL instance (not an Aurora member: its logs go to
 * its cluster's group) and each PostgreSQL cluster that exports `postgresql` logs under a known identifier. A database
 * that exports nothing, or has no identifier, is HPG-LOG-01's and HPG-LOG-04's to judge.
 */
export function auditLogGroups(resources: readonly PolicyResource[]): AuditLogGroup[] {
    const logGroups = resources.filter((r) => r.isType(aws.cloudwatch.LogGroup));
    const found: AuditLogGroup[] = [];
    const add = (owner: PolicyResource, kind: string, identifier: string | undefined, name: (identifier: string) => string) => {
        const exported: string[] = [...(owner.props.enabledCloudwatchLogsExports ?? [])];
        if (identifier === undefined || identifier === "" || !exported.includes(AUDIT_LOG_TYPE)) {
            return;
        }
        const groupName = name(identifier);
        // Reading every group's name keeps @pulumi/policy's preview semantics: an unknown name could be the one.
        found.push({ owner, kind, name: groupName, declared: logGroups.find((g) => g.props.name === groupName) });
    };
    for (const r of resources) {
        if (r.isType(aws.rds.Instance) && isPostgresInstance(r.props) && !isAuroraMember(r.props)) {
            add(r, INSTANCE_KIND, r.props.identifier, (id) => rdsLogGroupName(id, AUDIT_LOG_TYPE));
        } else if (r.isType(aws.rds.Cluster) && postgresClusterEngineOf(r.props) !== undefined) {
            add(r, CLUSTER_KIND, r.props.clusterIdentifier, (id) => rdsClusterLogGroupName(id, AUDIT_LOG_TYPE));
        }
    }
    return found;
}

/** Whether `resource` reads the audit log group through its input `property`: it was built from that group (its property dependency), or names it. */
export function readsLogGroup(resource: PolicyResource, property: string, group: AuditLogGroup): boolean {
    const fromGroup = (resource.propertyDependencies[property] ?? []).filter((r) => r.isType(aws.cloudwatch.LogGroup));
    if (fromGroup.length > 0) {
        return group.declared !== undefined && fromGroup.includes(group.declared);
    }
    return resource.props[property] === group.name;
}

/**
 * Whether the group's database carries the named opt-out with a reason. Waivers are honoured on instances only, where
 * the pack's waiver report lists them; a cluster's tag would waive silently (as kit/plan/rds-cluster.ts decides).
 */
export function isWaived(group: AuditLogGroup, optOut: OptOutName): boolean {
    return group.owner.isType(aws.rds.Instance) && optOutWaivers(group.owner.props.tags).has(optOut);
}
