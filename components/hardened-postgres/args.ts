import * as pulumi from "@pulumi/pulumi";
import { DataClassification, OptOutName, Posture } from "../catalog";

/**
 * Named weakenings, each given a reason (a non-empty string). The names are the catalog's opt-outs (each control module
 * declares its own); the reasons are kept in the component's `optOuts` output and in `hpg-opt-out:<name>` tags, which
 * the policy pack reads as waivers and reports.
 */
export type HardenedPostgresOptOuts = Partial<Record<OptOutName, string>>;

/** An extra parameter for the parameter group. A value that weakens a control is an error. */
export interface UserParameter {
    name: string;
    value: string;
    /** Default "immediate"; static parameters need "pending-reboot". */
    applyMethod?: "immediate" | "pending-reboot";
}

/**
 * Arguments of `HardenedPostgres`. Settings that are validated at construction (and that name resources,
 * such as the identifier) are plain values; network references are `pulumi.Input`s.
 */
export interface HardenedPostgresArgs {
    /** Compliance posture; sets minimum backup retention, log retention and multi-AZ. Default "soc2". */
    posture?: Posture;
    /** RDS instance identifier (also names the log groups). Default: the component name. */
    identifier?: string;
    /** PostgreSQL version, major ("16") or major.minor ("16.4"); majors 15, 16 and 17. Default "16". */
    engineVersion?: string;
    /** Allow an in-place major version upgrade when `engineVersion` changes major. Default false. */
    allowMajorVersionUpgrade?: boolean;
    /** Instance class. Default "db.t4g.medium". */
    instanceClass?: string;
    /** Initial storage in GiB (20–65536). Default 20. */
    allocatedStorage?: number;
    /** Upper bound for storage autoscaling in GiB, above `allocatedStorage`. Default 100. */
    maxAllocatedStorage?: number;
    /** Initial database name. Default "app". */
    dbName?: string;
    /** Master user name; never a default name such as postgres or admin. Default "hpg_admin". */
    masterUsername?: string;
    /** VPC of the security group. */
    vpcId: pulumi.Input<string>;
    /** Private subnets in at least two availability zones. */
    subnetIds: pulumi.Input<string>[];
    /** Security groups allowed to connect on 5432. Default none. */
    allowedSecurityGroupIds?: pulumi.Input<string>[];
    /** Private (RFC 1918) CIDR blocks allowed to connect on 5432. Default none. */
    allowedCidrBlocks?: string[];
    /** Existing customer-managed KMS key ARN; when absent the component creates one with rotation. */
    kmsKeyArn?: pulumi.Input<string>;
    /** CloudWatch log retention; ≥ 365 and a value CloudWatch accepts, or 0 (never expire). Default: the posture's 365. */
    logRetentionInDays?: number;
    /** Automated backup retention, from the posture minimum to 35. Default: the posture minimum (7 soc2, 35 hipaa/pci). */
    backupRetentionDays?: number;
    /** Multi-AZ standby. Default: required by the posture (hipaa, pci), else false. `false` where required needs `optOuts.singleAz`. */
    multiAz?: boolean;
    /** RDS deletion protection. Default true; `false` needs `optOuts.deletionProtection`. */
    deletionProtection?: boolean;
    /** Performance Insights (encrypted with the key). Default true; `false` needs `optOuts.performanceInsights`. */
    performanceInsights?: boolean;
    /** Performance Insights retention in days: 7, 731 or a multiple of 31 up to 713. Default 7. */
    performanceInsightsRetentionDays?: number;
    /** Enhanced monitoring interval in seconds: 1, 5, 10, 15, 30 or 60. Default 60; 0 needs `optOuts.enhancedMonitoring`. */
    monitoringInterval?: number;
    /** Server certificate authority; a current RDS CA. Default "rds-ca-rsa2048-g1". */
    caCertIdentifier?: string;
    /** `data-classification` tag. Default by posture: soc2 confidential, hipaa phi, pci pci. */
    dataClassification?: DataClassification;
    /** Extra parameter group parameters, merged with the hardened ones. */
    parameters?: UserParameter[];
    /** Named weakenings, each with its reason. */
    optOuts?: HardenedPostgresOptOuts;
    /** Apply modifications immediately rather than in the maintenance window. Default false. */
    applyImmediately?: boolean;
    /** Extra tags for every taggable child resource. */
    tags?: Record<string, string>;
}
