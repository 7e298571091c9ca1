import type { LogEntry } from "../events";
import { rdsSampleLine } from "./sample-lines";
import { auditLinesSql } from "./athena-sql";
import type { Alert, DetectionDefinition, DetectionInput, DetectionSettings } from "./detection";
import { anyTermPattern } from "./filter-pattern";

/**
 * The FATAL messages of a refused login (PostgreSQL's auth.c): a wrong password (also written for a role that doesn't
 * exist, so as not to reveal it), and a client no pg_hba.conf line admits.
 */
export const FAILED_AUTH_MESSAGES: readonly string[] = ["password authentication failed for user", "no pg_hba.conf entry for host"];

/**
 * Bursts of failed authentication: at least `failedAuth.attempts` refused logins from one source address within
 * `failedAuth.windowMinutes`, or for one user from more than one address (a spread-out guessing run; failures already
 * in one address's burst aren't counted again).
 */
export const failedAuthBurst: DetectionDefinition = {
    id: "failed-auth-burst",
    title: "Burst of failed authentication",
    description: "Repeated refused logins from one address, or against one user from several: password guessing or a misconfigured client retrying stolen credentials.",
    severity: "high",
    frameworks: {
        HIPAA: ["164.308(a)(5)(ii)(C)", "164.312(b)"],
        "SOC 2": ["CC6.1", "CC7.2"],
        "PCI DSS 4.0": ["10.2.1.4", "8.3.4"],
        "NIST 800-53 r5": ["AC-7", "SI-4"],
    },
    evaluate(input: DetectionInput, settings: DetectionSettings): Alert[] {
        const failures = input.entries.filter(isFailedAuth);
        const details = detailsOf(input.entries);
        const alerts: Alert[] = [];
        const reported = new Set<LogEntry>();
        const byAddress = groupBy(failures, (e) => e.remoteHost ?? "[local]");
        for (const [address, list] of byAddress) {
            for (const burst of bursts(list, settings)) {
                burst.forEach((e) => reported.add(e));
                alerts.push(alertFor(burst, details, `${burst.length} failed logins from ${address} within ${settings.failedAuth.windowMinutes} minutes`));
            }
        }
        // A user's failures spread over addresses, none of which made a burst of its own: counted without those that did.
        for (const [user, list] of groupBy(failures.filter((e) => !reported.has(e)), (e) => e.user ?? "")) {
            for (const burst of bursts(list, settings)) {
                const addresses = new Set(burst.map((e) => e.remoteHost ?? "[local]"));
                if (addresses.size > 1) {
                    alerts.push(alertFor(burst, details, `${burst.length} failed logins for user ${user || "unknown"} from ${addresses.size} addresses within ${settings.failedAuth.windowMinutes} minutes`));
                }
            }
        }
        return alerts;
    },
    cloudwatch: (settings: DetectionSettings) => ({
        kind: "metric-filter",
        filterPattern: anyTermPattern(FAILED_AUTH_MESSAGES),
        samples: [
            rdsSampleLine({ host: "203.0.113.9", user: "svc_api", severity: "FATAL", message: 'password authentication failed for user "svc_api"' }),
            rdsSampleLine({ host: "203.0.113.9", user: "svc_api", severity: "FATAL", message: 'no pg_hba.conf entry for host "203.0.113.9", user "svc_api", database "hpg_app", no encryption' }),
        ],
        metricName: "AuditFailedAuthentication",
        statistic: "Sum",
        threshold: settings.failedAuth.attempts,
        periodSeconds: settings.failedAuth.windowMinutes * 60,
        evaluationPeriods: 1,
        scope: "Counts failures from all addresses and users together in fixed periods; the analyzer and the Athena query count per address and per user in a sliding window.",
    }),
    athena(settings: DetectionSettings, table: string): string {
        const { attempts, windowMinutes } = settings.failedAuth;
        return [
            auditLinesSql(table) + ",",
            "failures AS (",
            "    SELECT event_id, event_time, role, source_address, line FROM lines",
            `    WHERE severity = 'FATAL' AND (${FAILED_AUTH_MESSAGES.map((m) => `starts_with(message, '${m}')`).join(" OR ")})`,
            ")",
            "SELECT 'per address' AS rule, f.event_time, f.source_address, arbitrary(f.role) AS role, count(*) AS failures",
            "FROM failures f",
            `JOIN failures w ON w.source_address = f.source_address AND w.event_time > f.event_time - INTERVAL '${windowMinutes}' MINUTE AND w.event_time <= f.event_time`,
            "GROUP BY f.event_id, f.event_time, f.source_address",
            `HAVING count(*) >= ${attempts}`,
            "UNION ALL",
            "SELECT 'per user', f.event_time, NULL, f.role, count(*)",
            "FROM failures f",
            `JOIN failures w ON w.role = f.role AND w.event_time > f.event_time - INTERVAL '${windowMinutes}' MINUTE AND w.event_time <= f.event_time`,
            "GROUP BY f.event_id, f.event_time, f.role",
            `HAVING count(*) >= ${attempts} AND count(DISTINCT w.source_address) > 1`,
            "ORDER BY 2",
        ].join("\n");
    },
};

/** A refused login, as the server logs it: FATAL, with one of auth.c's messages. */
export function isFailedAuth(entry: LogEntry): boolean {
    return entry.severity === "FATAL" && FAILED_AUTH_MESSAGES.some((m) => entry.message.startsWith(m));
}

/** Runs of at least `attempts` failures within the window; a run is reported once, then counting restarts after it. */
function bursts(list: LogEntry[], settings: DetectionSettings): LogEntry[][] {
    const { attempts, windowMinutes } = settings.failedAuth;
    const windowMs = windowMinutes * 60_000;
    const sorted = [...list].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    const found: LogEntry[][] = [];
    let start = 0;
    for (let end = 0; end < sorted.length; end++) {
        while (Date.parse(sorted[end].time) - Date.parse(sorted[start].time) >= windowMs) {
            start++;
        }
        if (end - start + 1 >= attempts) {
            // Extend the run over the failures that follow within the window of its first, so one burst is one alert.
            let last = end;
            while (last + 1 < sorted.length && Date.parse(sorted[last + 1].time) - Date.parse(sorted[start].time) < windowMs) {
                last++;
            }
            found.push(sorted.slice(start, last + 1));
            start = last + 1;
            end = last;
        }
    }
    return found;
}

/**
 * The DETAIL line RDS's stderr writes after a refused login, as an entry of its own on the same backend (e.g.
 * `Connection matched pg_hba.conf line 1: …`, or why the password failed): part of the proof. jsonlog keeps it inside.
 */
function detailsOf(entries: readonly LogEntry[]): Map<LogEntry, LogEntry> {
    const details = new Map<LogEntry, LogEntry>();
    entries.forEach((entry, i) => {
        if (!isFailedAuth(entry)) {
            return;
        }
        const next = entries.slice(i + 1).find((e) => e.pid === entry.pid);
        if (next?.severity === "DETAIL") {
            details.set(entry, next);
        }
    });
    return details;
}

function alertFor(burst: LogEntry[], details: Map<LogEntry, LogEntry>, summary: string): Alert {
    const first = burst[0];
    return {
        detection: "failed-auth-burst",
        severity: "high",
        summary,
        role: first.user,
        operation: "authentication",
        time: first.time,
        sourceAddress: first.remoteHost,
        evidence: burst.flatMap((e) => [e, details.get(e)]).flatMap((e) => (e ? [e.raw] : [])),
    };
}

function groupBy(list: LogEntry[], key: (e: LogEntry) => string): Map<string, LogEntry[]> {
    const groups = new Map<string, LogEntry[]>();
    for (const e of list) {
        const k = key(e);
        const group = groups.get(k);
        if (group) {
            group.push(e);
        } else {
            groups.set(k, [e]);
        }
    }
    return groups;
}
