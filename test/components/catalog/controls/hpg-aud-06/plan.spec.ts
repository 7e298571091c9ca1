import * as aws from "@pulumi/aws";
import { archiveSubscription as policy } from "../../../../../components/catalog/controls/hpg-aud-06/plan";
import { ARCHIVE_BUCKET_ARN, STREAM_ARN, archive } from "../../../../support/audit-archive-fixtures";
import { auroraCluster, multiAzCluster } from "../../../../support/cluster-fixtures";
import { instance, logGroup } from "../../../../support/policy-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, resource, validateStack } from "../../../../support/policy-harness";

const GROUP = "/aws/rds/instance/db-1/postgresql";
const WAIVE = "(or waive it: tag hpg-opt-out:auditArchive with the reason)";
const violation = (problem: string, fix: string) => `mandatory [HPG-AUD-06] RDS instance 'db': ${problem}; ${fix} ${WAIVE}`;
const NOT_FIREHOSE_FIX =
    "send it to an aws.kinesis.FirehoseDeliveryStream writing to the archive bucket, or list the destination's ARN in the pack config's externalAuditArchives if a separate log-archive account holds the archive";

describe("hpg-aud-06-archive-subscription", () => {
    const group = logGroup();

    it("passes an instance whose postgresql group streams every line through Firehose to a bucket of the stack", async () => {
        expect(await validateStack(policy, [instance(), group, ...archive({ group })])).toEqual([]);
    });

    it("passes the deprecated BucketV2 alias, and links made by name and ARN alone (no property dependency)", async () => {
        expect(await validateStack(policy, [instance(), group, ...archive({ group, v2: true })])).toEqual([]);
        expect(await validateStack(policy, [instance(), group, ...archive({ streamByArnOnly: true, subscription: { destinationArn: STREAM_ARN } })])).toEqual([]);
    });

    it.each([
        ["Aurora PostgreSQL", auroraCluster()],
        ["Multi-AZ DB", multiAzCluster()],
    ])("passes the %s cluster's /aws/rds/cluster/ group archived the same way", async (_kind, cluster) => {
        expect(await validateStack(policy, [cluster, ...archive({ subscription: { logGroup: "/aws/rds/cluster/cluster-1/postgresql" } })])).toEqual([]);
    });

    it("blocks a postgresql group with no subscription filter", async () => {
        expect(lines(await validateStack(policy, [instance(), group, ...archive({ subscription: false })]))).toEqual([
            violation(
                `its audit log group '${GROUP}' has no subscription filter, so nothing archives the audit trail outside CloudWatch Logs`,
                `add an aws.cloudwatch.LogSubscriptionFilter on '${GROUP}' (filterPattern "") to an aws.kinesis.FirehoseDeliveryStream writing to an Object Lock bucket`,
            ),
        ]);
    });

    it("blocks a subscription on another group: a cluster writes under /aws/rds/cluster/, not /aws/rds/instance/", async () => {
        expect(lines(await validateStack(policy, [auroraCluster(), ...archive({ subscription: { logGroup: "/aws/rds/instance/cluster-1/postgresql" } })]))).toEqual([
            "mandatory [HPG-AUD-06] RDS cluster 'cluster': its audit log group '/aws/rds/cluster/cluster-1/postgresql' has no subscription filter, so nothing archives the audit trail outside CloudWatch Logs; add an aws.cloudwatch.LogSubscriptionFilter on '/aws/rds/cluster/cluster-1/postgresql' (filterPattern \"\") to an aws.kinesis.FirehoseDeliveryStream writing to an Object Lock bucket",
        ]);
    });

    it("blocks a subscription to something other than a Firehose stream of the stack", async () => {
        const kinesis = resource(aws.kinesis.Stream, "audit-kinesis", { name: "db-1-audit", shardCount: 1 });
        const toKinesis = archive({ subscription: { destinationArn: "arn:aws:kinesis:us-east-1:123456789012:stream/db-1-audit" } });
        const subscription = toKinesis.pop()!;
        const wired = resource(aws.cloudwatch.LogSubscriptionFilter, subscription.name, { ...(subscription.inputs as object), destinationArn: "arn:aws:kinesis:us-east-1:123456789012:stream/db-1-audit" }, { propertyDependencies: { destinationArn: [kinesis] } });
        expect(lines(await validateStack(policy, [instance(), group, kinesis, ...toKinesis, wired]))).toEqual([
            violation(`subscription filter 'audit-subscription' on '${GROUP}' sends to Stream 'audit-kinesis', which is not a Kinesis Data Firehose stream of this stack`, NOT_FIREHOSE_FIX),
        ]);
        const elsewhere = "arn:aws:logs:us-east-1:210987654321:destination:audit";
        expect(lines(await validateStack(policy, [instance(), group, ...archive({ subscription: { destinationArn: elsewhere } })]))).toEqual([
            violation(`subscription filter 'audit-subscription' on '${GROUP}' sends to '${elsewhere}', which is not a Kinesis Data Firehose stream of this stack`, NOT_FIREHOSE_FIX),
        ]);
    });

    it("passes a subscription to another account's destination that the pack config lists as an external archive", async () => {
        const elsewhere = "arn:aws:logs:us-east-1:210987654321:destination:audit";
        const config = { "hpg-aud-06-archive-subscription": { externalAuditArchives: [elsewhere] } };
        expect(await validateStack(policy, [instance(), group, ...archive({ subscription: { destinationArn: elsewhere } })], config)).toEqual([]);
    });

    it("blocks a subscription that archives only the lines a pattern matches", async () => {
        expect(lines(await validateStack(policy, [instance(), group, ...archive({ group, subscription: { filterPattern: "AUDIT" } })]))).toEqual([
            violation(`subscription filter 'audit-subscription' on '${GROUP}' has filterPattern 'AUDIT', so only matching lines are archived`, 'set filterPattern to "" so every line is archived'),
        ]);
    });

    it("blocks a Firehose stream that delivers somewhere other than S3", async () => {
        expect(lines(await validateStack(policy, [instance(), group, ...archive({ group, stream: { destination: "http_endpoint" } })]))).toEqual([
            violation("Firehose delivery stream 'audit-stream' delivers to 'http_endpoint', not to S3", 'set destination to "extended_s3" with extendedS3Configuration.bucketArn the archive bucket'),
        ]);
    });

    describe("a bucket outside the stack (a separate log-archive account)", () => {
        const external = "arn:aws:s3:::org-log-archive";
        const toExternal = () => archive({ group, streamByArnOnly: true, stream: { extendedS3Configuration: { bucketArn: external, roleArn: "arn:aws:iam::123456789012:role/db-1-audit-delivery" } } });

        it("blocks it unless the pack config declares it, so an archive the pack can't see never passes silently", async () => {
            expect(lines(await validateStack(policy, [instance(), group, ...toExternal()]))).toEqual([
                violation(
                    `Firehose delivery stream 'audit-stream' writes to bucket '${external}', which this stack doesn't declare, so the pack can't see its Object Lock, encryption or policy`,
                    `declare the archive bucket in this stack, or list '${external}' in the pack config's externalAuditArchives if a separate log-archive account holds it (judged in that account's stack)`,
                ),
            ]);
        });

        it("passes it when the pack config lists it in externalAuditArchives", async () => {
            const config = { "hpg-aud-06-archive-subscription": { externalAuditArchives: [external] } };
            expect(await validateStack(policy, [instance(), group, ...toExternal()], config)).toEqual([]);
        });

        it("is still blocked when another bucket is listed", async () => {
            const config = { "hpg-aud-06-archive-subscription": { externalAuditArchives: [ARCHIVE_BUCKET_ARN] } };
            expect(lines(await validateStack(policy, [instance(), group, ...toExternal()], config))).toHaveLength(1);
        });
    });

    it("honours an instance's auditArchive opt-out with a reason, and only with one", async () => {
        const waived = instance({ tags: { "compliance-posture": "soc2", "hpg-opt-out:auditArchive": "staging: logs kept in CloudWatch only" } });
        expect(await validateStack(policy, [waived, group])).toEqual([]);
        const noReason = instance({ tags: { "compliance-posture": "soc2", "hpg-opt-out:auditArchive": " " } });
        expect(lines(await validateStack(policy, [noReason, group]))).toHaveLength(1);
    });

    it("never waives a cluster: its tag would waive silently (the waiver report lists instances)", async () => {
        const cluster = auroraCluster({ tags: { "compliance-posture": "soc2", "hpg-opt-out:auditArchive": "not archived" } });
        expect(lines(await validateStack(policy, [cluster]))).toHaveLength(1);
    });

    it("leaves databases that export no postgresql logs, or have no identifier, to HPG-LOG-01 and HPG-LOG-04, and other engines alone", async () => {
        expect(await validateStack(policy, [instance({ enabledCloudwatchLogsExports: ["upgrade"] })])).toEqual([]);
        expect(await validateStack(policy, [instance({ identifier: undefined })])).toEqual([]);
        expect(await validateStack(policy, [instance({ engine: "mysql" })])).toEqual([]);
        expect(await validateStack(policy, [auroraCluster({ engine: "aurora-mysql" })])).toEqual([]);
    });

    it("can't run during preview while a subscription's destination is unknown and nothing it was built from says what it is", async () => {
        expect(lines(await validateStack(policy, [instance(), group, ...archive({ subscription: { destinationArn: UNKNOWN.string } })]))).toEqual([
            cantRunDuringPreview("hpg-aud-06-archive-subscription", "string value at .destinationArn"),
        ]);
    });
});
