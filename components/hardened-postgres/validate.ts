import * as pulumi from "@pulumi/pulumi";
import {
    CLOUDWATCH_RETENTION_DAYS,
    CURRENT_RDS_CAS,
    DATA_CLASSIFICATIONS,
    DataClassification,
    Family,
    familyForEngineVersion,
    isPrivateCidr,
    MAX_BACKUP_RETENTION_DAYS,
    OPT_OUT_NAMES,
    OptOutName,
    optOutRenamedFrom,
    POSTURE_PROFILES,
    POSTURES,
    Posture,
    PostureProfile,
    RESERVED_MASTER_USERNAMES,
    SUPPORTED_ENGINE_MAJORS,
} from "../catalog";
import { tls13SupportProblem } from "../catalog/controls/hpg-tls-02/tls13-support";
import {
    isPerformanceInsightsRetention,
    MAX_STORAGE_GIB,
    MIN_STORAGE_GIB,
    MONITORING_INTERVALS,
    POSTGRES_NAME,
    RESERVED_DB_NAMES,
} from "./allowed-values";
import { HardenedPostgresArgs, HardenedPostgresOptOuts } from "./args";
import { ArgumentName, defaultValue } from "./arguments";
import { resolveAuditTrail, ResolvedAuditTrail } from "./audit-settings";
import { engineVersionProblems } from "./engine-version";
import { parameterGroupSettings, ParameterGroupSettings } from "./parameter-group-settings";
import { keyUserArnProblems, kmsKeyArnProblem } from "./kms-key-arn";
import { shownValue as show } from "./shown-value";

/** Every argument of `HardenedPostgres`, validated and with its default applied. */
export interface ResolvedSettings {
    posture: Posture;
    profile: PostureProfile;
    identifier: string;
    engineVersion: string;
    family: Family;
    allowMajorVersionUpgrade: boolean;
    /** RDS applies minor versions in the maintenance window (false only with `optOuts.autoMinorVersionUpgrade`, HPG-PAT-01). */
    autoMinorVersionUpgrade: boolean;
    instanceClass: string;
    allocatedStorage: number;
    maxAllocatedStorage: number;
    dbName: string;
    masterUsername: string;
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<string>[];
    allowedSecurityGroupIds: pulumi.Input<string>[];
    allowedCidrBlocks: string[];
    /** An existing customer-managed key; undefined when the component creates one. */
    kmsKeyArn?: pulumi.Input<string>;
    /** IAM roles and users named in the created key's policy, besides the deploying principal. */
    keyUserArns: string[];
    /** Whether this stack declares the account's `RDSOSMetrics` log group. */
    enhancedMonitoringLogGroup: "create" | "external";
    logRetentionInDays: number;
    backupRetentionDays: number;
    multiAz: boolean;
    deletionProtection: boolean;
    /** Keep the key and the log groups when the stack is deleted (false only with `optOuts.deleteKeyAndLogsWithStack`). */
    retainOnDelete: boolean;
    performanceInsights: boolean;
    performanceInsightsRetentionDays: number;
    monitoringInterval: number;
    caCertIdentifier: string;
    dataClassification: DataClassification;
    parameterGroup: ParameterGroupSettings;
    optOuts: HardenedPostgresOptOuts;
    applyImmediately: boolean;
    tags: Record<string, string>;
    /** Archive, alarms and detections of the audit trail (HPG-AUD-06, HPG-MON-02). */
    auditTrail: ResolvedAuditTrail;
}

/** Thrown by `validateHardenedPostgresArgs`; `problems` lists every bad argument. */
export class InvalidArgumentsError extends Error {
    constructor(public readonly problems: string[]) {
        super(problems.join("\n"));
        this.name = "InvalidArgumentsError";
    }
}

/** The message of a component whose arguments are refused, one problem a line. */
export function invalidArgumentsMessage(name: string, problems: readonly string[]): string {
    return `hardened-postgres '${name}' has invalid arguments:\n${problems.map((p) => `  ${p}`).join("\n")}`;
}

/** Opt-outs that were renamed: the old name is refused with the new one, so a stack written for the old name fails clearly. */

// Moved to the catalog so the policy pack shares it (HPG-NET-01); re-exported so the component API is unchanged.
export { isPrivateCidr };

/** RDS DB instance identifier rules: 1–63 characters, a letter first, letters/digits/hyphens, no '--', no trailing '-'. */
export function isValidRdsIdentifier(id: string): boolean {
    return /^[a-z][a-z0-9-]{0,62}$/.test(id) && !id.includes("--") && !id.endsWith("-");
}

/** An argument validate.ts resolves into a setting of the same name (`parameters` becomes `parameterGroup`). */
type ResolvedArgument = ArgumentName & keyof ResolvedSettings;

/** Reports a problem with `field` (the argument's own name unless given). */
type Refuse = (message: string, field?: string) => void;

const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isWholeNumber = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !pulumi.Output.isInstance(v);
/** A string input: a non-empty string now, or an Output or promise that resolves at deployment. */
const isStringInput = (v: unknown): boolean =>
    (typeof v === "string" && v !== "") || pulumi.Output.isInstance(v) || (typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function");
/** How a problem describes a list whose entries may be Outputs (which have no printable value). */
const entryCount = (list: unknown[]): string => `has ${list.length} ${list.length === 1 ? "entry" : "entries"}`;

/**
 * Validates the arguments and applies defaults. Throws `InvalidArgumentsError` listing every problem,
 * each naming the field in brackets, the value given and what is allowed. Arguments may come from plain JavaScript or
 * stack config, so every value is checked for its type before it is used.
 */
export function validateHardenedPostgresArgs(name: string, args: HardenedPostgresArgs): ResolvedSettings {
    const problems: string[] = [];
    const given = args as unknown as Partial<Record<ArgumentName, unknown>>;
    // Filled in declaration order: a computed default (arguments.ts) reads only what is resolved before it.
    const resolved = {} as ResolvedSettings;

    /** The given value, or the declared default. A refused value is reported, and what depends on it sees the default. */
    function resolve<K extends ResolvedArgument>(key: K, check: (value: unknown, refuse: Refuse) => void): ResolvedSettings[K] {
        const fallback = defaultValue(key, resolved, name);
        const value = given[key] ?? fallback;
        let refused = false;
        check(value, (message, field = key) => {
            refused = true;
            problems.push(`[${field}] ${message}`);
        });
        resolved[key] = (refused && fallback !== undefined ? fallback : value) as ResolvedSettings[K];
        return resolved[key];
    }
    const checkBoolean = (value: unknown, refuse: Refuse) => isBoolean(value) || refuse(`${show(value)} is not a boolean; allowed: true or false`);

    // Opt-outs first, as the weakenings below read them; their default is a constant, so nothing they read comes later.
    const optOuts = resolveOptOuts(given.optOuts ?? defaultValue("optOuts", resolved, name), problems);
    resolved.optOuts = optOuts;
    /** A weakening is allowed only with its named opt-out. */
    const requireOptOut = (field: string, value: unknown, optOut: OptOutName, why: string): void => {
        if (optOuts[optOut] === undefined) {
            problems.push(`[${field}] ${show(value)} ${why}; set optOuts.${optOut} to the reason to accept this`);
        }
    };

    const posture = resolve("posture", (v, refuse) => POSTURES.includes(v as Posture) || refuse(`${show(v)} is not a posture; allowed: ${POSTURES.join(", ")}`));
    const profile = POSTURE_PROFILES[posture];
    resolved.profile = profile;

    resolve("identifier", (v, refuse) => {
        if (typeof v !== "string" || !isValidRdsIdentifier(v)) {
            refuse(`${show(v)} is not a valid RDS identifier; allowed: 1-63 lowercase letters, digits and hyphens, starting with a letter, no '--', not ending in '-'`);
        } else if (`${v}-`.startsWith("sg-")) {
            // It begins the security group's name, and EC2's CreateSecurityGroup refuses a GroupName that starts with "sg-".
            refuse(`${show(v)} makes the security group's name start with 'sg-', which EC2 refuses (the group is named '${v}-db-…'); allowed: any other valid RDS identifier`);
        }
    });
    const engineVersion = resolve("engineVersion", (v, refuse) => {
        if (typeof v !== "string" || familyForEngineVersion(v) === undefined) {
            refuse(`${show(v)} is not supported; allowed: major ${SUPPORTED_ENGINE_MAJORS.join(", ")} (e.g. '16' or '16.4')`);
        }
    });
    const family = familyForEngineVersion(engineVersion) as Family;
    resolved.family = family;
    resolve("allowMajorVersionUpgrade", checkBoolean);
    const autoMinorVersionUpgrade = resolve("autoMinorVersionUpgrade", checkBoolean);
    if (autoMinorVersionUpgrade === false) {
        requireOptOut("autoMinorVersionUpgrade", autoMinorVersionUpgrade, "autoMinorVersionUpgrade", "turns off automatic minor-version security patches (HPG-PAT-01)");
    }
    resolve("instanceClass", (v, refuse) => {
        if (typeof v !== "string" || !/^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(v)) {
            refuse(`${show(v)} is not an RDS instance class; allowed: e.g. 'db.t4g.medium', 'db.m7g.large'`);
        }
    });
    const allocatedStorage = resolve("allocatedStorage", (v, refuse) => {
        if (!isWholeNumber(v) || v < MIN_STORAGE_GIB || v > MAX_STORAGE_GIB) {
            refuse(`${show(v)} is out of range; allowed: whole GiB from ${MIN_STORAGE_GIB} to ${MAX_STORAGE_GIB}`);
        }
    });
    resolve("maxAllocatedStorage", (v, refuse) => {
        if (!isWholeNumber(v) || v <= allocatedStorage || v > MAX_STORAGE_GIB) {
            refuse(`${show(v)} is out of range; allowed: whole GiB above allocatedStorage (${allocatedStorage}) up to ${MAX_STORAGE_GIB}`);
        }
    });
    resolve("dbName", (v, refuse) => {
        if (typeof v !== "string" || !POSTGRES_NAME.test(v) || RESERVED_DB_NAMES.includes(v)) {
            refuse(`${show(v)} is not allowed; allowed: 1-63 lowercase letters, digits and '_', starting with a letter, not ${RESERVED_DB_NAMES.join("/")}`);
        }
    });
    resolve("masterUsername", (v, refuse) => {
        if (typeof v !== "string" || !POSTGRES_NAME.test(v)) {
            refuse(`${show(v)} is not allowed; allowed: 1-63 lowercase letters, digits and '_', starting with a letter`);
        } else if (RESERVED_MASTER_USERNAMES.includes(v)) {
            refuse(`${show(v)} is a default or reserved name (HPG-PWD-02); allowed: a non-default name such as 'hpg_admin'`);
        }
    });

    resolve("vpcId", (v, refuse) => {
        if (v === undefined || v === "") {
            refuse("is missing; allowed: the id of the VPC holding subnetIds");
        } else if (!isStringInput(v)) {
            refuse(`${show(v)} is not a VPC id; allowed: the id of the VPC holding subnetIds`);
        }
    });
    resolve("subnetIds", (v, refuse) => {
        const allowed = "allowed: at least 2 private subnets in different availability zones";
        if (v === undefined) {
            refuse(`is missing; ${allowed}`);
        } else if (!Array.isArray(v)) {
            refuse(`${show(v)} is not a list; ${allowed}`);
        } else {
            if (v.length < 2) {
                refuse(`${entryCount(v)}; ${allowed}`);
            }
            v.forEach((id, i) => isStringInput(id) || refuse(`${show(id)} is not a subnet id; allowed: a subnet id, or an Output of one`, `subnetIds[${i}]`));
        }
    });
    const allowedSecurityGroupIds = resolve("allowedSecurityGroupIds", (v, refuse) => {
        if (!Array.isArray(v)) {
            refuse(`${show(v)} is not a list; allowed: a list of security group ids`);
        } else {
            v.forEach((id, i) => isStringInput(id) || refuse(`${show(id)} is not a security group id; allowed: a security group id, or an Output of one`, `allowedSecurityGroupIds[${i}]`));
        }
    });
    const allowedCidrBlocks = resolve("allowedCidrBlocks", (v, refuse) => {
        if (!Array.isArray(v)) {
            refuse(`${show(v)} is not a list; allowed: a list of private IPv4 CIDR blocks`);
        } else {
            v.forEach((cidr, i) => {
                if (typeof cidr !== "string" || !isPrivateCidr(cidr)) {
                    refuse(`${show(cidr)} is not a private CIDR (HPG-NET-01); allowed: IPv4 CIDRs inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`, `allowedCidrBlocks[${i}]`);
                }
            });
        }
    });
    if (allowedCidrBlocks.length === 0 && allowedSecurityGroupIds.length === 0) {
        problems.push(`[allowedSecurityGroupIds] and [allowedCidrBlocks] are both empty; allowed: at least one security group id or private CIDR that may connect`);
    }
    resolve("kmsKeyArn", (v, refuse) => {
        // An Output or promise is judged when it resolves, before any resource uses it (customer-managed-key.ts).
        const problem = v === undefined || (isStringInput(v) && typeof v !== "string") ? undefined : kmsKeyArnProblem(v);
        if (problem !== undefined) {
            refuse(problem);
        }
    });
    resolve("keyUserArns", (v, refuse) => keyUserArnProblems(v, resolved.kmsKeyArn).forEach(({ message, field }) => refuse(message, field)));
    resolve("enhancedMonitoringLogGroup", (v, refuse) => v === "create" || v === "external" || refuse(`${show(v)} is not allowed; allowed: create (this stack declares RDSOSMetrics) or external`));

    resolve("logRetentionInDays", (v, refuse) => {
        if (v !== 0 && (!CLOUDWATCH_RETENTION_DAYS.includes(v as number) || (v as number) < profile.minLogRetentionDays)) {
            const allowed = CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= profile.minLogRetentionDays);
            refuse(`${show(v)} is not allowed in posture '${posture}' (HPG-LOG-02); allowed: ${allowed.join(", ")} or 0 (never expire)`);
        }
    });
    resolve("backupRetentionDays", (v, refuse) => {
        if (!isWholeNumber(v) || v < profile.minBackupRetentionDays || v > MAX_BACKUP_RETENTION_DAYS) {
            refuse(`${show(v)} is out of range for posture '${posture}' (HPG-BAK-01); allowed: whole days from ${profile.minBackupRetentionDays} to ${MAX_BACKUP_RETENTION_DAYS}`);
        }
    });
    const multiAz = resolve("multiAz", checkBoolean);
    if (multiAz === false && profile.multiAzRequired) {
        requireOptOut("multiAz", multiAz, "singleAz", `is not allowed in posture '${posture}', which requires a standby (HPG-AVL-01)`);
    }
    const deletionProtection = resolve("deletionProtection", checkBoolean);
    if (deletionProtection === false) {
        requireOptOut("deletionProtection", deletionProtection, "deletionProtection", "leaves the database deletable (HPG-BAK-02)");
    }
    const performanceInsights = resolve("performanceInsights", checkBoolean);
    if (performanceInsights === false) {
        requireOptOut("performanceInsights", performanceInsights, "performanceInsights", "turns off Performance Insights (HPG-MON-01)");
    }
    resolve("performanceInsightsRetentionDays", (v, refuse) => {
        if (!isPerformanceInsightsRetention(v)) {
            refuse(`${show(v)} is not allowed; allowed: 7, 731, or a multiple of 31 from 31 to 713`);
        }
    });
    const monitoringInterval = resolve("monitoringInterval", (v, refuse) => {
        if (v !== 0 && !MONITORING_INTERVALS.includes(v as number)) {
            refuse(`${show(v)} is not allowed; allowed: ${MONITORING_INTERVALS.join(", ")} (0 with optOuts.enhancedMonitoring)`);
        }
    });
    if (monitoringInterval === 0) {
        requireOptOut("monitoringInterval", monitoringInterval, "enhancedMonitoring", "turns off enhanced monitoring (HPG-MON-01)");
    }
    resolve("caCertIdentifier", (v, refuse) => CURRENT_RDS_CAS.includes(v as string) || refuse(`${show(v)} is not a current RDS CA (HPG-TLS-03); allowed: ${CURRENT_RDS_CAS.join(", ")}`));
    resolve("dataClassification", (v, refuse) => DATA_CLASSIFICATIONS.includes(v as DataClassification) || refuse(`${show(v)} is not a classification; allowed: ${DATA_CLASSIFICATIONS.join(", ")}`));

    const parameters = given.parameters ?? defaultValue("parameters", resolved, name);
    if (!Array.isArray(parameters)) {
        problems.push(`[parameters] ${show(parameters)} is not a list; allowed: a list of {name, value, applyMethod?}`);
    }
    const { settings: parameterGroup, problems: parameterProblems } = parameterGroupSettings(family, Array.isArray(parameters) ? parameters : []);
    problems.push(...parameterProblems);
    // RDS supports TLS 1.3 only from PostgreSQL 16 (tls13-support.ts cites AWS): an older major can't honour a TLSv1.3 minimum (HPG-TLS-02).
    (Array.isArray(parameters) ? (parameters as unknown[]) : []).forEach((entry, index) => {
        const { name: parameterName, value } = isPlainObject(entry) ? entry : {};
        if (typeof parameterName === "string" && parameterName.toLowerCase() === "ssl_min_protocol_version" && typeof value === "string") {
            const unsupported = tls13SupportProblem(family, value);
            if (unsupported !== undefined) {
                problems.push(`[parameters[${index}]] ${unsupported} (engineVersion ${show(engineVersion)}); allowed: TLSv1.2, or engineVersion 16 or later`);
            }
        }
    });

    resolve("applyImmediately", checkBoolean);
    // Judged only on an accepted engineVersion: a refused one is already reported, and its fallback is not what was asked.
    if (given.engineVersion === undefined || given.engineVersion === engineVersion) {
        problems.push(...engineVersionProblems(resolved));
    }
    const tags = resolve("tags", (v, refuse) => {
        if (!isPlainObject(v)) {
            refuse(`${show(v)} is not a map; allowed: a map of tag names to string values`);
        } else {
            for (const [key, value] of Object.entries(v)) {
                if (typeof value !== "string") {
                    refuse(`${show(value)} must be a string`, `tags.${key}`);
                }
            }
        }
    });

    resolved.auditTrail = resolveAuditTrail(given.auditTrail ?? defaultValue("auditTrail", resolved, name), posture, profile, optOuts, problems);

    if (problems.length > 0) {
        throw new InvalidArgumentsError(problems);
    }
    return { ...resolved, parameterGroup, retainOnDelete: optOuts.deleteKeyAndLogsWithStack === undefined, tags: { ...tags } };
}

/** The opt-outs in force with their trimmed reasons; a name that is not an opt-out, or a missing reason, is a problem. */
function resolveOptOuts(value: unknown, problems: string[]): HardenedPostgresOptOuts {
    const optOuts: HardenedPostgresOptOuts = {};
    if (!isPlainObject(value)) {
        problems.push(`[optOuts] ${show(value)} is not a map; allowed: a map of opt-out name to reason, names ${OPT_OUT_NAMES.join(", ")}`);
        return optOuts;
    }
    for (const [key, reason] of Object.entries(value)) {
        const renamed = optOutRenamedFrom(key);
        if (renamed !== undefined) {
            problems.push(
                `[optOuts.${key}] ${show(reason)}: this opt-out was renamed to ${renamed.name} (${renamed.allows}); write optOuts.${renamed.name} instead; allowed: ${OPT_OUT_NAMES.join(", ")}`,
            );
        } else if (!OPT_OUT_NAMES.includes(key as OptOutName)) {
            problems.push(`[optOuts.${key}] is not an opt-out; allowed: ${OPT_OUT_NAMES.join(", ")}`);
        } else if (typeof reason !== "string" || reason.trim() === "") {
            problems.push(`[optOuts.${key}] must be a non-empty reason, got ${show(reason)}`);
        } else {
            optOuts[key as OptOutName] = reason.trim();
        }
    }
    return optOuts;
}

// Moved to kms-key-arn.ts with the region check that runs at deployment; re-exported so the component API is unchanged.
export { kmsKeyArnProblem };
