import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { REQUIRED_LOG_EXPORTS } from "../catalog";
import { createFinalSnapshotIdentifier } from "./final-snapshot";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

export type InstanceSettings = Pick<
    ResolvedSettings,
    | "identifier"
    | "engineVersion"
    | "allowMajorVersionUpgrade"
    | "instanceClass"
    | "allocatedStorage"
    | "maxAllocatedStorage"
    | "dbName"
    | "masterUsername"
    | "caCertIdentifier"
    | "multiAz"
    | "backupRetentionDays"
    | "deletionProtection"
    | "performanceInsights"
    | "performanceInsightsRetentionDays"
    | "monitoringInterval"
    | "applyImmediately"
> &
    TagSettings;

export interface InstanceDependencies {
    keyArn: pulumi.Input<string>;
    parameterGroupName: pulumi.Input<string>;
    subnetGroupName: pulumi.Input<string>;
    securityGroupId: pulumi.Input<string>;
    monitoringRoleArn?: pulumi.Input<string>;
    /** Created first: log groups (else RDS makes unencrypted, never-expiring ones) and the monitoring policy. */
    dependsOn: pulumi.Resource[];
}

/** The RDS instance, with every control of the catalog that lives on it. */
export function createInstance(name: string, settings: InstanceSettings, deps: InstanceDependencies, parent: pulumi.Resource): aws.rds.Instance {
    return new aws.rds.Instance(
        `${name}-instance`,
        {
            identifier: settings.identifier,
            engine: "postgres",
            engineVersion: settings.engineVersion,
            allowMajorVersionUpgrade: settings.allowMajorVersionUpgrade,
            autoMinorVersionUpgrade: true,
            instanceClass: settings.instanceClass,
            allocatedStorage: settings.allocatedStorage,
            maxAllocatedStorage: settings.maxAllocatedStorage,
            storageType: "gp3",
            storageEncrypted: true,
            kmsKeyId: deps.keyArn,
            dbName: settings.dbName,
            username: settings.masterUsername,
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: deps.keyArn,
            iamDatabaseAuthenticationEnabled: true,
            publiclyAccessible: false,
            dbSubnetGroupName: deps.subnetGroupName,
            vpcSecurityGroupIds: [deps.securityGroupId],
            parameterGroupName: deps.parameterGroupName,
            caCertIdentifier: settings.caCertIdentifier,
            multiAz: settings.multiAz,
            backupRetentionPeriod: settings.backupRetentionDays,
            copyTagsToSnapshot: true,
            deletionProtection: settings.deletionProtection,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: createFinalSnapshotIdentifier(name, settings, deps.keyArn, parent),
            enabledCloudwatchLogsExports: [...REQUIRED_LOG_EXPORTS],
            performanceInsightsEnabled: settings.performanceInsights,
            ...(settings.performanceInsights
                ? { performanceInsightsKmsKeyId: deps.keyArn, performanceInsightsRetentionPeriod: settings.performanceInsightsRetentionDays }
                : {}),
            monitoringInterval: settings.monitoringInterval,
            ...(deps.monitoringRoleArn !== undefined ? { monitoringRoleArn: deps.monitoringRoleArn } : {}),
            applyImmediately: settings.applyImmediately,
            tags: standardTags(settings),
        },
        { parent, dependsOn: deps.dependsOn, protect: settings.deletionProtection },
    );
}
