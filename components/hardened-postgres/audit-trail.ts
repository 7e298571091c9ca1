import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DETECTIONS } from "../audit-trail/detections";
import { rdsLogGroupName } from "../catalog";
import { AuditAlarms, createArchiveDeliveryAlarm, createAuditAlarms } from "./audit-alarms";
import { AuditArchive, createAuditArchive } from "./audit-archive";
import { AuditAthena, createAuditAthena } from "./audit-athena";
import { createAuditDashboard } from "./audit-dashboard";
import { AuditDelivery, createAuditDelivery } from "./audit-delivery";
import { ResolvedSettings } from "./validate";

export type AuditTrailBuildSettings = Pick<
    ResolvedSettings,
    "identifier" | "logRetentionInDays" | "retainOnDelete" | "tags" | "dataClassification" | "posture" | "optOuts" | "auditTrail"
>;

export interface AuditTrail {
    /** The created archive bucket; undefined when the archive is external or opted out. */
    archive?: AuditArchive;
    delivery?: AuditDelivery;
    athena?: AuditAthena;
    alarms?: AuditAlarms;
    /** Alarms when the archive stops landing; built when both the archive and the alarms are on. */
    archiveDeliveryAlarm?: aws.cloudwatch.MetricAlarm;
    dashboard: aws.cloudwatch.Dashboard;
    /** What is in force, in words, for the component's outputs: each part created, external or opted out with its reason. */
    status: { archive: string; alarms: string; notAlarmed: string[] };
}

/**
 * The audit trail in operation (HPG-AUD-06, HPG-MON-02): archive (or delivery to an external one), Athena over it,
 * alarms and the dashboard, each built by its own function; a part opted out is not built, and says so in `status`.
 */
export function createAuditTrail(name: string, settings: AuditTrailBuildSettings, keyArn: pulumi.Input<string>, postgresqlLogGroup: aws.cloudwatch.LogGroup, parent: pulumi.Resource): AuditTrail {
    const { archive: archiveSettings, alarms: alarmSettings, detections } = settings.auditTrail;
    const logGroupName = rdsLogGroupName(settings.identifier, "postgresql");
    const status: AuditTrail["status"] = { archive: "", alarms: "", notAlarmed: [] };

    let archive: AuditArchive | undefined;
    let delivery: AuditDelivery | undefined;
    let athena: AuditAthena | undefined;
    if (archiveSettings === undefined) {
        status.archive = `off: optOuts.auditArchive: ${settings.optOuts.auditArchive}`;
    } else {
        let bucketArn: pulumi.Input<string>;
        let bucketName: pulumi.Input<string>;
        if (archiveSettings.kind === "created") {
            archive = createAuditArchive(name, { ...settings, retentionDays: archiveSettings.retentionDays }, keyArn, parent);
            bucketArn = archive.bucketArn;
            bucketName = archive.bucketName;
            status.archive = `created: Object Lock COMPLIANCE ${archiveSettings.retentionDays} days, versioned, SSE-KMS with the database's key, private, TLS-only`;
        } else {
            bucketArn = archiveSettings.bucketArn;
            bucketName = archiveSettings.bucketName;
            status.archive = `external: ${archiveSettings.bucketArn}; its Object Lock, encryption and policy are judged in its own account's stack`;
        }
        delivery = createAuditDelivery(
            name,
            settings,
            { bucketArn, archiveKeyArn: archive ? keyArn : undefined, keyArn, logGroupName: postgresqlLogGroup.name },
            parent,
        );
        athena = createAuditAthena(name, { ...settings, detections }, bucketName, parent);
    }

    let alarms: AuditAlarms | undefined;
    if (alarmSettings === undefined) {
        status.alarms = `off: optOuts.auditAlarms: ${settings.optOuts.auditAlarms}`;
    } else {
        alarms = createAuditAlarms(name, { ...settings, ...alarmSettings, detections }, logGroupName, keyArn, parent, undefined, postgresqlLogGroup);
        status.alarms = alarmSettings.topicArn ? `notifying ${alarmSettings.topicArn}` : "notifying the created topic, encrypted with the database's key";
        status.notAlarmed = alarms.notExpressible.map((n) => `${n.detection}: ${n.reason}`);
    }
    const archiveDeliveryAlarm = delivery && alarms ? createArchiveDeliveryAlarm(name, settings, delivery.stream.name, alarms.topicArn, parent) : undefined;
    const notAlarmed = alarms ? alarms.notExpressible : DETECTIONS.map((d) => ({ detection: d.id, reason: `alarms off: optOuts.auditAlarms: ${settings.optOuts.auditAlarms}` }));
    const dashboard = createAuditDashboard(name, settings.identifier, logGroupName, detections.classifiedTables, parent, notAlarmed);
    return { archive, delivery, athena, alarms, archiveDeliveryAlarm, dashboard, status };
}
