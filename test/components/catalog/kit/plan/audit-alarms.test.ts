import { PolicyResource } from "@pulumi/policy";
import { DetectionDefinition } from "../../../../../components/audit-trail/detections";
import { control } from "../../../../../components/catalog/controls/hpg-mon-02/control";
import { alarmResourcesOf, detectionFindings, renderDetections } from "../../../../../components/catalog/kit/plan/audit-alarms";
import { auditLogGroups } from "../../../../../components/catalog/kit/plan/audit-log-groups";
import { ControlPolicy, controlMetadata } from "../../../../../components/catalog/kit/plan/control-policy";
import { AlarmChanges, TOPIC_ARN, alarms } from "../../../../support/audit-alarm-fixtures";
import { instance, logGroup } from "../../../../support/policy-fixtures";
import { lines, resource, validateStack } from "../../../../support/policy-harness";
import * as aws from "@pulumi/aws";

const ROLE_LINE = "2026-01-05 03:00:00 UTC:10.0.3.7(50412):hpg_admin@hpg_app:[4242]:LOG:  AUDIT: SESSION,5,1,ROLE,GRANT,,,GRANT hpg_app_rw TO svc_new,<not logged>,0";

/** Two detections with fixed CloudWatch forms, so each way a detection can go unalarmed is asserted exactly. */
const detection = (id: "privilege-change" | "audit-gap", cloudwatch: DetectionDefinition["cloudwatch"]): DetectionDefinition => ({
    id,
    title: id,
    description: id,
    severity: "high",
    frameworks: {},
    evaluate: () => [],
    cloudwatch,
    athena: () => "",
});
const FILTERED = detection("privilege-change", () => ({ kind: "metric-filter", filterPattern: '"AUDIT: SESSION," ",ROLE,"', samples: [ROLE_LINE], metricName: "AuditPrivilegeChange", statistic: "Sum", threshold: 1, periodSeconds: 300, evaluationPeriods: 1 }));
const SILENCE = detection("audit-gap", () => ({ kind: "log-group-silence", periodSeconds: 3600, evaluationPeriods: 1 }));
const INEXPRESSIBLE = detection("audit-gap", () => ({ kind: "not-expressible", reason: "no" }));
const GROUP = "/aws/rds/instance/db-1/postgresql";

/** A stack policy that reports detectionFindings for `detections` as `<kind> '<name>': <problem>; <fix>`. */
function probe(detections: DetectionDefinition[], externalTopics: string[] = []): ControlPolicy {
    return {
        name: "hpg-mon-02-probe",
        judges: "test",
        ...controlMetadata(control),
        validateStack: (args, report) => {
            for (const group of auditLogGroups(args.resources)) {
                for (const d of renderDetections(detections)) {
                    for (const f of detectionFindings(d, group, alarmResourcesOf(args.resources, externalTopics))) {
                        report(`${f.kind} '${(f.subject as PolicyResource).name}': ${f.problem}; ${f.fix}`, f.subject.urn);
                    }
                }
            }
        },
    };
}

const judge = (changes: AlarmChanges = {}, detections = [FILTERED, SILENCE], extra: ReturnType<typeof alarms> = []) =>
    validateStack(probe(detections), [instance(), logGroup(), ...alarms(GROUP, changes, detections), ...extra]).then(lines);

describe("detectionFindings: what one detection needs on one audit log group", () => {
    it("is satisfied by the metric filter, its alarm, the silence alarm and an encrypted topic", async () => {
        expect(await judge()).toEqual([]);
    });

    it("judges the filter's pattern by what it matches: an equivalent or broader one, or other whitespace, passes", async () => {
        expect(await judge({ filter: { pattern: '  "AUDIT: SESSION,"   ",ROLE,"  ' } })).toEqual([]);
        expect(await judge({ filter: { pattern: '"ROLE"' } })).toEqual([]);
        expect(await judge({ filter: { pattern: '?"GRANT" ?"REVOKE"' } })).toEqual([]);
    });

    it("fails a pattern that can't match the lines the detection is about, or that it can't judge", async () => {
        const fix = `use the detection's pattern "\\"AUDIT: SESSION,\\" \\",ROLE,\\"", or any pattern that matches the lines it is about`;
        const filterName = (await judge({ filter: { pattern: '"NEVER"' } }))[0].match(/metric filter '([^']+)'/)![1];
        expect(await judge({ filter: { pattern: '"NEVER"' } })).toEqual([
            `mandatory RDS instance 'db': metric filter '${filterName}' feeds AuditPrivilegeChange for detection 'privilege-change' but its pattern "\\"NEVER\\"" doesn't match a line the detection is about: ${ROLE_LINE}; ${fix}`,
        ]);
        expect(await judge({ filter: { pattern: '",ROLE," -"AUDIT"' } })).toHaveLength(1);
        expect(await judge({ filter: { pattern: "%ROLE%" } })).toEqual([
            `mandatory RDS instance 'db': metric filter '${filterName}' feeds AuditPrivilegeChange for detection 'privilege-change' but its pattern "%ROLE%" can't be judged here (outside the evaluator's subset (JSON, space-delimited or regex): %ROLE%); write it with quoted terms, -exclusions or ?alternatives; ${fix}`,
        ]);
    });

    it("needs the filter on the group itself, with the detection's metric name", async () => {
        const missing = [
            `mandatory RDS instance 'db': its audit log group '${GROUP}' has no metric filter for detection 'privilege-change' (metric AuditPrivilegeChange); add an aws.cloudwatch.LogMetricFilter on '${GROUP}' with metricTransformation.name 'AuditPrivilegeChange' (pattern "\\"AUDIT: SESSION,\\" \\",ROLE,\\"")`,
        ];
        expect(await judge({ withoutFilter: ["privilege-change"] })).toEqual(missing);
        expect(await judge({ filter: { logGroupName: "/aws/rds/instance/db-2/postgresql" } })).toEqual(missing);
        expect(await judge({ filter: { metricTransformation: { name: "PrivilegeChanges", namespace: "HardenedPostgres/Audit", value: "1" } } })).toEqual(missing);
    });

    it("needs an alarm on the filter's metric, in the filter's namespace", async () => {
        const missing = [
            "mandatory RDS instance 'db': no alarm watches metric HardenedPostgres/Audit/AuditPrivilegeChange of detection 'privilege-change'; add an aws.cloudwatch.MetricAlarm on HardenedPostgres/Audit/AuditPrivilegeChange (Sum >= 1 over 300s) with alarmActions an encrypted SNS topic",
        ];
        expect(await judge({ withoutAlarm: ["privilege-change"] }, [FILTERED])).toEqual(missing);
        expect(await judge({ alarm: { namespace: "Custom" } }, [FILTERED])).toEqual(missing);
    });

    it("needs the silence alarm on the group's IncomingLogEvents to treat missing data as breaching", async () => {
        const missing = [
            `mandatory RDS instance 'db': no alarm with treatMissingData "breaching" watches AWS/Logs/IncomingLogEvents of '${GROUP}', so a silent audit stream (detection 'audit-gap') raises nothing; add an aws.cloudwatch.MetricAlarm on AWS/Logs/IncomingLogEvents with dimensions { LogGroupName: '${GROUP}' }, treatMissingData "breaching", and alarmActions an encrypted SNS topic`,
        ];
        expect(await judge({ withoutAlarm: ["audit-gap"] }, [SILENCE])).toEqual(missing);
        expect(await judge({ alarm: { treatMissingData: "missing" } }, [SILENCE])).toEqual(missing);
        expect(await judge({ alarm: { dimensions: { LogGroupName: "/aws/rds/instance/db-2/postgresql" } } }, [SILENCE])).toEqual(missing);
    });

    it("needs each alarm to notify: actions on, at least one, to an SNS topic of the stack", async () => {
        expect(await judge({ alarm: { alarmActions: [] } }, [FILTERED])).toEqual([
            "mandatory metric alarm 'privilege-change-alarm': has no alarmActions, so it notifies nobody; set alarmActions to an aws.sns.Topic of the stack encrypted with a customer-managed key",
        ]);
        expect(await judge({ alarm: { actionsEnabled: false } }, [FILTERED])).toEqual(["mandatory metric alarm 'privilege-change-alarm': actionsEnabled is false, so it notifies nobody; remove actionsEnabled: false"]);
        expect(await judge({ topic: false }, [FILTERED])).toEqual([
            "mandatory metric alarm 'privilege-change-alarm': notifies no SNS topic of this stack, so the pack can't see that the notification is encrypted; add an aws.sns.Topic of the stack (kmsMasterKeyId a customer-managed key) to alarmActions, or list the topic's ARN in the pack config's externalAlarmTopics if another account's stack declares it",
        ]);
    });

    it("accepts a topic of another stack only when it is listed as external", async () => {
        const resources = [instance(), logGroup(), ...alarms(GROUP, { topic: false }, [FILTERED])];
        expect(lines(await validateStack(probe([FILTERED], [TOPIC_ARN]), resources))).toEqual([]);
        expect(lines(await validateStack(probe([FILTERED], ["arn:aws:sns:us-east-1:210987654321:other"]), resources))).toHaveLength(1);
    });

    it("finds the topic by its ARN when the alarm wasn't built from it", async () => {
        const topic = resource(aws.sns.Topic, "by-arn", { name: "alerts", kmsMasterKeyId: "alias/aws/sns" }, { outputs: { name: "alerts", kmsMasterKeyId: "alias/aws/sns", arn: TOPIC_ARN } });
        expect(await judge({ topic: false }, [FILTERED], [topic])).toEqual([
            "mandatory SNS topic 'by-arn': kmsMasterKeyId is 'alias/aws/sns', an AWS-managed key CloudWatch alarms can't publish through; set kmsMasterKeyId to a customer-managed KMS key whose policy allows cloudwatch.amazonaws.com to use it",
        ]);
    });

    it("needs the topic encrypted with a customer-managed key", async () => {
        expect(await judge({ topic: { kmsMasterKeyId: undefined } }, [FILTERED])).toEqual([
            "mandatory SNS topic 'audit-alerts': kmsMasterKeyId is not set, so alerts naming people and tables are stored unencrypted; set kmsMasterKeyId to a customer-managed KMS key whose policy allows cloudwatch.amazonaws.com to use it",
        ]);
    });

    it("needs nothing for a detection CloudWatch can't express", async () => {
        expect(await judge({}, [INEXPRESSIBLE])).toEqual([]);
    });
});
