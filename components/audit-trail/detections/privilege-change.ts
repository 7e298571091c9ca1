import type { DetectionDefinition } from "./detection";

/** Role or privilege change. */
export const privilegeChange: DetectionDefinition = {
    id: "privilege-change",
    title: "Role or privilege change",
    description: "Role or privilege change.",
    severity: "high",
    frameworks: {},
    evaluate: () => [],
    cloudwatch: () => ({ kind: "not-expressible", reason: "not yet rendered" }),
    athena: (_settings, table) => `SELECT 1 FROM ${table} LIMIT 0`,
};
