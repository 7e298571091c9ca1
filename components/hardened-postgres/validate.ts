import {
    CLOUDWATCH_RETENTION_DAYS,
    CURRENT_RDS_CAS,
    DATA_CLASSIFICATIONS,
    DataClassification,
    DEFAULT_RDS_CA,
    Family,
    familyForEngineVersion,
    isPrivateCidr,
    MAX_BACKUP_RETENTION_DAYS,
    OPT_OUT_NAMES,
    OptOutName,
    POSTURE_PROFILES,
    POSTURES,
    Posture,
    PostureProfile,
    RESERVED_MASTER_USERNAMES,
    SUPPORTED_ENGINE_MAJORS,
} from "../catalog";
import { HardenedPostgresArgs, HardenedPostgresOptOuts } from "./args";
import { parameterGroupSettings, ParameterGroupSettings } from "./parameter-group-settings";

/** Every argument of `HardenedPostgres`, validated and with its default applied. */
export interface ResolvedSettings {
    posture: Posture;
    profile: PostureProfile;
    identifier: string;
    engineVersion: string;
    family: Family;
    allowMajorVersionUpgrade: boolean;
    instanceClass: string;
    allocatedStorage: number;
    maxAllocatedStorage: number;
    dbName: string;
    masterUsername: string;
    allowedCidrBlocks: string[];
    logRetentionInDays: number;
    backupRetentionDays: number;
    multiAz: boolean;
    deletionProtection: boolean;
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
}

/** Thrown by `validateHardenedPostgresArgs`; `problems` lists every bad argument. */
export class InvalidArgumentsError extends Error {
    constructor(public readonly problems: string[]) {
        super(problems.join("\n"));
        this.name = "InvalidArgumentsError";
    }
}

const RESERVED_DB_NAMES = ["postgres", "template0", "template1", "rdsadmin"];
const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];

// Moved to the catalog so the policy pack shares it (HPG-NET-01); re-exported so the component API is unchanged.
export { isPrivateCidr };

/** RDS DB instance identifier rules: 1–63 characters, a letter first, letters/digits/hyphens, no '--', no trailing '-'. */
export function isValidRdsIdentifier(id: string): boolean {
    return /^[a-z][a-z0-9-]{0,62}$/.test(id) && !id.includes("--") && !id.endsWith("-");
}

function isPerformanceInsightsRetention(days: number): boolean {
    return days === 7 || days === 731 || (Number.isInteger(days) && days % 31 === 0 && days >= 31 && days <= 713);
}

const show = (v: unknown): string => (typeof v === "string" ? `'${v}'` : JSON.stringify(v));

/**
 * Validates the arguments and applies defaults. Throws `InvalidArgumentsError` listing every problem,
 * each naming the field in brackets, the value given and what is allowed.
 */
export function validateHardenedPostgresArgs(name: string, args: HardenedPostgresArgs): ResolvedSettings {
    const problems: string[] = [];
    const optOuts: HardenedPostgresOptOuts = {};

    for (const [key, reason] of Object.entries(args.optOuts ?? {})) {
        if (!OPT_OUT_NAMES.includes(key as OptOutName)) {
            problems.push(`[optOuts.${key}] is not an opt-out; allowed: ${OPT_OUT_NAMES.join(", ")}`);
        } else if (typeof reason !== "string" || reason.trim() === "") {
            problems.push(`[optOuts.${key}] must be a non-empty reason, got ${show(reason)}`);
        } else {
            optOuts[key as OptOutName] = reason.trim();
        }
    }
    /** A weakening is allowed only with its named opt-out. */
    const requireOptOut = (field: string, value: unknown, optOut: OptOutName, why: string): void => {
        if (optOuts[optOut] === undefined) {
            problems.push(`[${field}] ${show(value)} ${why}; set optOuts.${optOut} to the reason to accept this`);
        }
    };

    const posture = args.posture ?? "soc2";
    if (!POSTURES.includes(posture)) {
        problems.push(`[posture] ${show(posture)} is not a posture; allowed: ${POSTURES.join(", ")}`);
    }
    const profile = POSTURE_PROFILES[posture] ?? POSTURE_PROFILES.soc2;

    const identifier = args.identifier ?? name;
    if (typeof identifier !== "string" || !isValidRdsIdentifier(identifier)) {
        problems.push(
            `[identifier] ${show(identifier)} is not a valid RDS identifier; allowed: 1-63 lowercase letters, digits and hyphens, starting with a letter, no '--', not ending in '-'`,
        );
    }

    const engineVersion = args.engineVersion ?? "16";
    const family = typeof engineVersion === "string" ? familyForEngineVersion(engineVersion) : undefined;
    if (!family) {
        problems.push(`[engineVersion] ${show(engineVersion)} is not supported; allowed: major ${SUPPORTED_ENGINE_MAJORS.join(", ")} (e.g. '16' or '16.4')`);
    }

    const instanceClass = args.instanceClass ?? "db.t4g.medium";
    if (typeof instanceClass !== "string" || !/^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(instanceClass)) {
        problems.push(`[instanceClass] ${show(instanceClass)} is not an RDS instance class; allowed: e.g. 'db.t4g.medium', 'db.m7g.large'`);
    }

    const allocatedStorage = args.allocatedStorage ?? 20;
    if (!Number.isInteger(allocatedStorage) || allocatedStorage < 20 || allocatedStorage > 65536) {
        problems.push(`[allocatedStorage] ${show(allocatedStorage)} is out of range; allowed: whole GiB from 20 to 65536`);
    }
    const maxAllocatedStorage = args.maxAllocatedStorage ?? Math.max(100, allocatedStorage * 2);
    if (!Number.isInteger(maxAllocatedStorage) || maxAllocatedStorage <= allocatedStorage || maxAllocatedStorage > 65536) {
        problems.push(`[maxAllocatedStorage] ${show(maxAllocatedStorage)} is out of range; allowed: whole GiB above allocatedStorage (${allocatedStorage}) up to 65536`);
    }

    const dbName = args.dbName ?? "app";
    if (typeof dbName !== "string" || !/^[a-z][a-z0-9_]{0,62}$/.test(dbName) || RESERVED_DB_NAMES.includes(dbName)) {
        problems.push(`[dbName] ${show(dbName)} is not allowed; allowed: 1-63 lowercase letters, digits and '_', starting with a letter, not ${RESERVED_DB_NAMES.join("/")}`);
    }

    const masterUsername = args.masterUsername ?? "hpg_admin";
    if (typeof masterUsername !== "string" || !/^[a-z][a-z0-9_]{0,62}$/.test(masterUsername)) {
        problems.push(`[masterUsername] ${show(masterUsername)} is not allowed; allowed: 1-63 lowercase letters, digits and '_', starting with a letter`);
    } else if (RESERVED_MASTER_USERNAMES.includes(masterUsername)) {
        problems.push(`[masterUsername] ${show(masterUsername)} is a default or reserved name (HPG-PWD-02); allowed: a non-default name such as 'hpg_admin'`);
    }

    if (!Array.isArray(args.subnetIds) || args.subnetIds.length < 2) {
        problems.push(`[subnetIds] ${args.subnetIds === undefined ? "is missing" : `has ${Array.isArray(args.subnetIds) ? args.subnetIds.length : show(args.subnetIds)} entries`}; allowed: at least 2 private subnets in different availability zones`);
    }
    if (args.vpcId === undefined || args.vpcId === "") {
        problems.push(`[vpcId] is missing; allowed: the id of the VPC holding subnetIds`);
    }
    const allowedCidrBlocks = args.allowedCidrBlocks ?? [];
    allowedCidrBlocks.forEach((cidr, i) => {
        if (!isPrivateCidr(cidr)) {
            problems.push(`[allowedCidrBlocks[${i}]] ${show(cidr)} is not a private CIDR (HPG-NET-01); allowed: IPv4 CIDRs inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`);
        }
    });
    if (allowedCidrBlocks.length === 0 && (args.allowedSecurityGroupIds ?? []).length === 0) {
        problems.push(`[allowedSecurityGroupIds] and [allowedCidrBlocks] are both empty; allowed: at least one security group id or private CIDR that may connect`);
    }

    const logRetentionInDays = args.logRetentionInDays ?? profile.minLogRetentionDays;
    if (logRetentionInDays !== 0 && (!CLOUDWATCH_RETENTION_DAYS.includes(logRetentionInDays) || logRetentionInDays < profile.minLogRetentionDays)) {
        const allowed = CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= profile.minLogRetentionDays);
        problems.push(`[logRetentionInDays] ${show(logRetentionInDays)} is not allowed in posture '${posture}' (HPG-LOG-02); allowed: ${allowed.join(", ")} or 0 (never expire)`);
    }

    const backupRetentionDays = args.backupRetentionDays ?? profile.minBackupRetentionDays;
    if (!Number.isInteger(backupRetentionDays) || backupRetentionDays < profile.minBackupRetentionDays || backupRetentionDays > MAX_BACKUP_RETENTION_DAYS) {
        problems.push(
            `[backupRetentionDays] ${show(backupRetentionDays)} is out of range for posture '${posture}' (HPG-BAK-01); allowed: whole days from ${profile.minBackupRetentionDays} to ${MAX_BACKUP_RETENTION_DAYS}`,
        );
    }

    const multiAz = args.multiAz ?? profile.multiAzRequired;
    if (!multiAz && profile.multiAzRequired) {
        requireOptOut("multiAz", multiAz, "singleAz", `is not allowed in posture '${posture}', which requires a standby (HPG-AVL-01)`);
    }
    const deletionProtection = args.deletionProtection ?? true;
    if (!deletionProtection) {
        requireOptOut("deletionProtection", deletionProtection, "deletionProtection", "leaves the database deletable (HPG-BAK-02)");
    }
    const performanceInsights = args.performanceInsights ?? true;
    if (!performanceInsights) {
        requireOptOut("performanceInsights", performanceInsights, "performanceInsights", "turns off Performance Insights (HPG-MON-01)");
    }
    const performanceInsightsRetentionDays = args.performanceInsightsRetentionDays ?? 7;
    if (!isPerformanceInsightsRetention(performanceInsightsRetentionDays)) {
        problems.push(`[performanceInsightsRetentionDays] ${show(performanceInsightsRetentionDays)} is not allowed; allowed: 7, 731, or a multiple of 31 from 31 to 713`);
    }
    const monitoringInterval = args.monitoringInterval ?? 60;
    if (monitoringInterval === 0) {
        requireOptOut("monitoringInterval", monitoringInterval, "enhancedMonitoring", "turns off enhanced monitoring (HPG-MON-01)");
    } else if (!MONITORING_INTERVALS.includes(monitoringInterval)) {
        problems.push(`[monitoringInterval] ${show(monitoringInterval)} is not allowed; allowed: ${MONITORING_INTERVALS.join(", ")} (0 with optOuts.enhancedMonitoring)`);
    }

    const caCertIdentifier = args.caCertIdentifier ?? DEFAULT_RDS_CA;
    if (!CURRENT_RDS_CAS.includes(caCertIdentifier)) {
        problems.push(`[caCertIdentifier] ${show(caCertIdentifier)} is not a current RDS CA (HPG-TLS-03); allowed: ${CURRENT_RDS_CAS.join(", ")}`);
    }

    const dataClassification = args.dataClassification ?? profile.dataClassification;
    if (!DATA_CLASSIFICATIONS.includes(dataClassification)) {
        problems.push(`[dataClassification] ${show(dataClassification)} is not a classification; allowed: ${DATA_CLASSIFICATIONS.join(", ")}`);
    }

    if (args.kmsKeyArn !== undefined && typeof args.kmsKeyArn === "string" && /alias\/aws\//.test(args.kmsKeyArn)) {
        problems.push(`[kmsKeyArn] ${show(args.kmsKeyArn)} is an AWS-managed key (HPG-ENC-01); allowed: a customer-managed key ARN, or omit it to create one`);
    }

    for (const [key, value] of Object.entries(args.tags ?? {})) {
        if (typeof value !== "string") {
            problems.push(`[tags.${key}] ${show(value)} must be a string`);
        }
    }

    const { settings: parameterGroup, problems: parameterProblems } = parameterGroupSettings(family ?? "postgres16", args.parameters ?? []);
    problems.push(...parameterProblems);

    if (problems.length > 0) {
        throw new InvalidArgumentsError(problems);
    }
    return {
        posture,
        profile,
        identifier,
        engineVersion,
        family: family as Family,
        allowMajorVersionUpgrade: args.allowMajorVersionUpgrade ?? false,
        instanceClass,
        allocatedStorage,
        maxAllocatedStorage,
        dbName,
        masterUsername,
        allowedCidrBlocks,
        logRetentionInDays,
        backupRetentionDays,
        multiAz,
        deletionProtection,
        retainOnDelete: optOuts.deleteKeyAndLogsWithStack === undefined,
        performanceInsights,
        performanceInsightsRetentionDays,
        monitoringInterval,
        caCertIdentifier,
        dataClassification,
        parameterGroup,
        optOuts,
        applyImmediately: args.applyImmediately ?? false,
        tags: { ...(args.tags ?? {}) },
    };
}
