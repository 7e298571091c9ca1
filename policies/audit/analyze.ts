import { DETECTIONS } from "../../components/audit-trail/detections";
import type { Alert, DetectionInput, DetectionSettings } from "../../components/audit-trail/detections/detection";
import type { AuditEvent, LogEntry } from "../../components/audit-trail/events";
import { attribute } from "./attribution";

/** The period an analysis judges; the server's own timestamps (`%t`, jsonlog's timestamp) are what is compared. */
export interface AnalysisPeriod {
    since: Date;
    until: Date;
}

/** A period that can't be analyzed; the message names the field, the value and what is allowed. */
export class AnalysisPeriodError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "AnalysisPeriodError";
    }
}

/**
 * Attributes every pgaudit record of `entries` to the acting person (attribution reads all of them, in stored order,
 * so a context opened just before `since` still counts), then runs every detection over the entries and events whose
 * server time lies in [since, until]. No clock is read: the period, and the business calendar in `settings`, decide.
 * Alerts come in time order, then in the inventory's order.
 */
export function analyze(entries: LogEntry[], settings: DetectionSettings, period: AnalysisPeriod): { events: AuditEvent[]; alerts: Alert[] } {
    const since = checkedTime("since", period.since);
    const until = checkedTime("until", period.until);
    if (until < since) {
        throw new AnalysisPeriodError(`[until] is ${period.until.toISOString()}; it must not be before [since] ${period.since.toISOString()}`);
    }
    const inPeriod = (entry: LogEntry) => {
        const t = Date.parse(entry.time);
        return t >= since && t <= until;
    };
    const events = attribute(entries).filter((e) => inPeriod(e.entry));
    const input: DetectionInput = { entries: entries.filter(inPeriod), events, since: period.since, until: period.until };
    const order = new Map(DETECTIONS.map((d, i) => [d.id, i]));
    const alerts = DETECTIONS.flatMap((d) => d.evaluate(input, settings)).sort(
        (a, b) => Date.parse(a.time) - Date.parse(b.time) || (order.get(a.detection) ?? 0) - (order.get(b.detection) ?? 0),
    );
    return { events, alerts };
}

function checkedTime(field: string, value: Date): number {
    const t = value instanceof Date ? value.getTime() : NaN;
    if (Number.isNaN(t)) {
        throw new AnalysisPeriodError(`[${field}] is ${String(value)}; it must be a valid date`);
    }
    return t;
}
