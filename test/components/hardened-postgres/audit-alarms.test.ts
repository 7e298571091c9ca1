import * as pulumi from "@pulumi/pulumi";
import { defaultDetectionSettings, DetectionDefinition, DETECTIONS } from "../../../components/audit-trail/detections";
import { alarmTopicPolicy, AuditAlarmSettings, createArchiveDeliveryAlarm, createAuditAlarms } from "../../../components/hardened-postgres/audit-alarms";
import { MOCK_ACCOUNT, MOCK_REGION, PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const GROUP = "/aws/rds/instance/orders-db/postgresql";
const TAGS = { "data-classification": "pci", "compliance-posture": "pci", "managed-by": "hardened-postgres" };

/** One detection of each CloudWatch form, its threshold read from the settings as a real detection's is. */
function detection(id: DetectionDefinition["id"], cloudwatch: DetectionDefinition["cloudwatch"]): DetectionDefinition {
    return { id, title: `Title of ${id}`, description: `What ${id} finds.`, severity: "high", frameworks: {}, evaluate: () => [], cloudwatch, athena: () => "SELECT 1" };
}
const FAKE_DETECTIONS: DetectionDefinition[] = [
    detection("failed-auth-burst", (s) => ({
        kind: "metric-filter",
        filterPattern: '"password authentication failed"',
        samples: [],
        metricName: "FailedAuthentication",
        statistic: "Sum",
        threshold: s.failedAuth.attempts,
        periodSeconds: s.failedAuth.windowMinutes * 60,
        evaluationPeriods: 1,
    })),
    detection("audit-gap", (s) => ({ kind: "log-group-silence", periodSeconds: s.auditGap.maxSilenceMinutes * 60, evaluationPeriods: 1 })),
    detection("after-hours", () => ({ kind: "not-expressible", reason: "a metric filter has no clock; Athena query after-hours" })),
];

const settings = (more: Partial<AuditAlarmSettings> = {}): AuditAlarmSettings => ({
    identifier: "orders-db",
    tags: {},
    dataClassification: "pci",
    posture: "pci",
    optOuts: {},
    detections: { ...defaultDetectionSettings(), failedAuth: { attempts: 7, windowMinutes: 10 } },
    emails: [],
    ...more,
});

async function build(name: string, more: Partial<AuditAlarmSettings> = {}, detections: readonly DetectionDefinition[] = FAKE_DETECTIONS) {
    const parent = new pulumi.ComponentResource("test:index:Parent", name, {}, { transformations: [recorder.captureOptions] });
    const alarms = createAuditAlarms(name, settings(more), GROUP, KEY_ARN, parent, detections);
    await valueOf(pulumi.all([alarms.topicArn, ...alarms.alarms.map((a) => a.alarm.id)]));
    await recorder.settle();
    return alarms;
}

const TOPIC_ARN = (name: string) => `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:${name}-audit-alarms`;

describe("createAuditAlarms", () => {
    let alarms: Awaited<ReturnType<typeof build>>;
    beforeAll(async () => {
        alarms = await build("orders", { emails: ["oncall@example.com"] });
    });

    it("creates the alarm topic encrypted with the customer-managed key", () => {
        expect(recorder.one("aws:sns/topic:Topic", "orders-audit-alarms").inputs).toEqual({
            displayName: "hardened-postgres orders-db audit alarms",
            kmsMasterKeyId: KEY_ARN,
            tags: TAGS,
        });
    });

    it("lets only this instance's audit alarms, in this account, publish to it, over TLS", () => {
        const policy = recorder.one("aws:sns/topicPolicy:TopicPolicy", "orders-audit-alarms-policy");
        expect(policy.inputs).toEqual({
            arn: TOPIC_ARN("orders"),
            policy: alarmTopicPolicy(TOPIC_ARN("orders"), { accountId: MOCK_ACCOUNT, region: MOCK_REGION, partition: "aws", dnsSuffix: "amazonaws.com" }, "orders-db"),
        });
        expect(JSON.parse(policy.inputs.policy).Statement).toEqual([
            {
                Sid: "ThisInstancesAuditAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: TOPIC_ARN("orders"),
                Condition: {
                    StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT },
                    ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${MOCK_REGION}:${MOCK_ACCOUNT}:alarm:orders-db-audit-*` },
                },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: TOPIC_ARN("orders"),
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ]);
    });

    it("names every alarm under the pattern the key and topic policies admit", () => {
        for (const alarm of recorder.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.name.startsWith("orders-"))) {
            expect(alarm.inputs.name).toMatch(/^orders-db-audit-/);
        }
    });

    it("subscribes each e-mail address", () => {
        expect(recorder.one("aws:sns/topicSubscription:TopicSubscription", "orders-audit-alarms-email-0").inputs).toEqual({
            topic: TOPIC_ARN("orders"),
            protocol: "email",
            endpoint: "oncall@example.com",
        });
    });

    it("counts a metric-filter detection's lines on the postgresql group in the instance's namespace, 0 when none match", () => {
        expect(recorder.one("aws:cloudwatch/logMetricFilter:LogMetricFilter", "orders-audit-failed-auth-burst").inputs).toEqual({
            name: "orders-db-audit-failed-auth-burst",
            logGroupName: GROUP,
            pattern: '"password authentication failed"',
            metricTransformation: { name: "FailedAuthentication", namespace: "HardenedPostgres/Audit/orders-db", value: "1", defaultValue: "0" },
        });
    });

    it("alarms on it at the detection's threshold, period and evaluations, notifying the topic, after the filter exists", () => {
        const alarm = recorder.one("aws:cloudwatch/metricAlarm:MetricAlarm", "orders-audit-failed-auth-burst");
        expect(alarm.inputs).toEqual({
            name: "orders-db-audit-failed-auth-burst",
            alarmDescription: `Title of failed-auth-burst (failed-auth-burst, high): What failed-auth-burst finds. Evidence: the matching lines in ${GROUP}; the archive's Athena query 'failed-auth-burst'.`,
            alarmActions: [TOPIC_ARN("orders")],
            namespace: "HardenedPostgres/Audit/orders-db",
            metricName: "FailedAuthentication",
            statistic: "Sum",
            period: 600,
            evaluationPeriods: 1,
            threshold: 7,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            tags: TAGS,
        });
        expect((alarm.opts?.dependsOn as unknown as { __name: string }[]).map((r) => r.__name)).toEqual(["orders-audit-failed-auth-burst"]);
    });

    it("alarms on a silent group through its own IncomingLogEvents, missing data counting as silence", () => {
        expect(recorder.one("aws:cloudwatch/metricAlarm:MetricAlarm", "orders-audit-audit-gap").inputs).toMatchObject({
            name: "orders-db-audit-audit-gap",
            alarmActions: [TOPIC_ARN("orders")],
            namespace: "AWS/Logs",
            metricName: "IncomingLogEvents",
            dimensions: { LogGroupName: GROUP },
            statistic: "Sum",
            period: 3600,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: "LessThanThreshold",
            treatMissingData: "breaching",
        });
        expect(recorder.resources.filter((r) => r.name === "orders-audit-audit-gap").map((r) => r.type)).toEqual(["aws:cloudwatch/metricAlarm:MetricAlarm"]);
    });

    it("creates nothing for a detection CloudWatch can't express, and says why and where it runs", () => {
        expect(recorder.resources.filter((r) => r.name === "orders-audit-after-hours")).toEqual([]);
        expect(alarms.notExpressible).toEqual([{ detection: "after-hours", reason: "a metric filter has no clock; Athena query after-hours" }]);
        expect(alarms.alarms.map((a) => a.detection)).toEqual(["failed-auth-burst", "audit-gap"]);
    });
});

describe("createAuditAlarms with an existing topic", () => {
    it("notifies that topic and creates no topic, policy or subscription", async () => {
        const topicArn = `arn:aws:sns:us-east-1:${MOCK_ACCOUNT}:security-oncall`;
        const alarms = await build("shared", { topicArn });
        expect(recorder.resources.filter((r) => r.name.startsWith("shared-audit-alarms"))).toEqual([]);
        expect(alarms.topic).toBeUndefined();
        expect(await valueOf(alarms.topicArn)).toBe(topicArn);
        expect(recorder.one("aws:cloudwatch/metricAlarm:MetricAlarm", "shared-audit-audit-gap").inputs.alarmActions).toEqual([topicArn]);
    });
});

describe("createAuditAlarms with the product's detections", () => {
    it("creates one alarm per metric-filter or log-group-silence detection, with its threshold, and lists the rest", async () => {
        const detections = defaultDetectionSettings();
        const alarms = await build("product", { detections }, DETECTIONS);
        const forms = DETECTIONS.map((d) => ({ id: d.id, form: d.cloudwatch(detections) }));
        const alarmed = forms.filter((f) => f.form.kind !== "not-expressible");
        expect(alarms.alarms.map((a) => a.detection)).toEqual(alarmed.map((f) => f.id));
        expect(alarms.notExpressible.map((n) => n.detection)).toEqual(forms.filter((f) => f.form.kind === "not-expressible").map((f) => f.id));
        for (const { id, form } of alarmed) {
            const alarm = recorder.one("aws:cloudwatch/metricAlarm:MetricAlarm", `product-audit-${id}`).inputs;
            expect(alarm.threshold).toBe(form.kind === "metric-filter" ? form.threshold : 1);
            expect(alarm.period).toBe(form.kind !== "not-expressible" ? form.periodSeconds : undefined);
        }
    });
});

describe("createArchiveDeliveryAlarm", () => {
    it("alarms when records wait in Firehose past its 15-minute buffering limit, notifying the topic", async () => {
        const parent = new pulumi.ComponentResource("test:index:Parent", "landing", {}, { transformations: [recorder.captureOptions] });
        const alarm = createArchiveDeliveryAlarm("landing", settings(), "orders-db-audit", TOPIC_ARN("landing"), parent);
        await valueOf(alarm.id);
        await recorder.settle();
        expect(recorder.one("aws:cloudwatch/metricAlarm:MetricAlarm", "landing-audit-archive-delivery").inputs).toEqual({
            name: "orders-db-audit-archive-delivery",
            alarmDescription:
                "The audit trail of orders-db is not reaching its S3 archive: records wait in Firehose longer than 15 minutes. Evidence: Firehose's error log /aws/kinesisfirehose/<stream> and the archive's errors/ prefix.",
            alarmActions: [TOPIC_ARN("landing")],
            namespace: "AWS/Firehose",
            metricName: "DeliveryToS3.DataFreshness",
            dimensions: { DeliveryStreamName: "orders-db-audit" },
            statistic: "Maximum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 900,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            tags: TAGS,
        });
    });
});
