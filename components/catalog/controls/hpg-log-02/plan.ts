import { POSTURE_PROFILES } from "../..";
import { logGroupPolicy } from "../../kit/plan/log-group";
import { control } from "./control";

/** The least any posture keeps logs; 0 or unset retention means never expire, which passes. */
export const LOG_RETENTION_DEFAULTS = {
    minLogRetentionDays: Math.min(...Object.values(POSTURE_PROFILES).map((p) => p.minLogRetentionDays)),
};

/** HPG-LOG-02: database log groups keep logs a year or more (or never expire). */
export const logRetention = logGroupPolicy(
    control,
    "hpg-log-02-log-retention",
    "database log group: retention ≥ minimum, or 0/unset (never expire)",
    LOG_RETENTION_DEFAULTS,
    {
        minLogRetentionDays: {
            type: "integer",
            minimum: 1,
            default: LOG_RETENTION_DEFAULTS.minLogRetentionDays,
            description: "Minimum retentionInDays of a database log group (0, never expire, always passes).",
        },
    },
    (group, { minLogRetentionDays }, _args, report) => {
        const retention = group.retentionInDays ?? 0;
        if (retention !== 0 && retention < minLogRetentionDays) {
            report(`retentionInDays is ${retention}`, `set retentionInDays to ${minLogRetentionDays} or more (or 0 to never expire)`);
        }
    },
);
