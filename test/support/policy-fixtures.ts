import * as aws from "@pulumi/aws";
import * as postgresql from "@pulumi/postgresql";
import { AnalyzedResource } from "../../policies/offline-check/evaluate";
import { ResourceExtras, resource } from "./policy-harness";

/** A key ARN as a declared aws.kms.Key resolves to. */
export const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/0ff11e00-0000-4000-8000-000000000001";

/** A compliant PostgreSQL instance's inputs, written out literally (not derived from the catalog under test). */
export function instanceProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
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
export function instance(overrides: Record<string, unknown> = {}, extras: ResourceExtras = {}): AnalyzedResource {
    return resource(aws.rds.Instance, "db", instanceProps(overrides), { protect: true, ...extras });
}

/** The parameters a hardened postgres16 group declares: only what differs from the family defaults. */
export const HARDENED_PARAMETERS: Record<string, string> = {
    shared_preload_libraries: "pg_stat_statements,pgaudit",
    "pgaudit.log": "ddl,write,role",
    "pgaudit.role": "rds_pgaudit",
    log_connections: "1",
    log_disconnections: "1",
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
export function logGroup(type = "postgresql", overrides: Record<string, unknown> = {}): AnalyzedResource {
    return resource(aws.cloudwatch.LogGroup, `db-log-${type}`, { name: `/aws/rds/instance/db-1/${type}`, retentionInDays: 365, kmsKeyId: KEY_ARN, ...overrides });
}

/** A postgresql provider resource (explicit, or the engine's default one) with the given sslmode. */
export function postgresqlProvider(name: string, props: Record<string, unknown>): AnalyzedResource {
    return resource("pulumi:providers:postgresql", name, props);
}

export function role(name: string, props: Record<string, unknown>): AnalyzedResource {
    return resource(postgresql.Role, name, props);
}

export function grant(name: string, props: Record<string, unknown>, extras: ResourceExtras = {}): AnalyzedResource {
    return resource(postgresql.Grant, name, { database: "app", schema: "public", objectType: "table", objects: [], ...props }, extras);
}
