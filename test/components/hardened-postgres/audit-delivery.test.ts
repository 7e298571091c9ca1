import * as pulumi from "@pulumi/pulumi";
import {
    AuditDeliverySettings,
    createAuditDelivery,
    firehoseDeliveryPolicy,
    logsToFirehosePolicy,
    serviceTrustPolicy,
} from "../../../components/hardened-postgres/audit-delivery";
import { auditDeliveryStreamName } from "../../../components/hardened-postgres/audit-names";
import { MOCK_ACCOUNT, MOCK_REGION, PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const BUCKET_ARN = "arn:aws:s3:::hpg-audit-orders-db-20261126";
const PLACE = { accountId: MOCK_ACCOUNT, region: MOCK_REGION, partition: "aws", dnsSuffix: "amazonaws.com" };
const TAGS = { "data-classification": "confidential", "compliance-posture": "soc2", "managed-by": "hardened-postgres" };
const settings = (identifier: string): AuditDeliverySettings => ({
    identifier,
    logRetentionInDays: 365,
    retainOnDelete: true,
    tags: {},
    dataClassification: "confidential",
    posture: "soc2",
    optOuts: {},
});

async function build(name: string, archiveKeyArn: string | undefined) {
    const parent = new pulumi.ComponentResource("test:index:Parent", name, {}, { transformations: [recorder.captureOptions] });
    const delivery = createAuditDelivery(
        name,
        settings(`${name}-db`),
        { bucketArn: BUCKET_ARN, archiveKeyArn, keyArn: KEY_ARN, logGroupName: `/aws/rds/instance/${name}-db/postgresql` },
        parent,
    );
    await valueOf(pulumi.all([delivery.subscriptionFilter.id, delivery.firehoseRolePolicy.id]));
    await recorder.settle();
    return delivery;
}

const names = (resources: unknown) => (resources as { __name: string }[]).map((r) => r.__name);

describe("createAuditDelivery to a bucket the component created", () => {
    beforeAll(async () => {
        await build("orders", KEY_ARN);
    });

    it("subscribes the postgresql log group, every event, to the Firehose stream through the logs role, after its policy", () => {
        const filter = recorder.one("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "orders-audit-subscription");
        expect(filter.inputs).toEqual({
            name: "orders-db-audit-archive",
            logGroup: "/aws/rds/instance/orders-db/postgresql",
            filterPattern: "",
            destinationArn: `arn:aws:kinesis:${MOCK_REGION}:${MOCK_ACCOUNT}:orders-audit-delivery`,
            roleArn: `arn:aws:iam:${MOCK_REGION}:${MOCK_ACCOUNT}:orders-audit-subscription`,
        });
        expect(names(filter.opts?.dependsOn)).toEqual(["orders-audit-subscription-policy"]);
    });

    it("writes decompressed envelopes, one a line, gzip'd under the instance's UTC hour prefix, encrypted with the archive's key", () => {
        const stream = recorder.one("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "orders-audit-delivery");
        expect(stream.inputs).toEqual({
            name: "orders-db-audit",
            destination: "extended_s3",
            serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY_ARN },
            extendedS3Configuration: {
                roleArn: `arn:aws:iam:${MOCK_REGION}:${MOCK_ACCOUNT}:orders-audit-delivery`,
                bucketArn: BUCKET_ARN,
                prefix: "postgresql/orders-db/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/!{timestamp:HH}/",
                errorOutputPrefix: "errors/orders-db/!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/",
                bufferingSize: 5,
                bufferingInterval: 300,
                compressionFormat: "GZIP",
                kmsKeyArn: KEY_ARN,
                processingConfiguration: {
                    enabled: true,
                    processors: [{ type: "Decompression", parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }] }, { type: "AppendDelimiterToRecord" }],
                },
                cloudwatchLoggingOptions: { enabled: true, logGroupName: "/aws/kinesisfirehose/orders-db-audit", logStreamName: "DestinationDelivery" },
            },
            tags: TAGS,
        });
        expect(names(stream.opts?.dependsOn)).toEqual(["orders-audit-delivery-policy", "orders-audit-delivery-errors"]);
    });

    it("logs delivery errors to an encrypted, retained group of its own", () => {
        const group = recorder.one("aws:cloudwatch/logGroup:LogGroup", "orders-audit-delivery-errors");
        expect(group.inputs).toEqual({ name: "/aws/kinesisfirehose/orders-db-audit", retentionInDays: 365, kmsKeyId: KEY_ARN, tags: TAGS });
        expect(group.opts?.retainOnDelete).toBe(true);
    });

    it("lets only Firehose, for this account, assume the delivery role, which writes only the archive bucket", () => {
        const role = recorder.one("aws:iam/role:Role", "orders-audit-delivery");
        expect(JSON.parse(role.inputs.assumeRolePolicy)).toEqual({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "firehose.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": MOCK_ACCOUNT } } }],
        });
        const policy = recorder.one("aws:iam/rolePolicy:RolePolicy", "orders-audit-delivery-policy");
        expect(policy.inputs).toEqual({ role: "orders-audit-delivery-role", policy: firehoseDeliveryPolicy(PLACE, BUCKET_ARN, KEY_ARN, "/aws/kinesisfirehose/orders-db-audit") });
    });

    it("lets only CloudWatch Logs of this region, for this account's log groups, assume the subscription role, which puts into this stream only", () => {
        const role = recorder.one("aws:iam/role:Role", "orders-audit-subscription");
        expect(JSON.parse(role.inputs.assumeRolePolicy)).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "logs.us-east-1.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${MOCK_ACCOUNT}:*` } },
                },
            ],
        });
        expect(JSON.parse(recorder.one("aws:iam/rolePolicy:RolePolicy", "orders-audit-subscription-policy").inputs.policy)).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "PutIntoTheAuditStreamOnly",
                    Effect: "Allow",
                    Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
                    Resource: `arn:aws:kinesis:${MOCK_REGION}:${MOCK_ACCOUNT}:orders-audit-delivery`,
                },
            ],
        });
    });

    it("parents every child to the component, named after it", () => {
        const children = recorder.resources.filter((r) => r.name.startsWith("orders-audit-"));
        expect(children.map((c) => c.name).sort()).toEqual([
            "orders-audit-delivery",
            "orders-audit-delivery",
            "orders-audit-delivery-errors",
            "orders-audit-delivery-policy",
            "orders-audit-subscription",
            "orders-audit-subscription",
            "orders-audit-subscription-policy",
        ]);
        for (const child of children) {
            expect((child.opts?.parent as unknown as { __name: string }).__name).toBe("orders");
        }
    });
});

describe("createAuditDelivery to a bucket in a log-archive account", () => {
    it("leaves the objects' key to the bucket's own default, and lets the role use a key only through S3 for that bucket", async () => {
        await build("central", undefined);
        const stream = recorder.one("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "central-audit-delivery");
        expect(stream.inputs.extendedS3Configuration).not.toHaveProperty("kmsKeyArn");
        expect(stream.inputs.extendedS3Configuration.bucketArn).toBe(BUCKET_ARN);
        const policy = JSON.parse(recorder.one("aws:iam/rolePolicy:RolePolicy", "central-audit-delivery-policy").inputs.policy);
        expect(policy.Statement[1]).toEqual({
            Sid: "EncryptThroughS3ForTheArchiveOnly",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: {
                StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [BUCKET_ARN, `${BUCKET_ARN}/*`] },
            },
        });
    });
});

describe("firehoseDeliveryPolicy", () => {
    const policy = JSON.parse(firehoseDeliveryPolicy(PLACE, BUCKET_ARN, KEY_ARN, "/aws/kinesisfirehose/orders-db-audit"));

    it("grants S3 delivery on the archive bucket and its objects only", () => {
        expect(policy.Statement[0]).toEqual({
            Sid: "WriteTheArchiveBucketOnly",
            Effect: "Allow",
            Action: ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"],
            Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
        });
    });

    it("never grants a delete or an Object Lock change", () => {
        const actions = policy.Statement.flatMap((s: { Action: string[] }) => s.Action);
        expect(actions.filter((a: string) => /Delete|ObjectLock|Retention|LegalHold|\*/.test(a))).toEqual([]);
    });

    it("uses the archive's key only through S3, for this bucket's objects (or the bucket, with a Bucket Key)", () => {
        expect(policy.Statement[1]).toEqual({
            Sid: "EncryptThroughS3ForTheArchiveOnly",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: KEY_ARN,
            Condition: {
                StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [BUCKET_ARN, `${BUCKET_ARN}/*`] },
            },
        });
    });

    it("writes only its own error log", () => {
        expect(policy.Statement[2]).toEqual({
            Sid: "WriteDeliveryErrors",
            Effect: "Allow",
            Action: ["logs:PutLogEvents"],
            Resource: `arn:aws:logs:us-east-1:${MOCK_ACCOUNT}:log-group:/aws/kinesisfirehose/orders-db-audit:*`,
        });
    });
});

describe("the delivery's names and small policies", () => {
    it("keep Firehose's stream name within 64 characters for the longest identifier RDS allows", () => {
        expect(auditDeliveryStreamName(`a${"b".repeat(62)}`)).toHaveLength(64);
    });

    it("build a trust policy for exactly one service, with its condition", () => {
        expect(JSON.parse(serviceTrustPolicy("firehose.amazonaws.com", { StringEquals: { "sts:ExternalId": "1" } })).Statement).toHaveLength(1);
        expect(JSON.parse(logsToFirehosePolicy("arn:stream")).Statement[0].Resource).toBe("arn:stream");
    });
});
