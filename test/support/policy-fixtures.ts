import * as aws from "@pulumi/aws";
import * as postgresql from "@pulumi/postgresql";
import { Unwrap } from "@pulumi/pulumi";
import { AnalyzedResource } from "../../policies/offline-check/evaluate";
import { ResourceExtras, resource } from "./policy-harness";

/** A key ARN as a declared aws.kms.Key resolves to. */
export const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/0ff11e00-0000-4000-8000-000000000001";

/**
 * Fixture inputs are typed with the resources' own argument types (as the engine hands them to policies: plain values),
 * so a misspelt or mistyped input is a compile error instead of a test that silently tests nothing. `undefined` removes
 * an input.
 */
export type InstanceInputs = Unwrap<aws.rds.InstanceArgs>;
export type LogGroupInputs = Unwrap<aws.cloudwatch.LogGroupArgs>;
export type RoleInputs = Unwrap<postgresql.RoleArgs>;
export type GrantInputs = Unwrap<postgresql.GrantArgs>;
export type ProviderInputs = Unwrap<postgresql.ProviderArgs>;

/** A compliant PostgreSQL instance's inputs, written out literally (not derived from the catalog under test). */
export function instanceProps(overrides: Partial<InstanceInputs> = {}): InstanceInputs {
    return {
        identifier: "db-1",
        engine: "postgres",
        engineVersion: "16.4",
        instanceClass: "db.t4g.medium",
        storageEncrypted: true,
        kmsKeyId: KEY_ARN,
        username: "hpg_admin",
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: KEY_ARN,
        iamDatabaseAuthenticationEnabled: true,
        publiclyAccessible: false,
        parameterGroupName: "db-1-postgres16",
        caCertIdentifier: "rds-ca-rsa2048-g1",
        multiAz: false,
        backupRetentionPeriod: 7,
        copyTagsToSnapshot: true,
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: "db-1-final",
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        autoMinorVersionUpgrade: true,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: KEY_ARN,
        monitoringInterval: 60,
        monitoringRoleArn: "arn:aws:iam::123456789012:role/db-1-monitoring",
        tags: { "compliance-posture": "soc2", "data-classification": "confidential" },
        ...overrides,
    };
}

/** A compliant instance resource named `db`, protected as HPG-BAK-02 requires. */
export function instance(overrides: Partial<InstanceInputs> = {}, extras: ResourceExtras = {}): AnalyzedResource {
    return resource(aws.rds.Instance, "db", { ...instanceProps(overrides) }, { protect: true, ...extras });
}

/** The parameters a hardened postgres16 group declares: what differs from the family defaults, and what has no confirmed default. */
export const HARDENED_PARAMETERS: Record<string, string> = {
    shared_preload_libraries: "pg_stat_statements,pgaudit",
    "pgaudit.log": "ddl,write,role",
    "pgaudit.role": "rds_pgaudit",
    "pgaudit.log_rows": "1",
    log_connections: "1",
    log_disconnections: "1",
    "rds.accepted_password_auth_method": "scram",
    ssl_min_protocol_version: "TLSv1.2",
    password_encryption: "scram-sha-256",
    "pgaudit.log_parameter": "0",
};

/** A parameter group `db-params`: the hardened parameters with `changes` applied (`undefined` removes a parameter). */
export function parameterGroup(changes: Record<string, string | undefined> = {}, family = "postgres16", extras: ResourceExtras = {}, name = "db-1-postgres16"): AnalyzedResource {
    const values: Record<string, string | undefined> = { ...HARDENED_PARAMETERS, ...changes };
    const parameters = Object.entries(values)
        .filter((e): e is [string, string] => e[1] !== undefined)
        .map(([n, value]) => ({ name: n, value, applyMethod: "immediate" }));
    return resource(aws.rds.ParameterGroup, "db-params", { name, family, parameters }, extras);
}

/** A compliant database log group for `db-1`'s `type` logs. */
export function logGroup(type = "postgresql", overrides: Partial<LogGroupInputs> = {}): AnalyzedResource {
    const props: LogGroupInputs = { name: `/aws/rds/instance/db-1/${type}`, retentionInDays: 365, kmsKeyId: KEY_ARN, ...overrides };
    return resource(aws.cloudwatch.LogGroup, `db-log-${type}`, { ...props });
}

/** A postgresql provider resource (explicit, or the engine's default one) with the given sslmode. */
/** A postgresql provider's inputs; a default provider also carries the `version` the engine adds. */
export function postgresqlProvider(name: string, props: Partial<ProviderInputs> & { version?: string }): AnalyzedResource {
    return resource("pulumi:providers:postgresql", name, { ...props });
}

export function role(name: string, props: Partial<RoleInputs>): AnalyzedResource {
    return resource(postgresql.Role, name, { ...props });
}

export function grant(name: string, props: Partial<GrantInputs>, extras: ResourceExtras = {}): AnalyzedResource {
    const inputs: Partial<GrantInputs> = { database: "app", schema: "public", objectType: "table", objects: [], ...props };
    return resource(postgresql.Grant, name, { ...inputs }, extras);
}
