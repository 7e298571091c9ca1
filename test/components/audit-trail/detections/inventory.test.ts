import * as fs from "fs";
import * as path from "path";
import { DETECTIONS, DetectionId, defaultDetectionSettings } from "../../../../components/audit-trail";

const DIR = path.join(__dirname, "../../../../components/audit-trail/detections");

test("the inventory is exactly the product's detections, in this order (adding or removing one is a reviewed change)", () => {
    const ids: DetectionId[] = ["bulk-read", "after-hours", "outside-network", "privilege-change", "classified-ddl", "failed-auth-burst", "audit-gap", "unattributed-access"];
    expect(DETECTIONS.map((d) => d.id)).toEqual(ids);
});

test.each(DETECTIONS.map((d) => [d.id, d] as const))("%s is defined in its own module, named after its id", (id) => {
    const file = path.join(DIR, `${id}.ts`);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.readFileSync(file, "utf8")).toContain(`id: "${id}"`);
});

test.each(DETECTIONS.map((d) => [d.id, d] as const))("%s carries a title, a description, a severity and framework references", (_id, d) => {
    expect(d.title.length).toBeGreaterThan(5);
    expect(d.description).toMatch(/\.$/);
    expect(["low", "medium", "high", "critical"]).toContain(d.severity);
    expect(Object.values(d.frameworks).flat().length).toBeGreaterThan(0);
});

test.each(DETECTIONS.map((d) => [d.id, d] as const))("%s renders a CloudWatch form: a filter, a silence alarm, or a precise reason it can't", (_id, d) => {
    const form = d.cloudwatch(defaultDetectionSettings());
    if (form.kind === "not-expressible") {
        expect(form.reason).toMatch(/Athena/);
        expect(form.reason).toMatch(/analyzer/);
    } else if (form.kind === "metric-filter") {
        expect(form.filterPattern.length).toBeLessThanOrEqual(1024);
        expect(form.metricName).toMatch(/^Audit[A-Za-z]+$/);
        expect(form.periodSeconds % 60).toBe(0);
    } else {
        expect(form.periodSeconds * form.evaluationPeriods).toBe(defaultDetectionSettings().auditGap.maxSilenceMinutes * 60);
    }
});

test("the CloudWatch forms: which detections a metric filter or silence alarm expresses and which it can't", () => {
    const kinds = Object.fromEntries(DETECTIONS.map((d) => [d.id, d.cloudwatch(defaultDetectionSettings()).kind]));
    expect(kinds).toEqual({
        "bulk-read": "not-expressible",
        "after-hours": "not-expressible",
        "outside-network": "metric-filter",
        "privilege-change": "metric-filter",
        "classified-ddl": "metric-filter",
        "failed-auth-burst": "metric-filter",
        "audit-gap": "log-group-silence",
        "unattributed-access": "not-expressible",
    });
});

test("each metric name is unique, so two detections never share one alarm", () => {
    const names = DETECTIONS.map((d) => d.cloudwatch(defaultDetectionSettings())).flatMap((f) => (f.kind === "metric-filter" ? [f.metricName] : []));
    expect(new Set(names).size).toBe(names.length);
});
