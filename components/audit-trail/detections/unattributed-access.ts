import type { DetectionDefinition } from "./detection";

/** Classified access with no acting person. */
export const unattributedAccess: DetectionDefinition = {
    id: "unattributed-access",
    title: "Classified access with no acting person",
    description: "Classified access with no acting person.",
    severity: "medium",
    frameworks: {},
    evaluate: () => [],
    cloudwatch: () => ({ kind: "not-expressible", reason: "not yet rendered" }),
    athena: (_settings, table) => `SELECT 1 FROM ${table} LIMIT 0`,
};
