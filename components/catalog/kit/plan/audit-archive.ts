import * as aws from "@pulumi/aws";
import { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { POSTURE_PROFILES } from "../../facts/postures";
import { AuditLogGroup, auditLogGroups, isWaived, readsLogGroup } from "./audit-log-groups";
import { bucketBehind } from "./audit-archive-bucket";
import { configSchema, PackPosture, POSTURE_CONFIG_PROPERTY } from "./policy-config";
import { effectivePostureProfile } from "./rds-instance";

/** HPG-AUD-06's pack config for the archive's retention: the stack's posture, and a floor. */
export interface ArchiveRetentionConfig {
    posture: PackPosture;
    minAuditArchiveRetentionDays: number;
}

/** The floor is the least any posture allows; a posture (pack config or compliance-posture tag) raises it. */
export const ARCHIVE_RETENTION_DEFAULTS: ArchiveRetentionConfig = {
    posture: "none",
    minAuditArchiveRetentionDays: Math.min(...Object.values(POSTURE_PROFILES).map((p) => p.minAuditArchiveRetentionDays)),
};

export const ARCHIVE_RETENTION_CONFIG_SCHEMA: PolicyConfigSchema = configSchema(ARCHIVE_RETENTION_DEFAULTS, {
    posture: POSTURE_CONFIG_PROPERTY,
    minAuditArchiveRetentionDays: {
        type: "integer",
        minimum: 1,
        description: "Minimum Object Lock retention of the audit archive in days; a posture (pack config or compliance-posture tag) raises it (hipaa: six years).",
    },
});

/** HPG-AUD-06's pack config for where the archive is: the archives another account's stack declares. */
export const EXTERNAL_ARCHIVE_DEFAULTS: { externalAuditArchives: string[] } = { externalAuditArchives: [] };

export const EXTERNAL_ARCHIVE_CONFIG_SCHEMA: PolicyConfigSchema = configSchema(EXTERNAL_ARCHIVE_DEFAULTS, {
    externalAuditArchives: {
        type: "array",
        description:
            "ARNs of audit archives in a separate log-archive account, judged in that account's stack: an S3 bucket a Firehose stream of this stack writes to (arn:aws:s3:::<bucket>), or a subscription filter's cross-account destination.",
    },
});

/** Where one PostgreSQL audit log group's subscription leads. */
export interface ArchiveRoute {
    group: AuditLogGroup;
    subscription?: PolicyResource;
    stream?: PolicyResource;
    /** The archive bucket the stream writes to, when the stack declares it. */
    bucket?: PolicyResource;
    /** The external archive (listed in `externalAuditArchives`) it leads to instead. */
    external?: string;
    /** Why the route doesn't archive the audit trail, and the fix; absent when it does. */
    problem?: { problem: string; fix: string };
}

/** How a message names a resource: its type's class name and its Pulumi name. */
function describe(resource: PolicyResource): string {
    return `${resource.type.split(":").pop()} '${resource.name}'`;
}

/** Where one subscription filter leads: a Firehose stream of the stack, then the bucket it writes to, or an external archive. */
function routeOf(group: AuditLogGroup, subscription: PolicyResource, resources: readonly PolicyResource[], externals: readonly string[]): ArchiveRoute {
    const route: ArchiveRoute = { group, subscription };
    const sub = `subscription filter '${subscription.name}'`;
    const destinationDeps = subscription.propertyDependencies["destinationArn"] ?? [];
    let stream = destinationDeps.find((r) => r.isType(aws.kinesis.FirehoseDeliveryStream));
    if (stream === undefined) {
        const destination: string = subscription.props.destinationArn;
        if (externals.includes(destination)) {
            return { ...route, external: destination };
        }
        stream = resources.find((r) => r.isType(aws.kinesis.FirehoseDeliveryStream) && r.props.arn === destination);
        if (stream === undefined) {
            const other = destinationDeps[0];
            return {
                ...route,
                problem: {
                    problem: `${sub} on '${group.name}' sends to ${other !== undefined ? describe(other) : `'${destination}'`}, which is not a Kinesis Data Firehose stream of this stack`,
                    fix: "send it to an aws.kinesis.FirehoseDeliveryStream writing to the archive bucket, or list the destination's ARN in the pack config's externalAuditArchives if a separate log-archive account holds the archive",
                },
            };
        }
    }
    route.stream = stream;
    const streamName = `Firehose delivery stream '${stream.name}'`;
    if (stream.props.destination !== "extended_s3") {
        return { ...route, problem: { problem: `${streamName} delivers to '${stream.props.destination}', not to S3`, fix: 'set destination to "extended_s3" with extendedS3Configuration.bucketArn the archive bucket' } };
    }
    const readArn = (): string | undefined => stream.props.extendedS3Configuration?.bucketArn;
    const bucket = bucketBehind(stream, "extendedS3Configuration", readArn, resources);
    if (bucket === undefined) {
        const arn = readArn();
        if (arn !== undefined && externals.includes(arn)) {
            route.external = arn;
        } else {
            return {
                ...route,
                problem: {
                    problem: `${streamName} writes to bucket '${arn ?? "(none)"}', which this stack doesn't declare, so the pack can't see its Object Lock, encryption or policy`,
                    fix: `declare the archive bucket in this stack, or list '${arn ?? "<bucket ARN>"}' in the pack config's externalAuditArchives if a separate log-archive account holds it (judged in that account's stack)`,
                },
            };
        }
    } else {
        route.bucket = bucket;
    }
    // A pattern drops the lines it doesn't match: the archive must hold every line (context records, connections, errors).
    const pattern: string = subscription.props.filterPattern ?? "";
    if (pattern.trim() !== "") {
        return { ...route, problem: { problem: `${sub} on '${group.name}' has filterPattern '${pattern}', so only matching lines are archived`, fix: 'set filterPattern to "" so every line is archived' } };
    }
    return route;
}

/**
 * Where each PostgreSQL audit log group is archived, skipping groups whose instance waives `auditArchive`. A group with
 * several subscription filters (CloudWatch allows two) is archived when one of them leads to an archive; otherwise its
 * route is the first filter's, with the reason.
 */
export function archiveRoutes(resources: readonly PolicyResource[], externals: readonly string[]): ArchiveRoute[] {
    const subscriptions = resources.filter((r) => r.isType(aws.cloudwatch.LogSubscriptionFilter));
    return auditLogGroups(resources)
        .filter((group) => !isWaived(group, "auditArchive"))
        .map((group): ArchiveRoute => {
            const routes = subscriptions.filter((s) => readsLogGroup(s, "logGroup", group)).map((s) => routeOf(group, s, resources, externals));
            if (routes.length === 0) {
                return {
                    group,
                    problem: {
                        problem: `its audit log group '${group.name}' has no subscription filter, so nothing archives the audit trail outside CloudWatch Logs`,
                        fix: `add an aws.cloudwatch.LogSubscriptionFilter on '${group.name}' (filterPattern "") to an aws.kinesis.FirehoseDeliveryStream writing to an Object Lock bucket`,
                    },
                };
            }
            return routes.find((r) => r.problem === undefined) ?? routes[0];
        });
}

/** The minimum retention one database's audit trail needs, and why, in the words of HPG-BAK-01's messages. */
export function requiredArchiveRetention(group: AuditLogGroup, config: ArchiveRetentionConfig): { days: number; why: string } {
    const effective = effectivePostureProfile(group.owner.props.tags, config.posture);
    const fromPosture = effective?.profile.minAuditArchiveRetentionDays ?? 0;
    return fromPosture >= config.minAuditArchiveRetentionDays && effective !== undefined
        ? { days: fromPosture, why: `${effective.from} of ${group.kind} '${group.owner.name}' requires` }
        : { days: config.minAuditArchiveRetentionDays, why: "the pack requires" };
}

/** Each archive bucket the stack declares, with the routes (databases) that write to it. */
export function archiveBuckets(routes: readonly ArchiveRoute[]): Map<PolicyResource, ArchiveRoute[]> {
    const buckets = new Map<PolicyResource, ArchiveRoute[]>();
    for (const route of routes) {
        if (route.bucket !== undefined) {
            buckets.set(route.bucket, [...(buckets.get(route.bucket) ?? []), route]);
        }
    }
    return buckets;
}
