import type { Framework, Severity } from "../../catalog/facts/types";
import type { AuditEvent, LogEntry } from "../events";

/** The detections the product defines; each is one module in this folder, named after its id. */
export type DetectionId =
    | "bulk-read"
    | "after-hours"
    | "outside-network"
    | "privilege-change"
    | "classified-ddl"
    | "failed-auth-burst"
    | "audit-gap"
    | "unattributed-access";

/** What every detection reads: the entries of a period (in log order) and the attributed audit events among them. */
export interface DetectionInput {
    entries: readonly LogEntry[];
    events: readonly AuditEvent[];
    since: Date;
    until: Date;
}

/** One alert: who, what, when, from where, and the stored log lines that prove it. */
export interface Alert {
    detection: DetectionId;
    severity: Severity;
    /** One line a person on call reads first. */
    summary: string;
    /** The acting person from the context record; absent when nobody provably acted (then `role` is who did). */
    person?: string;
    tenant?: string;
    /** The database role (session user). */
    role?: string;
    /** Schema-qualified table, when the alert is about one. */
    table?: string;
    /** The SQL command or event, e.g. SELECT, GRANT, authentication. */
    operation?: string;
    /** ISO 8601 UTC time of the first entry that proves it. */
    time: string;
    sourceAddress?: string;
    /** The raw stored entries (LogEntry.raw) that prove the alert, in log order. */
    evidence: string[];
}

/** How CloudWatch runs a detection on the exported postgresql log group, or why it can't. */
export type CloudWatchDetection =
    | {
          kind: "metric-filter";
          /** A CloudWatch Logs filter pattern over RDS's stderr lines (`%t:%r:%u@%d:[%p]:` prefix). */
          filterPattern: string;
          /**
           * RDS stderr lines the detection is about, under these settings: the pattern matches each. The pack requires a
           * stack's own filter for the detection to match them too, so an equivalent or broader pattern passes and one
           * that can never fire doesn't.
           */
          samples: string[];
          /** Metric name in the product's namespace; the metric value is 1 per matching line. */
          metricName: string;
          statistic: "Sum" | "SampleCount" | "Maximum";
          /** The alarm fires when the statistic over `periodSeconds` is >= threshold, `evaluationPeriods` times. */
          threshold: number;
          periodSeconds: number;
          evaluationPeriods: number;
          /** How the filter's reach differs from the analyzer's, when it does (e.g. broader: any DDL by a non-migrator). */
          scope?: string;
      }
    | {
          /** An alarm on the log group's own AWS/Logs IncomingLogEvents metric (a silent stream). */
          kind: "log-group-silence";
          periodSeconds: number;
          evaluationPeriods: number;
      }
    | {
          kind: "not-expressible";
          /** Why a metric filter can't express it, and where it runs instead (Athena, the analyzer). */
          reason: string;
      };

/** A detection, defined once: the analyzer evaluates it, CloudWatch alarms and Athena queries are rendered from it. */
export interface DetectionDefinition {
    id: DetectionId;
    title: string;
    /** One sentence: what it finds, and why it matters. */
    description: string;
    severity: Severity;
    frameworks: Partial<Record<Framework, string[]>>;
    /** The local (and subscription-consumer) evaluation. */
    evaluate(input: DetectionInput, settings: DetectionSettings): Alert[];
    cloudwatch(settings: DetectionSettings): CloudWatchDetection;
    /** Athena SQL over the archive's Glue table (its columns: components/audit-trail/archive-table.ts). */
    athena(settings: DetectionSettings, table: string): string;
}

/** Working hours: alerts for classified access outside them. */
export interface BusinessHours {
    /** IANA time zone, e.g. `America/New_York`. */
    timeZone: string;
    /** ISO weekdays that are working days, 1 = Monday … 7 = Sunday. */
    days: number[];
    /** `HH:MM`, local, inclusive start and exclusive end. */
    start: string;
    end: string;
    /** Non-working dates `YYYY-MM-DD`, local. */
    holidays: string[];
}

/** Every threshold and list the detections read; `defaultDetectionSettings()` (settings.ts) gives the safe defaults. */
export interface DetectionSettings {
    /** Schema-qualified classified (PHI) tables, e.g. `public.patients`. */
    classifiedTables: string[];
    /** Roles allowed to change classified tables' definitions. */
    migratorRoles: string[];
    /** CIDRs clients may connect from. */
    allowedCidrs: string[];
    bulkRead: { rowsPerStatement: number; rowsPerPersonPerWindow: number; windowMinutes: number };
    businessHours: BusinessHours;
    failedAuth: { attempts: number; windowMinutes: number };
    auditGap: { maxSilenceMinutes: number };
}
