import type { DetectionDefinition } from "./detection";

/** Burst of failed authentication. */
export const failedAuthBurst: DetectionDefinition = {
    id: "failed-auth-burst",
    title: "Burst of failed authentication",
    description: "Burst of failed authentication.",
    severity: "high",
    frameworks: {},
    evaluate: () => [],
    cloudwatch: () => ({ kind: "not-expressible", reason: "not yet rendered" }),
    athena: (_settings, table) => `SELECT 1 FROM ${table} LIMIT 0`,
};
