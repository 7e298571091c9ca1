import {
    CLOUDWATCH_RETENTION_DAYS,
    CURRENT_RDS_CAS,
    DATA_CLASSIFICATION_TAG,
    DATA_CLASSIFICATIONS,
    DataClassification,
    DEFAULT_RDS_CA,
    MANAGED_BY_TAG,
    MAX_BACKUP_RETENTION_DAYS,
    OPT_OUTS,
    OPT_OUTS_TAG,
    POSTURE_PROFILES,
    POSTURE_TAG,
    POSTURES,
    Posture,
    PostureProfile,
    RESERVED_MASTER_USERNAMES,
    SUPPORTED_ENGINE_MAJORS,
} from "../catalog";
import { MAX_STORAGE_GIB, MIN_STORAGE_GIB, MONITORING_INTERVALS, RESERVED_DB_NAMES } from "./allowed-values";
import type { AuditTrailArgs, HardenedPostgresOptOuts, UserParameter } from "./args";
import type { ResolvedSettings } from "./validate";

/** How the stack program parses `hardened-postgres:<key>` (the engine passes every value as a string, structured ones as JSON). */
export type ConfigKind = "string" | "number" | "boolean" | "string[]" | "parameters" | "optOuts" | "tags" | "auditTrail";

/**
 * A default computed from the arguments resolved before this one (in declaration order) and the component's name.
 * validate.ts resolves in declaration order; a test proves no default reads an argument declared after it.
 */
export type ComputedDefault<T> = (resolved: ResolvedSettings, componentName: string) => T;

interface ArgumentBasics<T> {
    /** The property's TypeScript type in `HardenedPostgresArgs`, without `pulumi.Input` (args.ts checks it against `T` when compiling). */
    type: string;
    /** A `pulumi.Input` (for a list, each element is one): it may be known only at deployment. Plain values are validated at construction. */
    input?: true;
    kind: ConfigKind;
    /** One paragraph for the JSDoc and the README: what it does and what is allowed. */
    description: string;
    /** Carries the value type for `ArgumentValue`; never set. */
    readonly valueType?: T;
}

/** One argument of `HardenedPostgres`: the interface, its JSDoc, the README table, stack config and validate.ts's defaults come from here. */
export type ArgumentDeclaration<T> = ArgumentBasics<T> &
    (
        | { required: true }
        /** A value (its text is derived unless given) or a computed default, which needs `defaultText`. */
        | { default: T | ComputedDefault<T>; defaultText?: string }
        /** Optional without a default value: leaving it out means what `defaultText` says. */
        | { defaultText: string }
    );

function argument<T>(declaration: ArgumentDeclaration<T>): ArgumentDeclaration<T> {
    return declaration;
}

/** "7 soc2, 35 hipaa, 35 pci": a posture-dependent default in words. */
function byPosture(value: (profile: PostureProfile) => string | number | boolean): string {
    return POSTURES.map((p) => `\`${value(POSTURE_PROFILES[p])}\` ${p}`).join(", ");
}

const profileOf = (resolved: ResolvedSettings): PostureProfile => POSTURE_PROFILES[resolved.posture];

/** Every argument of `HardenedPostgres`, in the order they are resolved and documented. */
export const HARDENED_POSTGRES_ARGUMENTS = {
    posture: argument<Posture>({
        type: "Posture",
        kind: "string",
        default: "soc2",
        description: `Compliance posture, one of ${POSTURES.join(", ")}: sets the minimum backup retention, the minimum log retention, whether a multi-AZ standby is required and the default data classification.`,
    }),
    identifier: argument<string>({
        type: "string",
        kind: "string",
        default: (_resolved, componentName) => componentName,
        defaultText: "the component name (`hpg-<stack>` in the stack program)",
        description:
            "RDS instance identifier: 1-63 lowercase letters, digits and hyphens, starting with a letter, no `--`, not ending in `-`. It also names the log groups (`/aws/rds/instance/<identifier>/…`, kept on destroy: a stack re-created with the same identifier adopts them first, docs/lifecycle.md), the parameter group (`<identifier>-postgresNN`) and the subnet group (`<identifier>-subnets`), and begins the generated names of the security group (`<identifier>-db-…`) and of each final snapshot (`<identifier>-final-<random>`).",
    }),
    engineVersion: argument<string>({
        type: "string",
        kind: "string",
        default: "16",
        description: `PostgreSQL major version (majors ${SUPPORTED_ENGINE_MAJORS.join(", ")}); RDS applies its minor versions automatically. A pinned minor (\`16.4\`) needs \`autoMinorVersionUpgrade: false\`, as RDS moves the instance past it; a major upgrade names its target minor (\`17.2\`) with \`allowMajorVersionUpgrade\` (docs/upgrades.md). The parameter group's family follows the major.`,
    }),
    allowMajorVersionUpgrade: argument<boolean>({
        type: "boolean",
        kind: "boolean",
        default: false,
        description:
            "Upgrade in place to the major of `engineVersion`, which must then name a valid target minor (`17.2`, not `17`); the upgrade is applied immediately, moving the instance to a new parameter group created before the old one is deleted. Set it back to false after the upgrade.",
    }),
    autoMinorVersionUpgrade: argument<boolean>({
        type: "boolean",
        kind: "boolean",
        default: true,
        description: "RDS applies minor-version security patches in the maintenance window (HPG-PAT-01). `false` needs `optOuts.autoMinorVersionUpgrade`.",
    }),
    instanceClass: argument<string>({
        type: "string",
        kind: "string",
        default: "db.t4g.medium",
        description: "RDS instance class, any `db.*` class such as `db.t4g.medium` or `db.m7g.large`.",
    }),
    allocatedStorage: argument<number>({
        type: "number",
        kind: "number",
        default: MIN_STORAGE_GIB,
        description: `Initial gp3 storage in GiB, a whole number from ${MIN_STORAGE_GIB} to ${MAX_STORAGE_GIB}.`,
    }),
    maxAllocatedStorage: argument<number>({
        type: "number",
        kind: "number",
        default: (resolved) => Math.max(100, 2 * resolved.allocatedStorage),
        defaultText: "`max(100, 2 × allocatedStorage)`",
        description: `Upper bound of storage autoscaling in GiB: a whole number above \`allocatedStorage\`, at most ${MAX_STORAGE_GIB}.`,
    }),
    dbName: argument<string>({
        type: "string",
        kind: "string",
        default: "app",
        description: `Initial database name: 1-63 lowercase letters, digits and \`_\`, starting with a letter, not ${RESERVED_DB_NAMES.join(", ")}.`,
    }),
    masterUsername: argument<string>({
        type: "string",
        kind: "string",
        default: "hpg_admin",
        description: `Master user name, whose password RDS manages in Secrets Manager: 1-63 lowercase letters, digits and \`_\`, starting with a letter, never a default or reserved name such as ${RESERVED_MASTER_USERNAMES.slice(0, 4).join(", ")} (HPG-PWD-02).`,
    }),
    vpcId: argument<string>({
        type: "string",
        input: true,
        kind: "string",
        required: true,
        description: "The VPC of the database's security group: the one holding `subnetIds`.",
    }),
    subnetIds: argument<string[]>({
        type: "string[]",
        input: true,
        kind: "string[]",
        required: true,
        description: "Private subnets of the DB subnet group, at least two, in different availability zones.",
    }),
    allowedSecurityGroupIds: argument<string[]>({
        type: "string[]",
        input: true,
        kind: "string[]",
        default: [],
        description: "Security groups admitted on port 5432. Together with `allowedCidrBlocks` at least one source must be given (HPG-NET-01).",
    }),
    allowedCidrBlocks: argument<string[]>({
        type: "string[]",
        kind: "string[]",
        default: [],
        description: "Private IPv4 CIDR blocks admitted on port 5432, inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16; never a public range (HPG-NET-01).",
    }),
    kmsKeyArn: argument<string>({
        type: "string",
        input: true,
        kind: "string",
        defaultText: "a key the component creates, with yearly rotation and an alias",
        description:
            "An existing customer-managed KMS key for storage, snapshots, logs, Performance Insights and the master secret, as its key ARN (`arn:<partition>:kms:<region>:<account>:key/<key-id>`) in the stack's region: RDS reports the key ARN, so an alias or bare key id would show a standing replace diff. Never an AWS-managed key (`alias/aws/*`, HPG-ENC-01). Its policy needs the statements in docs/kms-key-policy.md. An ARN known only at deployment is checked when it resolves, before the instance is created.",
    }),
    keyUserArns: argument<string[]>({
        type: "string[]",
        kind: "string[]",
        default: [],
        defaultText: "none: only the deploying principal",
        description:
            "IAM role or user ARNs (no wildcards) that may use the created key through RDS and Secrets Manager besides the principal running `pulumi up`, e.g. the app roles that read their login secrets. Each must exist when the key policy is written. Not with `kmsKeyArn`: name them in that key's own policy.",
    }),
    enhancedMonitoringLogGroup: argument<"create" | "external">({
        type: '"create" | "external"',
        kind: "string",
        default: "external",
        description:
            "Who declares the account's Enhanced Monitoring log group, `RDSOSMetrics`: `create` declares it here, encrypted with this database's key and retained like its own groups (judged by HPG-LOG-02 and HPG-LOG-03); `external` leaves it to another stack. One name serves every instance in the account and region, so exactly one stack there sets `create`; if none does, RDS creates it itself, unencrypted and with its own retention (docs/kms-key-policy.md). A group RDS already created must be imported first.",
    }),
    logRetentionInDays: argument<number>({
        type: "number",
        kind: "number",
        default: (resolved) => profileOf(resolved).minLogRetentionDays,
        defaultText: `the posture minimum: ${byPosture((p) => p.minLogRetentionDays)}`,
        description: `CloudWatch retention of the exported logs (HPG-LOG-02): a value CloudWatch accepts (${CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= 365).join(", ")}) at or above the posture minimum, or 0 (never expire).`,
    }),
    backupRetentionDays: argument<number>({
        type: "number",
        kind: "number",
        default: (resolved) => profileOf(resolved).minBackupRetentionDays,
        defaultText: `the posture minimum: ${byPosture((p) => p.minBackupRetentionDays)}`,
        description: `Automated backup retention in whole days, from the posture minimum to ${MAX_BACKUP_RETENTION_DAYS} (HPG-BAK-01).`,
    }),
    multiAz: argument<boolean>({
        type: "boolean",
        kind: "boolean",
        default: (resolved) => profileOf(resolved).multiAzRequired,
        defaultText: `whether the posture requires a standby: ${byPosture((p) => p.multiAzRequired)}`,
        description: "Multi-AZ standby (HPG-AVL-01). `false` where the posture requires a standby needs `optOuts.singleAz`.",
    }),
    deletionProtection: argument<boolean>({
        type: "boolean",
        kind: "boolean",
        default: true,
        description: "RDS deletion protection, and Pulumi `protect` on the instance (HPG-BAK-02). `false` needs `optOuts.deletionProtection`.",
    }),
    performanceInsights: argument<boolean>({
        type: "boolean",
        kind: "boolean",
        default: true,
        description: "Performance Insights, encrypted with the database's key (HPG-MON-01). `false` needs `optOuts.performanceInsights`.",
    }),
    performanceInsightsRetentionDays: argument<number>({
        type: "number",
        kind: "number",
        default: 7,
        description: "Performance Insights retention in days: 7, 731, or a multiple of 31 from 31 to 713.",
    }),
    monitoringInterval: argument<number>({
        type: "number",
        kind: "number",
        default: 60,
        description: `Enhanced monitoring interval in seconds: ${MONITORING_INTERVALS.join(", ")} (HPG-MON-01). 0 turns it off and needs \`optOuts.enhancedMonitoring\`.`,
    }),
    caCertIdentifier: argument<string>({
        type: "string",
        kind: "string",
        default: DEFAULT_RDS_CA,
        description: `Server certificate authority, a current RDS CA (HPG-TLS-03): ${CURRENT_RDS_CAS.join(", ")}.`,
    }),
    dataClassification: argument<DataClassification>({
        type: "DataClassification",
        kind: "string",
        default: (resolved) => profileOf(resolved).dataClassification,
        defaultText: `by posture: ${byPosture((p) => p.dataClassification)}`,
        description: `The \`${DATA_CLASSIFICATION_TAG}\` tag of every child (HPG-TAG-01): ${DATA_CLASSIFICATIONS.join(", ")}.`,
    }),
    parameters: argument<UserParameter[]>({
        type: "UserParameter[]",
        kind: "parameters",
        default: [],
        description:
            "Extra parameter group parameters, each `{name, value, applyMethod?}`, merged with the hardened ones. A value that weakens a control is an error; `shared_preload_libraries` entries are merged with the required libraries.",
    }),
    optOuts: argument<HardenedPostgresOptOuts>({
        type: "HardenedPostgresOptOuts",
        kind: "optOuts",
        default: {},
        description: `Named weakenings, each given a non-empty reason, kept in the \`optOuts\` output and in \`hpg-opt-out:<name>\` tags that the policy pack reports as waivers: ${OPT_OUTS.map((o) => `\`${o.name}\` (${o.control}): ${o.allows}`).join("; ")}.`,
    }),
    applyImmediately: argument<boolean>({
        type: "boolean",
        kind: "boolean",
        default: (resolved) => resolved.allowMajorVersionUpgrade,
        defaultText: "`true` while `allowMajorVersionUpgrade` is true, else `false`",
        description:
            "Apply modifications immediately rather than in the next maintenance window. Never `false` during a major upgrade: the instance moves to the new parameter group only when the upgrade is applied.",
    }),
    tags: argument<Record<string, string>>({
        type: "Record<string, string>",
        kind: "tags",
        default: {},
        description: `Extra tags for every taggable child; the component always sets \`${DATA_CLASSIFICATION_TAG}\`, \`${POSTURE_TAG}\`, \`${MANAGED_BY_TAG}\` and, with opt-outs, \`${OPT_OUTS_TAG}\`.`,
    }),
    auditTrail: argument<AuditTrailArgs>({
        type: "AuditTrailArgs",
        kind: "auditTrail",
        default: {},
        description: `The audit trail in operation: the postgresql log group streams through Kinesis Data Firehose to an S3 archive under Object Lock COMPLIANCE for at least the posture's retention (${byPosture((p) => p.minAuditArchiveRetentionDays)} days; HPG-AUD-06), \`archive: {bucketArn?, retentionDays?}\`; CloudWatch alarms for each detection CloudWatch can express notify an SNS topic encrypted with the key (HPG-MON-02), \`alarmTopicArn?\` or \`alarmEmails?\`; a dashboard of PHI access; a Glue table with partition projection and Athena named queries; \`detections?\` overrides the detections' settings. \`optOuts.auditArchive\` turns the archive off, \`optOuts.auditAlarms\` the alarms.`,
    }),
};

export type ArgumentName = keyof typeof HARDENED_POSTGRES_ARGUMENTS;

/** Every argument name, in declaration order. */
export const ARGUMENT_NAMES = Object.keys(HARDENED_POSTGRES_ARGUMENTS) as ArgumentName[];

/** The value type an argument is declared with (for an input, what it resolves to). */
export type ArgumentValue<K extends ArgumentName> = (typeof HARDENED_POSTGRES_ARGUMENTS)[K] extends ArgumentDeclaration<infer T> ? T : never;

/** The declaration of `key`, widened so its optional parts can be read. */
export function argumentDeclaration(key: ArgumentName): ArgumentBasics<unknown> & { required?: true; default?: unknown; defaultText?: string } {
    return HARDENED_POSTGRES_ARGUMENTS[key];
}

/**
 * The declared default of `key`, computed from the settings resolved before it; undefined when the argument is required
 * or has no default value. Lists and maps are fresh copies, so no caller can change the declaration.
 */
export function defaultValue<K extends ArgumentName>(key: K, resolved: ResolvedSettings, componentName: string): ArgumentValue<K> | undefined {
    const value = argumentDeclaration(key).default;
    const computed = typeof value === "function" ? (value as ComputedDefault<unknown>)(resolved, componentName) : value;
    if (Array.isArray(computed)) {
        return [...computed] as ArgumentValue<K>;
    }
    if (typeof computed === "object" && computed !== null) {
        return { ...computed } as ArgumentValue<K>;
    }
    return computed as ArgumentValue<K> | undefined;
}
