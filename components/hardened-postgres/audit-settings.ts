import * as pulumi from "@pulumi/pulumi";
import { DetectionDefinition, DetectionSettings, DetectionSettingsError, DETECTIONS, validateDetectionSettings } from "../audit-trail/detections";
import { Posture, PostureProfile } from "../catalog";
import type { HardenedPostgresOptOuts } from "./args";
import { shownValue as show } from "./shown-value";

/** PutMetricFilter takes a filter pattern of at most 1024 characters. */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

/** S3 Object Lock accepts a default retention of at most 100 years (36500 days). */
export const MAX_OBJECT_LOCK_DAYS = 36500;

/** Where the archive is: a bucket the component creates under Object Lock, or an existing one judged in its own account. */
export type ResolvedAuditArchive = { kind: "created"; retentionDays: number } | { kind: "external"; bucketArn: string; bucketName: string };

/** `auditTrail` validated, with its defaults applied; a part opted out is undefined. */
export interface ResolvedAuditTrail {
    /** Undefined with `optOuts.auditArchive`. */
    archive?: ResolvedAuditArchive;
    /** Undefined with `optOuts.auditAlarms`; `topicArn` set means an existing topic is notified and none is created. */
    alarms?: { topicArn?: string; emails: string[] };
    detections: DetectionSettings;
}

const ARCHIVE_KEYS = ["bucketArn", "retentionDays"];
const AUDIT_TRAIL_KEYS = ["archive", "alarmTopicArn", "alarmEmails", "detections"];
/** An S3 bucket ARN (buckets have no region or account in their ARN). */
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !pulumi.Output.isInstance(v);

/**
 * Validates `auditTrail` against the posture and the opt-outs in force; every problem names its field in brackets, the
 * value given and what is allowed, and is pushed onto `problems`.
 */
export function resolveAuditTrail(value: unknown, posture: Posture, profile: PostureProfile, optOuts: HardenedPostgresOptOuts, problems: string[]): ResolvedAuditTrail {
    const detectionsDefault = validateDetectionSettings(undefined);
    if (!isPlainObject(value)) {
        problems.push(`[auditTrail] ${show(value)} is not a map; allowed: a map with ${AUDIT_TRAIL_KEYS.join(", ")}`);
        return { detections: detectionsDefault };
    }
    for (const key of Object.keys(value).filter((k) => !AUDIT_TRAIL_KEYS.includes(k))) {
        problems.push(`[auditTrail.${key}] is not an audit trail setting; allowed: ${AUDIT_TRAIL_KEYS.join(", ")}`);
    }
    const archive = resolveArchive(value.archive, posture, profile, optOuts, problems);
    const alarms = resolveAlarms(value.alarmTopicArn, value.alarmEmails, optOuts, problems);
    const detections = resolveDetections(value.detections, problems) ?? detectionsDefault;
    if (alarms !== undefined) {
        problems.push(...filterPatternProblems(detections));
    }
    return { archive, alarms, detections };
}

/**
 * Settings can grow a detection's filter pattern (each allowed range is a term) past what CloudWatch accepts; a
 * detection should then say it is not expressible, and this refuses, at construction, one that doesn't.
 */
export function filterPatternProblems(detections: DetectionSettings, definitions: readonly DetectionDefinition[] = DETECTIONS): string[] {
    return definitions.flatMap((d) => {
        const form = d.cloudwatch(detections);
        return form.kind === "metric-filter" && form.filterPattern.length > MAX_FILTER_PATTERN_LENGTH
            ? [
                  `[auditTrail.detections] the settings given make ${d.id}'s CloudWatch filter pattern ${form.filterPattern.length} characters long; allowed: at most ${MAX_FILTER_PATTERN_LENGTH} (PutMetricFilter), e.g. fewer, wider allowedCidrs`,
              ]
            : [];
    });
}

function resolveArchive(value: unknown, posture: Posture, profile: PostureProfile, optOuts: HardenedPostgresOptOuts, problems: string[]): ResolvedAuditArchive | undefined {
    const minimum = profile.minAuditArchiveRetentionDays;
    if (value !== undefined && !isPlainObject(value)) {
        problems.push(`[auditTrail.archive] ${show(value)} is not a map; allowed: a map with ${ARCHIVE_KEYS.join(", ")}`);
        return undefined;
    }
    const archive = (value ?? {}) as Record<string, unknown>;
    if (optOuts.auditArchive !== undefined) {
        if (Object.keys(archive).length > 0) {
            problems.push(`[auditTrail.archive] ${show(archive)} is given while optOuts.auditArchive turns the archive off; allowed: one or the other`);
        }
        return undefined;
    }
    for (const key of Object.keys(archive).filter((k) => !ARCHIVE_KEYS.includes(k))) {
        problems.push(`[auditTrail.archive.${key}] is not an archive setting; allowed: ${ARCHIVE_KEYS.join(", ")}`);
    }
    const { bucketArn, retentionDays } = archive;
    if (bucketArn !== undefined) {
        const match = typeof bucketArn === "string" ? BUCKET_ARN.exec(bucketArn) : null;
        if (!match) {
            problems.push(`[auditTrail.archive.bucketArn] ${show(bucketArn)} is not an S3 bucket ARN; allowed: arn:aws:s3:::<bucket>, or leave it out to create the bucket`);
            return undefined;
        }
        if (retentionDays !== undefined) {
            problems.push(
                `[auditTrail.archive.retentionDays] ${show(retentionDays)} can't be set for an existing bucket, whose Object Lock its own account sets (HPG-AUD-06); allowed: leave it out with bucketArn`,
            );
        }
        return { kind: "external", bucketArn: bucketArn as string, bucketName: match[1] };
    }
    const days = retentionDays ?? minimum;
    if (typeof days !== "number" || !Number.isInteger(days) || days < minimum || days > MAX_OBJECT_LOCK_DAYS) {
        problems.push(
            `[auditTrail.archive.retentionDays] ${show(days)} is not allowed in posture '${posture}', whose minimum is ${minimum} days (HPG-AUD-06); allowed: whole days from ${minimum} to ${MAX_OBJECT_LOCK_DAYS}`,
        );
        return { kind: "created", retentionDays: minimum };
    }
    return { kind: "created", retentionDays: days };
}

function resolveAlarms(topicArn: unknown, emails: unknown, optOuts: HardenedPostgresOptOuts, problems: string[]): ResolvedAuditTrail["alarms"] {
    if (optOuts.auditAlarms !== undefined) {
        if (topicArn !== undefined || emails !== undefined) {
            problems.push(`[auditTrail.${topicArn !== undefined ? "alarmTopicArn" : "alarmEmails"}] is given while optOuts.auditAlarms turns the alarms off; allowed: one or the other`);
        }
        return undefined;
    }
    if (topicArn !== undefined && (typeof topicArn !== "string" || !TOPIC_ARN.test(topicArn))) {
        problems.push(`[auditTrail.alarmTopicArn] ${show(topicArn)} is not an SNS topic ARN; allowed: arn:aws:sns:<region>:<account>:<topic>, or leave it out to create the topic`);
    }
    const list = emails ?? [];
    if (!Array.isArray(list)) {
        problems.push(`[auditTrail.alarmEmails] ${show(emails)} is not a list; allowed: a list of e-mail addresses`);
        return { topicArn: topicArn as string | undefined, emails: [] };
    }
    list.forEach((e, i) => {
        if (typeof e !== "string" || !EMAIL.test(e)) {
            problems.push(`[auditTrail.alarmEmails[${i}]] ${show(e)} is not an e-mail address; allowed: name@domain`);
        }
    });
    if (topicArn !== undefined && list.length > 0) {
        problems.push(`[auditTrail.alarmEmails] ${show(list)} subscribes to the created topic, which alarmTopicArn replaces; allowed: subscribe them to that topic, or leave alarmTopicArn out`);
    }
    return { topicArn: topicArn as string | undefined, emails: list as string[] };
}

function resolveDetections(value: unknown, problems: string[]): DetectionSettings | undefined {
    try {
        return validateDetectionSettings(value);
    } catch (e) {
        if (e instanceof DetectionSettingsError) {
            // "[bulkRead.windowMinutes] is 0; …" becomes "[auditTrail.detections.bulkRead.windowMinutes] is 0; …".
            problems.push(e.message.replace(/^\[(settings\]|)/, (_m, root: string) => (root ? "[auditTrail.detections]" : "[auditTrail.detections.")));
            return undefined;
        }
        throw e;
    }
}
