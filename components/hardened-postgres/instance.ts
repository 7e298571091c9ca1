import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { REQUIRED_LOG_EXPORTS } from "../catalog";
import { majorUpgradeReminder } from "./engine-version";
import { createFinalSnapshotIdentifier } from "./final-snapshot";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

export type InstanceSettings = Pick<
    ResolvedSettings,
    | "identifier"
    | "engineVersion"
    | "allowMajorVersionUpgrade"
    | "autoMinorVersionUpgrade"
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
    const reminder = majorUpgradeReminder(settings);
    if (reminder !== undefined) {
        void pulumi.log.warn(reminder, parent);
    }
    return new aws.rds.Instance(
        `${name}-instance`,
        {
            identifier: settings.identifier,
            engine: "postgres",
            // A major ("16") with automatic minor upgrades shows no diff once RDS runs 16.x: the provider keeps the configured
            // prefix and reports the running version as engineVersionActual (terraform-provider-aws compareActualEngineVersion).
            engineVersion: settings.engineVersion,
            allowMajorVersionUpgrade: settings.allowMajorVersionUpgrade,
            autoMinorVersionUpgrade: settings.autoMinorVersionUpgrade,
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
            // The provider sends engine version, parameter group and this in one ModifyDBInstance and waits for the instance to be
            // available again, so with it true a major upgrade has moved the instance to the new group before the old one is deleted.
            applyImmediately: settings.applyImmediately,
            tags: standardTags(settings),
        },
        { parent, dependsOn: deps.dependsOn, protect: settings.deletionProtection },
    );
}
