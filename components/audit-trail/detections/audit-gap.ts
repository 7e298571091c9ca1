import type { DetectionDefinition } from "./detection";

/** Gap in the audit stream. */
export const auditGap: DetectionDefinition = {
    id: "audit-gap",
    title: "Gap in the audit stream",
    description: "Gap in the audit stream.",
    severity: "critical",
    frameworks: {},
    evaluate: () => [],
    cloudwatch: () => ({ kind: "not-expressible", reason: "not yet rendered" }),
    athena: (_settings, table) => `SELECT 1 FROM ${table} LIMIT 0`,
};
