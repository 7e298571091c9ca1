import type * as pulumi from "@pulumi/pulumi";
import type { DetectionSettings } from "../audit-trail/detections/detection";
import { OptOutName } from "../catalog";
import type { HARDENED_POSTGRES_ARGUMENTS, ArgumentValue } from "./arguments";
import type { HardenedPostgresArgs } from "./args.generated";

// The interface is generated from the argument declarations (arguments.ts), with a JSDoc and default on every property.
export type { HardenedPostgresArgs };

/**
 * Named weakenings, each given a reason (a non-empty string). The names are the catalog's opt-outs (each control module
 * declares its own); the reasons are kept in the component's `optOuts` output and in `hpg-opt-out:<name>` tags, which
 * the policy pack reads as waivers and reports.
 */
export type HardenedPostgresOptOuts = Partial<Record<OptOutName, string>>;

/** An extra parameter for the parameter group. A value that weakens a control is an error. */
export interface UserParameter {
    name: string;
    value: string;
    /** Default "immediate"; static parameters need "pending-reboot". */
    applyMethod?: "immediate" | "pending-reboot";
}

/** The S3 archive of the postgresql log group (HPG-AUD-06). */
export interface AuditArchiveArgs {
    /**
     * An existing bucket, e.g. in a separate log-archive account: the component then creates only the delivery to it
     * (subscription filter, Firehose, their roles) and the Glue table over it; the bucket's Object Lock, encryption and
     * policy are judged in that account's stack, whose bucket policy must let the `auditDeliveryRoleArn` output put
     * objects (and the pack config list the bucket in `externalAuditArchives`). Default: a bucket the component
     * creates, under Object Lock.
     */
    bucketArn?: string;
    /**
     * Object Lock COMPLIANCE retention of the created bucket, in whole days, at least the posture minimum
     * (`minAuditArchiveRetentionDays`) and at most 36500. Default: the posture minimum. Not allowed with `bucketArn`.
     * The bucket policy denies everyone PutBucketObjectLockConfiguration, so raising it later is deliberate: an operator
     * removes the policy's `DenyObjectLockChanges` statement, then `pulumi up --refresh` changes the retention and puts
     * the statement back (the policy is applied after the lock configuration). Objects already written keep their lock.
     */
    retentionDays?: number;
}

/** Per-detection overrides of the safe defaults (components/audit-trail/detections/settings.ts); a group merges field by field. */
export type DetectionSettingsOverrides = {
    [K in keyof DetectionSettings]?: DetectionSettings[K] extends unknown[] ? DetectionSettings[K] : Partial<DetectionSettings[K]>;
};

/** The audit trail in operation on AWS: archive, alarms, dashboard and Athena, on by default. */
export interface AuditTrailArgs {
    /** The S3 archive. Default: a bucket the component creates with the posture's retention. Off only with `optOuts.auditArchive`. */
    archive?: AuditArchiveArgs;
    /** An existing SNS topic the alarms notify instead of the one the component creates (encrypted with the key). Default: a created topic. */
    alarmTopicArn?: string;
    /** E-mail addresses subscribed to the created topic (each confirms by mail). Default: none. Not allowed with `alarmTopicArn`. */
    alarmEmails?: string[];
    /** Thresholds, classified tables, allowed ranges and business hours of the detections. Default: their safe defaults. */
    detections?: DetectionSettingsOverrides;
}

/** Each declaration's value type, against the generated property type: a wrong `type` text fails to compile here. */
type DeclaredTypes = { [K in keyof typeof HARDENED_POSTGRES_ARGUMENTS]: ArgumentValue<K> };
type GeneratedTypes = { [K in keyof HardenedPostgresArgs]-?: pulumi.Unwrap<NonNullable<HardenedPostgresArgs[K]>> };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type MustHold<T extends true> = T;
// eslint-disable-next-line @typescript-eslint/no-unused-vars
type DeclaredAndGeneratedAgree = MustHold<Same<DeclaredTypes, GeneratedTypes>>;
