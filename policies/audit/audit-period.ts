import type { Alert, DetectionSettings } from "../../components/audit-trail/detections/detection";
import type { LogEntry } from "../../components/audit-trail/events";
import { analyze } from "./analyze";
import { AuditReport, buildAuditReport } from "./report";

/** The entries of a period to analyze: from exported files, the local twin's log or its archive. */
export interface AuditPeriodInput {
    /** Server log entries in stored order (attribution reads each backend's entries in order). */
    entries: readonly LogEntry[];
    settings: DetectionSettings;
    since: Date;
    until: Date;
    /** What the entries were read from, as the report names it. */
    sources: readonly string[];
    /** Lines the reader skipped, with their reasons. */
    unreadable?: readonly string[];
}

/** The alerts of a period (what `audit alerts --json` prints). */
export interface AuditAlerts {
    format: typeof AUDIT_ALERTS_FORMAT;
    period: { since: string; until: string };
    sources: string[];
    alerts: Alert[];
    unreadable: string[];
}

export const AUDIT_ALERTS_FORMAT = "hardened-postgres-audit-alerts/1";

/** Attributes and analyzes the period's entries, then builds its report: the library behind `audit report`. */
export function auditReport(input: AuditPeriodInput): AuditReport {
    const { events, alerts } = analyze([...input.entries], input.settings, { since: input.since, until: input.until });
    return buildAuditReport({ events, alerts, since: input.since, until: input.until, classifiedTables: input.settings.classifiedTables, sources: input.sources, unreadable: input.unreadable ?? [] });
}

/** The period's alerts in time order: the library behind `audit alerts`. */
export function auditAlerts(input: AuditPeriodInput): AuditAlerts {
    const report = auditReport(input);
    return { format: AUDIT_ALERTS_FORMAT, period: report.period, sources: report.sources, alerts: report.alerts, unreadable: report.unreadable };
}
