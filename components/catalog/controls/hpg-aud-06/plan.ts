import * as aws from "@pulumi/aws";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { EXTERNAL_ARCHIVE_CONFIG_SCHEMA, EXTERNAL_ARCHIVE_DEFAULTS, archiveRoutes } from "../../kit/plan/audit-archive";
import { auditLogGroups } from "../../kit/plan/audit-log-groups";
import { configWithDefaults } from "../../kit/plan/policy-config";
import { optOutTag } from "../../facts/tags";
import { control } from "./control";

/**
 * HPG-AUD-06: every PostgreSQL audit log group (`/aws/rds/instance/<identifier>/postgresql`, and a cluster's
 * `/aws/rds/cluster/<identifier>/postgresql`) streams every line, through a subscription filter and a Firehose stream
 * of the stack, to an S3 bucket the stack declares, or to an archive the pack config lists as another account's. The
 * bucket itself is judged by hpg-aud-06-archive-object-lock and hpg-aud-06-archive-bucket-protected.
 */
export const archiveSubscription: ControlPolicy = {
    name: "hpg-aud-06-archive-subscription",
    judges:
        'stack: each PostgreSQL `postgresql` log group has an `aws.cloudwatch.LogSubscriptionFilter` (filterPattern "") to an `aws.kinesis.FirehoseDeliveryStream` of the stack writing (extended_s3) to a bucket of the stack, or to one listed in `externalAuditArchives`',
    ...controlMetadata(control),
    configSchema: EXTERNAL_ARCHIVE_CONFIG_SCHEMA,
    // Not validateStackResourcesOfType: the policy follows log groups, filters, streams and buckets together.
    validateStack: (args, reportViolation) => {
        if (auditLogGroups(args.resources).length === 0) {
            args.notApplicable("the stack declares no PostgreSQL instance or cluster exporting postgresql logs");
        }
        const config = configWithDefaults(EXTERNAL_ARCHIVE_DEFAULTS, args);
        for (const route of archiveRoutes(args.resources, config.externalAuditArchives)) {
            if (route.problem !== undefined) {
                const waiver = route.group.owner.isType(aws.rds.Instance) ? ` (or waive it: tag ${optOutTag("auditArchive")} with the reason)` : "";
                reportViolation(violation(control.id, route.group.kind, route.group.owner.name, route.problem.problem, `${route.problem.fix}${waiver}`), route.group.owner.urn);
            }
        }
    },
};
