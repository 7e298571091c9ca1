import { CLOUDWATCH_RETENTION_DAYS, POSTURE_PROFILES } from "../..";
import { RESOURCE_DEFAULTS, judgedValue, unconfirmedDefaultFinding } from "../../facts/resource-defaults";
import { logGroupPolicy } from "../../kit/plan/log-group";
import { control } from "./control";

/** The least any posture keeps logs; 0 means never expire, which passes; unset must be declared (its default is unconfirmed). */
export const LOG_RETENTION_DEFAULTS = {
    minLogRetentionDays: Math.min(...Object.values(POSTURE_PROFILES).map((p) => p.minLogRetentionDays)),
};

/**
 * HPG-LOG-02: database log groups keep logs a year or more (or never expire), with a retention CloudWatch Logs accepts:
 * PutRetentionPolicy takes only its listed values, so any other is refused at deployment (or by the provider).
 */
export const logRetention = logGroupPolicy(
    control,
    "hpg-log-02-log-retention",
    "database log group: retention declared, a value CloudWatch accepts and ≥ minimum, or 0 (never expire)",
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
        const retention = judgedValue(RESOURCE_DEFAULTS.logGroupRetentionInDays, group.retentionInDays);
        if (retention === undefined) {
            const finding = unconfirmedDefaultFinding(RESOURCE_DEFAULTS.logGroupRetentionInDays, `set retentionInDays to ${minLogRetentionDays} or more (or 0 to never expire)`);
            report(finding.problem, finding.fix);
            return;
        }
        if (retention === 0) {
            return;
        }
        if (!CLOUDWATCH_RETENTION_DAYS.includes(retention)) {
            const allowed = CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= minLogRetentionDays);
            report(
                `retentionInDays is ${retention}, which CloudWatch Logs does not accept`,
                allowed.length > 0 ? `set retentionInDays to one of ${allowed.join(", ")} (or 0 to never expire)` : "set retentionInDays to 0 (never expire)",
            );
        } else if (retention < minLogRetentionDays) {
            report(`retentionInDays is ${retention}`, `set retentionInDays to ${minLogRetentionDays} or more (or 0 to never expire)`);
        }
    },
);
