import * as aws from "@pulumi/aws";
import { AnalyzedResource } from "../../policies/offline-check/evaluate";
import { ClusterInputs, ClusterInstanceInputs } from "../../components/catalog/kit/plan/rds-cluster";
import { KEY_ARN } from "./policy-fixtures";
import { ResourceExtras, resource } from "./policy-harness";

/** A compliant Aurora PostgreSQL cluster's inputs, written out literally (not derived from the catalog under test). */
export function auroraClusterProps(overrides: Partial<ClusterInputs> = {}): ClusterInputs {
    return {
        clusterIdentifier: "cluster-1",
        engine: "aurora-postgresql",
        engineVersion: "15.4",
        storageEncrypted: true,
        kmsKeyId: KEY_ARN,
        masterUsername: "hpg_admin",
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: KEY_ARN,
        iamDatabaseAuthenticationEnabled: true,
        dbClusterParameterGroupName: "cluster-1-aurora-postgresql15",
        dbSubnetGroupName: "private",
        backupRetentionPeriod: 7,
        copyTagsToSnapshot: true,
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: "cluster-1-final",
        enabledCloudwatchLogsExports: ["postgresql"],
        tags: { "compliance-posture": "soc2", "data-classification": "confidential" },
        ...overrides,
    };
}

/**
 * A compliant Multi-AZ DB cluster of RDS for PostgreSQL: its members aren't declared, so it carries their CA,
 * monitoring and Performance Insights itself.
 */
export function multiAzClusterProps(overrides: Partial<ClusterInputs> = {}): ClusterInputs {
    return auroraClusterProps({
        engine: "postgres",
        engineVersion: "16.4",
        dbClusterInstanceClass: "db.m6gd.large",
        storageType: "io1",
        allocatedStorage: 100,
        iops: 1000,
        dbClusterParameterGroupName: "cluster-1-postgres16",
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        caCertificateIdentifier: "rds-ca-rsa2048-g1",
        autoMinorVersionUpgrade: true,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: KEY_ARN,
        monitoringInterval: 60,
        monitoringRoleArn: "arn:aws:iam::123456789012:role/cluster-1-monitoring",
        ...overrides,
    });
}

/** A compliant Aurora PostgreSQL member's inputs. */
export function clusterInstanceProps(overrides: Partial<ClusterInstanceInputs> = {}): ClusterInstanceInputs {
    return {
        identifier: "cluster-1-a",
        clusterIdentifier: "cluster-1",
        engine: "aurora-postgresql",
        instanceClass: "db.r6g.large",
        publiclyAccessible: false,
        caCertIdentifier: "rds-ca-rsa2048-g1",
        autoMinorVersionUpgrade: true,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: KEY_ARN,
        monitoringInterval: 60,
        monitoringRoleArn: "arn:aws:iam::123456789012:role/cluster-1-monitoring",
        tags: { "compliance-posture": "soc2", "data-classification": "confidential" },
        ...overrides,
    };
}

/** A compliant Aurora PostgreSQL cluster resource named `cluster`, protected. */
export function auroraCluster(overrides: Partial<ClusterInputs> = {}, extras: ResourceExtras = {}): AnalyzedResource {
    return resource(aws.rds.Cluster, "cluster", { ...auroraClusterProps(overrides) }, { protect: true, ...extras });
}

/** A compliant Multi-AZ DB cluster resource named `cluster`, protected. */
export function multiAzCluster(overrides: Partial<ClusterInputs> = {}, extras: ResourceExtras = {}): AnalyzedResource {
    return resource(aws.rds.Cluster, "cluster", { ...multiAzClusterProps(overrides) }, { protect: true, ...extras });
}

/** A compliant Aurora PostgreSQL member resource named `member`. */
export function clusterInstance(overrides: Partial<ClusterInstanceInputs> = {}, extras: ResourceExtras = {}): AnalyzedResource {
    return resource(aws.rds.ClusterInstance, "member", { ...clusterInstanceProps(overrides) }, extras);
}
