import type { LogEntry } from "../events";
import { rdsSampleLine, SAMPLE_OUTSIDE_ADDRESSES } from "./sample-lines";
import { eventEvidence, inLogOrder, logPositions, sessionKey } from "./alert-evidence";
import { auditLinesSql, sqlString } from "./athena-sql";
import { addressInCidrs, parseCidr } from "./cidr";
import { cidrAddressPrefixes } from "./cidr-filter-terms";
import type { Alert, CloudWatchDetection, DetectionDefinition, DetectionInput, DetectionSettings } from "./detection";
import { FILTER_PATTERN_MAX_LENGTH, RDS_PREFIX_TIME_ZONE, allTermsPattern } from "./filter-pattern";

/** PostgreSQL's log_connections line once a client is authenticated (HPG-AUD-04 keeps log_connections on). */
export const CONNECTION_AUTHORIZED = "connection authorized";

/**
 * Connections and access from an address outside `allowedCidrs`: any entry whose client address (`%r`, jsonlog's
 * remote_host) is outside them, one alert per backend session, with the session's connection lines as proof.
 */
export const outsideNetwork: DetectionDefinition = {
    id: "outside-network",
    title: "Connection from outside the allowed networks",
    description: "A client reached the database from an address outside the allowed ranges: a path around the network controls, or credentials used from somewhere they shouldn't be.",
    severity: "high",
    frameworks: {
        HIPAA: ["164.312(b)", "164.308(a)(5)(ii)(C)"],
        "SOC 2": ["CC6.6", "CC7.2"],
        "PCI DSS 4.0": ["1.4.2", "10.2.1"],
        "NIST 800-53 r5": ["AC-17", "SI-4"],
    },
    evaluate(input: DetectionInput, settings: DetectionSettings): Alert[] {
        const position = logPositions(input.entries);
        const sessions = new Map<string, LogEntry[]>();
        // A log has few client addresses and many lines: each address is judged against the ranges once.
        const allowed = new Map<string, boolean>();
        const isAllowed = (host: string): boolean => allowed.get(host) ?? allowed.set(host, addressInCidrs(host, settings.allowedCidrs)).get(host)!;
        for (const entry of input.entries) {
            if (entry.remoteHost === undefined || isAllowed(entry.remoteHost)) {
                continue;
            }
            const key = sessionKey(entry);
            const list = sessions.get(key);
            if (list) {
                list.push(entry);
            } else {
                sessions.set(key, [entry]);
            }
        }
        return [...sessions.entries()].map(([key, entries]) => {
            const first = entries.find((e) => e.message.startsWith(CONNECTION_AUTHORIZED)) ?? entries[0];
            const events = input.events.filter((e) => e.entry.remoteHost === first.remoteHost && sessionKey(e.entry) === key);
            const attributed = events.find((e) => e.actor);
            const connection = entries.filter((e) => e.message.startsWith("connection "));
            const evidence = new Set([...inLogOrder(connection.length > 0 ? connection : [first], position).map((e) => e.raw), ...eventEvidence(events.slice(0, 1), input.entries)]);
            return {
                detection: "outside-network",
                severity: "high",
                summary: `${first.user ?? "a client"} connected from ${first.remoteHost}, outside the allowed ranges${events.length > 0 ? `, and ran ${events.length} audited statement(s)` : ""}`,
                person: attributed?.actor?.person,
                tenant: attributed?.actor?.tenant,
                role: first.user,
                table: events.find((e) => e.record.objectName)?.record.objectName || undefined,
                operation: events[0]?.record.command ?? "connection",
                time: first.time,
                sourceAddress: first.remoteHost,
                evidence: [...evidence],
            };
        });
    },
    cloudwatch(settings: DetectionSettings): CloudWatchDetection {
        const excluded: string[] = [];
        for (const cidr of settings.allowedCidrs) {
            const prefixes = cidrAddressPrefixes(cidr);
            if (!prefixes) {
                return {
                    kind: "not-expressible",
                    reason: `The allowed range ${cidr} can't be written as a short list of address prefixes (filter patterns have no CIDR match), so no exclusion list names it exactly. Runs as the Athena query over the archive and in the analyzer (\`audit alerts\`).`,
                };
            }
            excluded.push(...prefixes.map((p) => `${RDS_PREFIX_TIME_ZONE}:${p}`));
        }
        const filterPattern = allTermsPattern([CONNECTION_AUTHORIZED], excluded);
        if (filterPattern.length > FILTER_PATTERN_MAX_LENGTH) {
            return {
                kind: "not-expressible",
                reason: `Excluding every allowed range takes ${filterPattern.length} characters, more than a filter pattern's ${FILTER_PATTERN_MAX_LENGTH}. Runs as the Athena query over the archive and in the analyzer (\`audit alerts\`).`,
            };
        }
        const ipv6Wide = settings.allowedCidrs.some((c) => parseCidr(c)?.family === 6 && (parseCidr(c)?.prefix ?? 128) < 128);
        const outside = SAMPLE_OUTSIDE_ADDRESSES.find((a) => !addressInCidrs(a, settings.allowedCidrs));
        return {
            kind: "metric-filter",
            filterPattern,
            samples: outside === undefined ? [] : [rdsSampleLine({ host: outside, user: "svc_api", message: `${CONNECTION_AUTHORIZED}: user=svc_api database=hpg_app SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)` })],
            metricName: "AuditConnectionOutsideNetwork",
            statistic: "Sum",
            threshold: 1,
            periodSeconds: 300,
            evaluationPeriods: 1,
            scope: ipv6Wide
                ? "Connections (log_connections) only, not every audited line; an allowed IPv6 range is matched by the leading digits of the address's first group, so an address such as fd::1 (group 00fd) also reads as inside fc00::/7."
                : "Connections (log_connections) only, not every audited line.",
        };
    },
    athena(settings: DetectionSettings, table: string): string {
        // Trino's IPADDRESS type and contains('<cidr>', address) match IPv4 and IPv6; one connection line per session.
        const inRange = settings.allowedCidrs.filter((c) => parseCidr(c)).map((c) => `contains(${sqlString(c)}, TRY_CAST(source_address AS IPADDRESS))`).join(" OR ") || "false";
        return [
            auditLinesSql(table),
            "SELECT event_time, role, database_name, source_address, 'connection' AS operation, line",
            "FROM lines",
            `WHERE starts_with(message, '${CONNECTION_AUTHORIZED}') AND source_address <> '' AND NOT (${inRange})`,
            "ORDER BY event_time",
        ].join("\n");
    },
};
