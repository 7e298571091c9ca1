import type { DetectionDefinition } from "./detection";

/** Bulk read of a classified table. */
export const bulkRead: DetectionDefinition = {
    id: "bulk-read",
    title: "Bulk read of a classified table",
    description: "Bulk read of a classified table.",
    severity: "high",
    frameworks: {},
    evaluate: () => [],
    cloudwatch: () => ({ kind: "not-expressible", reason: "not yet rendered" }),
    athena: (_settings, table) => `SELECT 1 FROM ${table} LIMIT 0`,
};
