import { DETECTIONS } from "../../../components/audit-trail/detections";
import { HardenedPostgres, HardenedPostgresArgs, HardenedPostgresArgumentsError } from "../../../components/hardened-postgres";
import { MOCK_ACCOUNT, MOCK_REGION, PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

const NETWORK: HardenedPostgresArgs = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"] };

async function build(name: string, args: Partial<HardenedPostgresArgs> = {}): Promise<HardenedPostgres> {
    const db = new HardenedPostgres(name, { ...NETWORK, ...args }, { transformations: [recorder.captureOptions] });
    await valueOf(db.endpoint);
    await recorder.settle();
    return db;
}

const ofComponent = (name: string, type: string) => recorder.ofType(type).filter((r) => r.name.startsWith(`${name}-`));
const KEY_ARN = (name: string) => `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT}:key/${name}-key-key-id`;
const AUDIT_TYPES = [
    "aws:s3/bucket:Bucket",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
    "aws:sns/topic:Topic",
    "aws:cloudwatch/dashboard:Dashboard",
    "aws:glue/catalogTable:CatalogTable",
    "aws:athena/namedQuery:NamedQuery",
];

describe("HardenedPostgres's audit trail, by default", () => {
    let db: HardenedPostgres;
    beforeAll(async () => {
        db = await build("hipaa-db", { posture: "hipaa" });
    });

    it("archives the postgresql group under Object Lock for HIPAA's six years, encrypted with the database's key", () => {
        expect(recorder.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "hipaa-db-audit-archive-object-lock").inputs.rule).toEqual({
            defaultRetention: { mode: "COMPLIANCE", days: 2192 },
        });
        expect(recorder.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "hipaa-db-audit-archive-encryption").inputs.rules[0].applyServerSideEncryptionByDefault).toEqual({
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: KEY_ARN("hipaa-db"),
        });
    });

    it("subscribes the group the component created (never one RDS would create), after it exists", () => {
        const filter = recorder.one("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "hipaa-db-audit-subscription");
        expect(filter.inputs.logGroup).toBe("/aws/rds/instance/hipaa-db/postgresql");
        expect(filter.inputs.destinationArn).toBe(`arn:aws:kinesis:${MOCK_REGION}:${MOCK_ACCOUNT}:hipaa-db-audit-delivery`);
        expect(recorder.one("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "hipaa-db-audit-delivery").inputs.extendedS3Configuration.bucketArn).toBe(
            `arn:aws:s3:${MOCK_REGION}:${MOCK_ACCOUNT}:hipaa-db-audit-archive`,
        );
    });

    it("alarms to a topic encrypted with the database's key, and has the dashboard and the Athena queries", () => {
        expect(recorder.one("aws:sns/topic:Topic", "hipaa-db-audit-alarms").inputs.kmsMasterKeyId).toBe(KEY_ARN("hipaa-db"));
        expect(recorder.one("aws:cloudwatch/dashboard:Dashboard", "hipaa-db-audit-dashboard").inputs.dashboardName).toBe("hipaa-db-audit");
        expect(ofComponent("hipaa-db", "aws:athena/namedQuery:NamedQuery").length).toBeGreaterThan(1);
    });

    it("alarms to the same topic when the archive stops landing", () => {
        const alarm = recorder.one("aws:cloudwatch/metricAlarm:MetricAlarm", "hipaa-db-audit-archive-delivery").inputs;
        expect([alarm.metricName, alarm.dimensions, alarm.alarmActions]).toEqual([
            "DeliveryToS3.DataFreshness",
            { DeliveryStreamName: "hipaa-db-audit" },
            [`arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:hipaa-db-audit-alarms`],
        ]);
    });

    it("tags the audit trail's taggable children like every other child", () => {
        for (const type of ["aws:s3/bucket:Bucket", "aws:sns/topic:Topic", "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "aws:glue/catalogDatabase:CatalogDatabase"]) {
            expect(ofComponent("hipaa-db", type)[0].inputs.tags).toEqual({ "data-classification": "phi", "compliance-posture": "hipaa", "managed-by": "hardened-postgres" });
        }
    });

    it("says what is in force, and which detections CloudWatch can't alarm on", async () => {
        expect(db.auditTrailStatus.archive).toBe("created: Object Lock COMPLIANCE 2192 days, versioned, SSE-KMS with the database's key, private, TLS-only");
        expect(db.auditTrailStatus.alarms).toBe("notifying the created topic, encrypted with the database's key");
        expect(db.auditTrailStatus.notAlarmed).toEqual(db.auditTrail.alarms!.notExpressible.map((n) => `${n.detection}: ${n.reason}`));
        expect(await valueOf(db.auditArchiveBucketArn!)).toBe(`arn:aws:s3:${MOCK_REGION}:${MOCK_ACCOUNT}:hipaa-db-audit-archive`);
        expect(await valueOf(db.auditAlarmTopicArn!)).toBe(`arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:hipaa-db-audit-alarms`);
    });
});

describe("HardenedPostgres's audit trail, varied", () => {
    it("delivers to a bucket in a log-archive account without creating one, and records that the bucket is judged there", async () => {
        const bucketArn = "arn:aws:s3:::central-log-archive-111122223333";
        const db = await build("central-db", { auditTrail: { archive: { bucketArn } } });
        expect(ofComponent("central-db", "aws:s3/bucket:Bucket")).toEqual([]);
        expect(ofComponent("central-db", "aws:s3/bucketPolicy:BucketPolicy")).toEqual([]);
        expect(recorder.one("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "central-db-audit-delivery").inputs.extendedS3Configuration.bucketArn).toBe(bucketArn);
        expect(recorder.one("aws:glue/catalogTable:CatalogTable", "central-db-audit-table").inputs.storageDescriptor.location).toBe(
            "s3://central-log-archive-111122223333/postgresql/central-db/",
        );
        expect(db.auditTrailStatus.archive).toBe(`external: ${bucketArn}; its Object Lock, encryption and policy are judged in its own account's stack`);
        expect(await valueOf(db.auditArchiveBucketArn!)).toBe(bucketArn);
        // That account's bucket policy grants this role; the output names it.
        expect(await valueOf(db.auditDeliveryRoleArn!)).toBe(`arn:aws:iam:${MOCK_REGION}:${MOCK_ACCOUNT}:central-db-audit-delivery`);
    });

    it("builds neither archive nor alarms when both are opted out, and shows each reason", async () => {
        const db = await build("siem-db", { optOuts: { auditArchive: "shipped to the SIEM's own WORM store", auditAlarms: "the SIEM alerts" } });
        for (const type of AUDIT_TYPES.filter((t) => t !== "aws:cloudwatch/dashboard:Dashboard")) {
            expect({ type, found: ofComponent("siem-db", type).length }).toEqual({ type, found: 0 });
        }
        expect(ofComponent("siem-db", "aws:cloudwatch/metricAlarm:MetricAlarm")).toEqual([]);
        expect(db.auditTrail.archiveDeliveryAlarm).toBeUndefined();
        // With the alarms off, the dashboard names every detection as not alarmed, with the opt-out's reason.
        const body = JSON.parse(recorder.one("aws:cloudwatch/dashboard:Dashboard", "siem-db-audit-dashboard").inputs.dashboardBody);
        const markdown: string = body.widgets.find((w: { type: string }) => w.type === "text").properties.markdown;
        for (const d of DETECTIONS) {
            expect(markdown).toContain(`- **${d.id}**: alarms off: optOuts.auditAlarms: the SIEM alerts`);
        }
        expect(db.auditTrailStatus).toEqual({
            archive: "off: optOuts.auditArchive: shipped to the SIEM's own WORM store",
            alarms: "off: optOuts.auditAlarms: the SIEM alerts",
            notAlarmed: [],
        });
        expect([db.auditArchiveBucketArn, db.auditAlarmTopicArn, db.auditDeliveryRoleArn]).toEqual([undefined, undefined, undefined]);
        expect(db.optOuts).toEqual({ auditArchive: "shipped to the SIEM's own WORM store", auditAlarms: "the SIEM alerts" });
        expect(recorder.one("aws:rds/instance:Instance", "siem-db-instance").inputs.tags["hpg-opt-outs"]).toBe("auditAlarms auditArchive");
    });

    it("refuses a retention below the posture's minimum before anything is registered", () => {
        const before = recorder.resources.length;
        let error: unknown;
        try {
            new HardenedPostgres("short-db", { ...NETWORK, posture: "pci", auditTrail: { archive: { retentionDays: 90 } } });
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(HardenedPostgresArgumentsError);
        expect((error as HardenedPostgresArgumentsError).problems).toEqual([
            "[auditTrail.archive.retentionDays] 90 is not allowed in posture 'pci', whose minimum is 365 days (HPG-AUD-06); allowed: whole days from 365 to 36500",
        ]);
        expect(recorder.resources.length).toBe(before);
    });
});
