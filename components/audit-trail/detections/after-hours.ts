import type { DetectionDefinition } from "./detection";

/** Classified access outside business hours. */
export const afterHours: DetectionDefinition = {
    id: "after-hours",
    title: "Classified access outside business hours",
    description: "Classified access outside business hours.",
    severity: "medium",
    frameworks: {},
    evaluate: () => [],
    cloudwatch: () => ({ kind: "not-expressible", reason: "not yet rendered" }),
    athena: (_settings, table) => `SELECT 1 FROM ${table} LIMIT 0`,
};
