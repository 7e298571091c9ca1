// What RDS accepts for the component's plain arguments: validate.ts refuses anything else, and the argument
// declarations (arguments.ts) quote these in the docs, so a limit is written once.

/** RDS gp3 storage limits in GiB. */
export const MIN_STORAGE_GIB = 20;
export const MAX_STORAGE_GIB = 65536;

/** Database names RDS reserves or PostgreSQL creates itself. */
export const RESERVED_DB_NAMES: readonly string[] = ["postgres", "template0", "template1", "rdsadmin"];

/** Enhanced monitoring intervals RDS accepts, in seconds (0, off, needs an opt-out). */
export const MONITORING_INTERVALS: readonly number[] = [1, 5, 10, 15, 30, 60];

/** Performance Insights retention RDS accepts: 7 (free tier), 731, or whole months of 31 days up to 713. */
export function isPerformanceInsightsRetention(days: unknown): boolean {
    return days === 7 || days === 731 || (typeof days === "number" && Number.isInteger(days) && days % 31 === 0 && days >= 31 && days <= 713);
}

/** Postgres and RDS identifier rules for the database and master user names: a letter, then letters, digits or '_'. */
export const POSTGRES_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** An AWS-managed key (`alias/aws/rds` and the like): its policy can't be scoped or audited, so HPG-ENC-01 refuses it. */
export function isAwsManagedKeyArn(arn: string): boolean {
    return /(^|:)alias\/aws\//.test(arn);
}
