import type { DetectionDefinition } from "./detection";

/** DDL on a classified table by a non-migrator. */
export const classifiedDdl: DetectionDefinition = {
    id: "classified-ddl",
    title: "DDL on a classified table by a non-migrator",
    description: "DDL on a classified table by a non-migrator.",
    severity: "high",
    frameworks: {},
    evaluate: () => [],
    cloudwatch: () => ({ kind: "not-expressible", reason: "not yet rendered" }),
    athena: (_settings, table) => `SELECT 1 FROM ${table} LIMIT 0`,
};
