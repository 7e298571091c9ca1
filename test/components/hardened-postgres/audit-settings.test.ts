import { defaultDetectionSettings, DetectionDefinition } from "../../../components/audit-trail/detections";
import { filterPatternProblems } from "../../../components/hardened-postgres/audit-settings";
import { HardenedPostgresArgs } from "../../../components/hardened-postgres/args";
import { validateHardenedPostgresArgs } from "../../../components/hardened-postgres/validate";
import { problemsOf } from "../../support/argument-problems";

const NETWORK: HardenedPostgresArgs = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"] };

const resolve = (args: Partial<HardenedPostgresArgs>) => validateHardenedPostgresArgs("orders-db", { ...NETWORK, ...args }).auditTrail;

const BUCKET_ARN = "arn:aws:s3:::central-log-archive-111122223333";
const TOPIC_ARN = "arn:aws:sns:us-east-1:111122223333:security-oncall";

describe("auditTrail, resolved", () => {
    it("is on by default: a created archive with the posture's retention, a created topic, the detections' safe defaults", () => {
        expect(resolve({})).toEqual({ archive: { kind: "created", retentionDays: 365 }, alarms: { topicArn: undefined, emails: [] }, detections: defaultDetectionSettings() });
        expect(resolve({ posture: "hipaa" }).archive).toEqual({ kind: "created", retentionDays: 2192 });
        expect(resolve({ posture: "pci" }).archive).toEqual({ kind: "created", retentionDays: 365 });
    });

    it("takes a longer retention, an existing bucket in a log-archive account, an existing topic, e-mail subscribers", () => {
        expect(resolve({ posture: "hipaa", auditTrail: { archive: { retentionDays: 2557 } } }).archive).toEqual({ kind: "created", retentionDays: 2557 });
        expect(resolve({ auditTrail: { archive: { bucketArn: BUCKET_ARN } } }).archive).toEqual({ kind: "external", bucketArn: BUCKET_ARN, bucketName: "central-log-archive-111122223333" });
        expect(resolve({ auditTrail: { alarmTopicArn: TOPIC_ARN } }).alarms).toEqual({ topicArn: TOPIC_ARN, emails: [] });
        expect(resolve({ auditTrail: { alarmEmails: ["oncall@example.com"] } }).alarms).toEqual({ topicArn: undefined, emails: ["oncall@example.com"] });
    });

    it("merges detection overrides with the safe defaults", () => {
        const detections = resolve({ auditTrail: { detections: { bulkRead: { rowsPerStatement: 50 }, classifiedTables: ["app.patients"] } } }).detections;
        expect(detections.bulkRead).toEqual({ ...defaultDetectionSettings().bulkRead, rowsPerStatement: 50 });
        expect(detections.classifiedTables).toEqual(["app.patients"]);
    });

    it("turns the archive or the alarms off only with their named opt-out", () => {
        const off = resolve({ optOuts: { auditArchive: "archived by the central SIEM", auditAlarms: "alerts raised by the SIEM" } });
        expect([off.archive, off.alarms]).toEqual([undefined, undefined]);
    });
});

describe("auditTrail, refused", () => {
    it.each([
        ["a retention below HIPAA's six years", { posture: "hipaa", auditTrail: { archive: { retentionDays: 365 } } }, "[auditTrail.archive.retentionDays] 365 is not allowed in posture 'hipaa', whose minimum is 2192 days (HPG-AUD-06); allowed: whole days from 2192 to 36500"],
        ["a retention below SOC 2's year", { auditTrail: { archive: { retentionDays: 30 } } }, "[auditTrail.archive.retentionDays] 30 is not allowed in posture 'soc2', whose minimum is 365 days (HPG-AUD-06); allowed: whole days from 365 to 36500"],
        ["a retention beyond Object Lock's 100 years", { auditTrail: { archive: { retentionDays: 36501 } } }, "[auditTrail.archive.retentionDays] 36501 is not allowed in posture 'soc2', whose minimum is 365 days (HPG-AUD-06); allowed: whole days from 365 to 36500"],
        ["a fractional retention", { auditTrail: { archive: { retentionDays: 400.5 } } }, "[auditTrail.archive.retentionDays] 400.5 is not allowed in posture 'soc2', whose minimum is 365 days (HPG-AUD-06); allowed: whole days from 365 to 36500"],
        ["a retention as text", { auditTrail: { archive: { retentionDays: "400" } } }, "[auditTrail.archive.retentionDays] '400' is not allowed in posture 'soc2', whose minimum is 365 days (HPG-AUD-06); allowed: whole days from 365 to 36500"],
        ["a bucket ARN that is not one", { auditTrail: { archive: { bucketArn: "central-log-archive" } } }, "[auditTrail.archive.bucketArn] 'central-log-archive' is not an S3 bucket ARN; allowed: arn:aws:s3:::<bucket>, or leave it out to create the bucket"],
        ["a retention for an existing bucket", { auditTrail: { archive: { bucketArn: BUCKET_ARN, retentionDays: 400 } } }, "[auditTrail.archive.retentionDays] 400 can't be set for an existing bucket, whose Object Lock its own account sets (HPG-AUD-06); allowed: leave it out with bucketArn"],
        ["an unknown archive setting", { auditTrail: { archive: { objectLock: false } } }, "[auditTrail.archive.objectLock] is not an archive setting; allowed: bucketArn, retentionDays"],
        ["an archive that is not a map", { auditTrail: { archive: "yes" } }, "[auditTrail.archive] 'yes' is not a map; allowed: a map with bucketArn, retentionDays"],
        ["an audit trail that is not a map", { auditTrail: true }, "[auditTrail] true is not a map; allowed: a map with archive, alarmTopicArn, alarmEmails, detections"],
        ["an unknown audit trail setting", { auditTrail: { dashboard: false } }, "[auditTrail.dashboard] is not an audit trail setting; allowed: archive, alarmTopicArn, alarmEmails, detections"],
        ["a topic ARN that is not one", { auditTrail: { alarmTopicArn: "security-oncall" } }, "[auditTrail.alarmTopicArn] 'security-oncall' is not an SNS topic ARN; allowed: arn:aws:sns:<region>:<account>:<topic>, or leave it out to create the topic"],
        ["e-mails that are not a list", { auditTrail: { alarmEmails: "oncall@example.com" } }, "[auditTrail.alarmEmails] 'oncall@example.com' is not a list; allowed: a list of e-mail addresses"],
        ["an e-mail that is not one", { auditTrail: { alarmEmails: ["oncall"] } }, "[auditTrail.alarmEmails[0]] 'oncall' is not an e-mail address; allowed: name@domain"],
        [
            "e-mails with an existing topic",
            { auditTrail: { alarmTopicArn: TOPIC_ARN, alarmEmails: ["oncall@example.com"] } },
            '[auditTrail.alarmEmails] ["oncall@example.com"] subscribes to the created topic, which alarmTopicArn replaces; allowed: subscribe them to that topic, or leave alarmTopicArn out',
        ],
        ["archive settings with the archive opted out", { optOuts: { auditArchive: "SIEM" }, auditTrail: { archive: { retentionDays: 400 } } }, '[auditTrail.archive] {"retentionDays":400} is given while optOuts.auditArchive turns the archive off; allowed: one or the other'],
        ["a topic with the alarms opted out", { optOuts: { auditAlarms: "SIEM" }, auditTrail: { alarmTopicArn: TOPIC_ARN } }, "[auditTrail.alarmTopicArn] is given while optOuts.auditAlarms turns the alarms off; allowed: one or the other"],
        ["a detection threshold of 0", { auditTrail: { detections: { bulkRead: { rowsPerStatement: 0 } } } }, "[auditTrail.detections.bulkRead.rowsPerStatement] is 0; it must be a whole number ≥ 1"],
        ["an unknown detection setting", { auditTrail: { detections: { bulk: {} } } }, expect.stringMatching(/^\[auditTrail\.detections\.bulk\] is not a detection setting; allowed: /)],
        ["detections that are not a map", { auditTrail: { detections: [] } }, "[auditTrail.detections] is []; it must be an object"],
    ])("%s names the field, the value and what is allowed", (_label, args, message) => {
        expect(problemsOf(args as unknown as Partial<HardenedPostgresArgs>)).toEqual([message]);
    });
});

describe("filterPatternProblems", () => {
    const withPattern = (pattern: string): DetectionDefinition => ({
        id: "outside-network",
        title: "t",
        description: "d",
        severity: "high",
        frameworks: {},
        evaluate: () => [],
        cloudwatch: () => ({ kind: "metric-filter", filterPattern: pattern, samples: [], metricName: "M", statistic: "Sum", threshold: 1, periodSeconds: 300, evaluationPeriods: 1 }),
        athena: () => "SELECT 1",
    });

    it("passes the product's detections with their defaults, and a pattern of exactly 1024 characters", () => {
        expect(filterPatternProblems(defaultDetectionSettings())).toEqual([]);
        expect(filterPatternProblems(defaultDetectionSettings(), [withPattern("x".repeat(1024))])).toEqual([]);
    });

    it("refuses a metric-filter pattern CloudWatch would refuse, naming its length and the limit", () => {
        expect(filterPatternProblems(defaultDetectionSettings(), [withPattern("x".repeat(1025))])).toEqual([
            "[auditTrail.detections] the settings given make outside-network's CloudWatch filter pattern 1025 characters long; allowed: at most 1024 (PutMetricFilter), e.g. fewer, wider allowedCidrs",
        ]);
    });
});
