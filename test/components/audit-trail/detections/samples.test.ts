import { DETECTIONS, defaultDetectionSettings, validateDetectionSettings } from "../../../../components/audit-trail/detections";
import { filterPatternMatches } from "../../../../components/audit-trail/detections/filter-pattern-match";
import { parseLogText } from "../../../../policies/audit/log-entries";
import { analyze } from "../../../../policies/audit/analyze";

/** Each metric-filter detection's sample lines: what the pack makes a stack's own filter match (HPG-MON-02). */
const SETTINGS = [
    ["the defaults", defaultDetectionSettings()],
    ["other migrators, tables and ranges", validateDetectionSettings({ migratorRoles: ["svc_api", "intruder"], classifiedTables: ["billing.cards"], allowedCidrs: ["203.0.113.0/24", "10.0.0.0/8"] })],
] as const;

describe.each(SETTINGS)("with %s", (_name, settings) => {
    const filtered = DETECTIONS.map((d) => ({ d, cw: d.cloudwatch(settings) })).filter((x) => x.cw.kind === "metric-filter");

    it("every metric-filter detection has samples, and its own pattern matches each", () => {
        expect(filtered.map((x) => x.d.id).sort()).toEqual(["classified-ddl", "failed-auth-burst", "outside-network", "privilege-change"]);
        for (const { d, cw } of filtered) {
            if (cw.kind !== "metric-filter") continue;
            expect([d.id, cw.samples.length > 0]).toEqual([d.id, true]);
            expect([d.id, cw.samples.filter((line) => !filterPatternMatches(cw.filterPattern, line))]).toEqual([d.id, []]);
        }
    });

    it("each sample is a line the analyzer itself raises that detection on (the samples are real cases, not just pattern matches)", () => {
        for (const { d, cw } of filtered) {
            if (cw.kind !== "metric-filter") continue;
            const entries = parseLogText(cw.samples.map((l) => `${l}\n`).join("").repeat(d.id === "failed-auth-burst" ? settings.failedAuth.attempts : 1), "stderr", "samples.log");
            const { alerts } = analyze(entries, settings, { since: new Date("2026-01-05T00:00:00Z"), until: new Date("2026-01-06T00:00:00Z") });
            expect([d.id, alerts.some((a) => a.detection === d.id)]).toEqual([d.id, true]);
        }
    });
});
