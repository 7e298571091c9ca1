import { DETECTIONS, defaultDetectionSettings } from "../../../../../components/audit-trail/detections";
import { detectionsAlarmed as policy } from "../../../../../components/catalog/controls/hpg-mon-02/plan";
import { CLOUDWATCH_DETECTIONS } from "../../../../../components/catalog/kit/plan/audit-alarms";
import { alarms } from "../../../../support/audit-alarm-fixtures";
import { auroraCluster } from "../../../../support/cluster-fixtures";
import { instance, logGroup } from "../../../../support/policy-fixtures";
import { lines, validateStack } from "../../../../support/policy-harness";

const GROUP = "/aws/rds/instance/db-1/postgresql";
const CLUSTER_GROUP = "/aws/rds/cluster/cluster-1/postgresql";
const forms = DETECTIONS.map((d) => ({ id: d.id, cw: d.cloudwatch(defaultDetectionSettings()) }));
/** The first detection CloudWatch runs as a metric filter (the catalog's, so the test follows the detections' own forms). */
const filtered = forms.find((f) => f.cw.kind === "metric-filter")!;
const metricName = filtered.cw.kind === "metric-filter" ? filtered.cw.metricName : "";

describe("hpg-mon-02-detections-alarmed", () => {
    it("alarms every detection CloudWatch can express, and only those", () => {
        expect(CLOUDWATCH_DETECTIONS).toEqual(forms.filter((f) => f.cw.kind !== "not-expressible").map((f) => f.id));
        expect(filtered).toBeDefined();
    });

    it("passes an instance's and a cluster's postgresql group with every expressible detection's filter and alarm, notifying an encrypted topic", async () => {
        expect(await validateStack(policy, [instance(), logGroup(), ...alarms(GROUP)])).toEqual([]);
        expect(await validateStack(policy, [auroraCluster(), ...alarms(CLUSTER_GROUP)])).toEqual([]);
    });

    it("blocks a group without a detection's metric filter, naming the detection, its metric and the waiver", async () => {
        expect(lines(await validateStack(policy, [instance(), logGroup(), ...alarms(GROUP, { withoutFilter: [filtered.id] })]))).toEqual([
            expect.stringMatching(
                new RegExp(
                    `^mandatory \\[HPG-MON-02\\] RDS instance 'db': its audit log group '${GROUP}' has no metric filter for detection '${filtered.id}' \\(metric ${metricName}\\); add an aws.cloudwatch.LogMetricFilter on '${GROUP}' with metricTransformation.name '${metricName}' \\(pattern .*\\) \\(or waive it: tag hpg-opt-out:auditAlarms with the reason\\)$`,
                ),
            ),
        ]);
    });

    it("blocks a detection's metric without an alarm", async () => {
        expect(lines(await validateStack(policy, [instance(), logGroup(), ...alarms(GROUP, { withoutAlarm: [filtered.id] })]))).toEqual([
            expect.stringContaining(`[HPG-MON-02] RDS instance 'db': no alarm watches metric HardenedPostgres/Audit/${metricName} of detection '${filtered.id}'`),
        ]);
    });

    it("blocks alarms without an action, once per alarm", async () => {
        const found = lines(await validateStack(policy, [instance(), logGroup(), ...alarms(GROUP, { alarm: { alarmActions: [] } })]));
        expect(found).toContain(`mandatory [HPG-MON-02] metric alarm '${filtered.id}-alarm': has no alarmActions, so it notifies nobody; set alarmActions to an aws.sns.Topic of the stack encrypted with a customer-managed key`);
        expect(found).toHaveLength(CLOUDWATCH_DETECTIONS.length);
    });

    it("blocks an unencrypted topic once, however many alarms notify it", async () => {
        expect(lines(await validateStack(policy, [instance(), logGroup(), ...alarms(GROUP, { topic: { kmsMasterKeyId: undefined } })]))).toEqual([
            "mandatory [HPG-MON-02] SNS topic 'audit-alerts': kmsMasterKeyId is not set, so alerts naming people and tables are stored unencrypted; set kmsMasterKeyId to a customer-managed KMS key whose policy allows cloudwatch.amazonaws.com to use it",
        ]);
    });

    it("blocks a cluster's group without alarms, with no waiver offered: a cluster's tag would waive silently", async () => {
        const cluster = auroraCluster({ tags: { "compliance-posture": "soc2", "hpg-opt-out:auditAlarms": "SIEM alarms" } });
        expect(lines(await validateStack(policy, [cluster]))).toHaveLength(CLOUDWATCH_DETECTIONS.length);
    });

    it("honours an instance's auditAlarms opt-out with a reason", async () => {
        const waived = instance({ tags: { "compliance-posture": "soc2", "hpg-opt-out:auditAlarms": "the SIEM alarms on the archive" } });
        expect(await validateStack(policy, [waived, logGroup()])).toEqual([]);
    });

    it("judges only the detections the pack config lists, and names one that CloudWatch can't express", async () => {
        expect(await validateStack(policy, [instance(), logGroup()], { "hpg-mon-02-detections-alarmed": { cloudWatchDetections: [] } })).toEqual([]);
        const inexpressible = forms.find((f) => f.cw.kind === "not-expressible")?.id ?? "no-such-detection";
        expect(lines(await validateStack(policy, [instance(), logGroup(), ...alarms(GROUP)], { "hpg-mon-02-detections-alarmed": { cloudWatchDetections: [filtered.id, inexpressible] } }))).toEqual([
            `mandatory [HPG-MON-02] pack config: cloudWatchDetections names '${inexpressible}', which is no detection CloudWatch can express; use ${CLOUDWATCH_DETECTIONS.map((d) => `'${d}'`).join(", ")}`,
        ]);
    });

    it("is not applicable without a PostgreSQL database exporting postgresql logs", async () => {
        expect(await validateStack(policy, [instance({ enabledCloudwatchLogsExports: ["upgrade"] })])).toEqual([]);
        expect(await validateStack(policy, [instance({ engine: "mysql" })])).toEqual([]);
    });
});
