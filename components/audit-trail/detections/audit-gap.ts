import type { LogEntry } from "../events";
import { auditLinesSql } from "./athena-sql";
import type { Alert, CloudWatchDetection, DetectionDefinition, DetectionInput, DetectionSettings } from "./detection";

/**
 * Gaps in the audit stream: silence longer than `auditGap.maxSilenceMinutes` anywhere in [since, until] (from `since` to
 * the first entry, between entries, from the last entry to `until`), and, where the format numbers each session's
 * lines (jsonlog/csvlog `%l`: PostgreSQL counts each line it writes to that destination, per process), a jump in a
 * session's numbers: lines the server wrote that the log no longer holds.
 */
export const auditGap: DetectionDefinition = {
    id: "audit-gap",
    title: "Gap in the audit stream",
    description: "The server's log went silent for longer than allowed, or lines of a session are missing: logging stopped, was switched off, or records were removed.",
    severity: "critical",
    frameworks: {
        HIPAA: ["164.312(b)"],
        "SOC 2": ["CC7.2", "CC7.3"],
        "PCI DSS 4.0": ["10.7.2", "10.3.2"],
        "NIST 800-53 r5": ["AU-5", "AU-9"],
    },
    evaluate(input: DetectionInput, settings: DetectionSettings): Alert[] {
        return [...silences(input, settings), ...sessionLineJumps(input.entries)];
    },
    cloudwatch(settings: DetectionSettings): CloudWatchDetection {
        return { kind: "log-group-silence", ...silencePeriods(settings.auditGap.maxSilenceMinutes) };
    },
    athena(settings: DetectionSettings, table: string): string {
        return [
            auditLinesSql(table) + ",",
            "ordered AS (",
            "    SELECT log_group, log_stream, event_time, line,",
            "           lag(event_time) OVER (PARTITION BY log_group, log_stream ORDER BY event_time, event_id) AS previous_time,",
            "           lag(line) OVER (PARTITION BY log_group, log_stream ORDER BY event_time, event_id) AS previous_line",
            "    FROM lines",
            ")",
            "SELECT log_group, log_stream, previous_time AS silent_from, event_time AS silent_until,",
            "       date_diff('minute', previous_time, event_time) AS silent_minutes, previous_line, line",
            "FROM ordered",
            `WHERE previous_time IS NOT NULL AND date_diff('second', previous_time, event_time) > ${settings.auditGap.maxSilenceMinutes * 60}`,
            "ORDER BY silent_from",
        ].join("\n");
    },
};

/**
 * The alarm's period and count: the silence limit split into equal periods of at most an hour (CloudWatch alarm
 * periods are multiples of 60 seconds), so `periodSeconds × evaluationPeriods` is exactly the limit.
 */
export function silencePeriods(maxSilenceMinutes: number): { periodSeconds: number; evaluationPeriods: number } {
    let minutes = Math.min(60, maxSilenceMinutes);
    while (maxSilenceMinutes % minutes !== 0) {
        minutes--;
    }
    return { periodSeconds: minutes * 60, evaluationPeriods: maxSilenceMinutes / minutes };
}

function silences(input: DetectionInput, settings: DetectionSettings): Alert[] {
    const limitMs = settings.auditGap.maxSilenceMinutes * 60_000;
    const since = input.since.getTime();
    const until = input.until.getTime();
    const inPeriod = input.entries.filter((e) => Date.parse(e.time) >= since && Date.parse(e.time) <= until).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    const alerts: Alert[] = [];
    let previous: LogEntry | undefined;
    let previousMs = since;
    for (const entry of [...inPeriod, undefined]) {
        const ms = entry ? Date.parse(entry.time) : until;
        if (ms - previousMs > limitMs) {
            const from = new Date(previousMs).toISOString();
            const to = new Date(ms).toISOString();
            alerts.push({
                detection: "audit-gap",
                severity: "critical",
                summary: `No log entry for ${Math.floor((ms - previousMs) / 60_000)} minutes, from ${from}${previous ? "" : " (start of period)"} to ${to}${entry ? "" : " (end of period)"} (more than ${settings.auditGap.maxSilenceMinutes})`,
                operation: "silence",
                time: from,
                evidence: [previous, entry].filter((e): e is LogEntry => e !== undefined).map((e) => e.raw),
            });
        }
        previous = entry;
        previousMs = ms;
    }
    return alerts;
}

function sessionLineJumps(entries: readonly LogEntry[]): Alert[] {
    const last = new Map<string, LogEntry>();
    const alerts: Alert[] = [];
    for (const entry of entries) {
        if (entry.sessionId === undefined || entry.sessionLine === undefined) {
            continue;
        }
        const previous = last.get(entry.sessionId);
        last.set(entry.sessionId, entry);
        if (previous?.sessionLine === undefined || entry.sessionLine === previous.sessionLine + 1) {
            continue;
        }
        const missing = entry.sessionLine - previous.sessionLine - 1;
        alerts.push({
            detection: "audit-gap",
            severity: "critical",
            summary:
                missing > 0
                    ? `Session ${entry.sessionId} is missing ${missing} line(s) between its lines ${previous.sessionLine} and ${entry.sessionLine}`
                    : `Session ${entry.sessionId}'s line ${entry.sessionLine} follows its line ${previous.sessionLine}: lines were reordered or repeated`,
            role: entry.user ?? previous.user,
            operation: "lost lines",
            time: previous.time,
            sourceAddress: entry.remoteHost,
            evidence: [previous.raw, entry.raw],
        });
    }
    return alerts;
}
