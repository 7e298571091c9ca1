import type { DetectionDefinition } from "./detection";

/** Connection from outside the allowed networks. */
export const outsideNetwork: DetectionDefinition = {
    id: "outside-network",
    title: "Connection from outside the allowed networks",
    description: "Connection from outside the allowed networks.",
    severity: "high",
    frameworks: {},
    evaluate: () => [],
    cloudwatch: () => ({ kind: "not-expressible", reason: "not yet rendered" }),
    athena: (_settings, table) => `SELECT 1 FROM ${table} LIMIT 0`,
};
