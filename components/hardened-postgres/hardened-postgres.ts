import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rdsLogGroupName, REQUIRED_LOG_EXPORTS } from "../catalog";
import { HardenedPostgresArgs, HardenedPostgresOptOuts } from "./args";
import { AuditTrail, createAuditTrail } from "./audit-trail";
import { createEncryptionKey } from "./encryption-key";
import { createInstance } from "./instance";
import { createEnhancedMonitoringLogGroup, createLogGroups } from "./log-groups";
import { createMonitoringRole } from "./monitoring-role";
import { createNetwork } from "./network";
import { createParameterGroup } from "./parameter-group";
import { InvalidArgumentsError, invalidArgumentsMessage, ResolvedSettings, validateHardenedPostgresArgs } from "./validate";

export const HARDENED_POSTGRES_TYPE = "hardened-postgres:aws:Database";

/**
 * Thrown by the constructor when arguments are refused, before anything is registered. `problems` lists every one, each
 * naming its argument in brackets, so a caller such as the stack program can report them in its own terms.
 */
export class HardenedPostgresArgumentsError extends pulumi.ResourceError {
    constructor(
        public readonly componentName: string,
        public readonly problems: readonly string[],
    ) {
        super(invalidArgumentsMessage(componentName, problems), undefined, true);
        this.name = "HardenedPostgresArgumentsError";
    }
}

/**
 * A hardened RDS PostgreSQL: customer-managed key, hardened parameter group, retained encrypted log groups
 * created before the instance, private network, backups, deletion guards and monitoring; its audit trail archived under
 * Object Lock, alarmed, on a dashboard and queryable in Athena.
 * Invalid arguments fail before anything is registered.
 */
export class HardenedPostgres extends pulumi.ComponentResource {
    public readonly settings: ResolvedSettings;
    public readonly instance: aws.rds.Instance;
    public readonly parameterGroup: aws.rds.ParameterGroup;
    public readonly logGroups: aws.cloudwatch.LogGroup[];
    /** The account's `RDSOSMetrics` group, with `enhancedMonitoringLogGroup: "create"`. */
    public readonly enhancedMonitoringLogGroup?: aws.cloudwatch.LogGroup;
    public readonly securityGroup: aws.ec2.SecurityGroup;
    public readonly key?: aws.kms.Key;

    /** Instance address (host name). */
    public readonly endpoint: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    public readonly identifier: pulumi.Output<string>;
    /** The instance's resource id (`db-…`), which IAM database authentication policies name (DatabaseAccess `dbiResourceId`). */
    public readonly resourceId: pulumi.Output<string>;
    /** ARN of the Secrets Manager secret RDS manages for the master user. */
    public readonly masterSecretArn: pulumi.Output<string>;
    public readonly kmsKeyArn: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly logGroupNames: pulumi.Output<string[]>;
    public readonly parameterGroupName: pulumi.Output<string>;
    /** Effective values of every required parameter (declared or family default). */
    public readonly effectiveParameters: Record<string, string>;
    /** Named weakenings in force, with their reasons. */
    public readonly optOuts: HardenedPostgresOptOuts;
    /** The audit trail's resources: archive, delivery, Athena, alarms and dashboard (a part opted out is undefined). */
    public readonly auditTrail: AuditTrail;
    /** What of the audit trail is in force, in words: each part created, external, or off with its opt-out's reason. */
    public readonly auditTrailStatus: AuditTrail["status"];
    /** The archive bucket the audit trail streams to (created or external); undefined with `optOuts.auditArchive`. */
    public readonly auditArchiveBucketArn?: pulumi.Output<string>;
    /** The topic the audit alarms notify; undefined with `optOuts.auditAlarms`. */
    public readonly auditAlarmTopicArn?: pulumi.Output<string>;
    /**
     * The role Firehose writes the archive as: a bucket in a log-archive account must let it put objects (its bucket
     * policy, and its key's policy if the bucket encrypts with its own key). Undefined with `optOuts.auditArchive`.
     */
    public readonly auditDeliveryRoleArn?: pulumi.Output<string>;

    constructor(name: string, args: HardenedPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = resolveOrThrow(name, args);
        super(HARDENED_POSTGRES_TYPE, name, {}, opts);
        this.settings = settings;

        const encryption = createEncryptionKey(name, settings, this);
        this.key = encryption.key;
        this.parameterGroup = createParameterGroup(name, settings, this);
        this.logGroups = createLogGroups(name, settings, encryption.keyArn, this);
        // Declared before the instance, which would otherwise have RDS create it unencrypted on its first metrics.
        this.enhancedMonitoringLogGroup =
            settings.enhancedMonitoringLogGroup === "create" ? createEnhancedMonitoringLogGroup(name, settings, encryption.keyArn, { parent: this }) : undefined;
        const network = createNetwork(name, settings, this);
        this.securityGroup = network.securityGroup;
        const monitoring = settings.monitoringInterval > 0 ? createMonitoringRole(name, settings, this) : undefined;
        this.instance = createInstance(
            name,
            settings,
            {
                keyArn: encryption.keyArn,
                parameterGroupName: this.parameterGroup.name,
                subnetGroupName: network.subnetGroup.name,
                securityGroupId: network.securityGroup.id,
                monitoringRoleArn: monitoring?.role.arn,
                // The ingress rules too: a replaced security group gets its rules before the instance moves onto it.
                dependsOn: [
                    ...this.logGroups,
                    ...(this.enhancedMonitoringLogGroup ? [this.enhancedMonitoringLogGroup] : []),
                    ...network.ingressRules,
                    ...(monitoring ? [monitoring.attachment] : []),
                ],
            },
            this,
        );

        this.endpoint = this.instance.address;
        this.port = this.instance.port;
        this.identifier = this.instance.identifier;
        this.resourceId = this.instance.resourceId;
        this.masterSecretArn = this.instance.masterUserSecrets.apply((secrets) => secrets?.[0]?.secretArn ?? "");
        this.kmsKeyArn = encryption.keyArn;
        this.securityGroupId = network.securityGroup.id;
        this.logGroupNames = pulumi.all(this.logGroups.map((g) => g.name));
        this.parameterGroupName = this.parameterGroup.name;
        this.effectiveParameters = settings.parameterGroup.effective;
        this.optOuts = settings.optOuts;

        const postgresqlLogGroup = this.logGroups.find((g, i) => REQUIRED_LOG_EXPORTS[i] === "postgresql") as aws.cloudwatch.LogGroup;
        this.auditTrail = createAuditTrail(name, settings, encryption.keyArn, postgresqlLogGroup, this);
        this.auditTrailStatus = this.auditTrail.status;
        const archive = settings.auditTrail.archive;
        this.auditArchiveBucketArn = this.auditTrail.archive?.bucketArn ?? (archive?.kind === "external" ? pulumi.output(archive.bucketArn) : undefined);
        this.auditAlarmTopicArn = this.auditTrail.alarms?.topicArn;
        this.auditDeliveryRoleArn = this.auditTrail.delivery?.firehoseRole.arn;

        this.registerOutputs({
            endpoint: this.endpoint,
            port: this.port,
            identifier: this.identifier,
            masterSecretArn: this.masterSecretArn,
            kmsKeyArn: this.kmsKeyArn,
            securityGroupId: this.securityGroupId,
            logGroupNames: this.logGroupNames,
            parameterGroupName: this.parameterGroupName,
            auditTrailStatus: this.auditTrailStatus,
            auditArchiveBucketArn: this.auditArchiveBucketArn,
            auditAlarmTopicArn: this.auditAlarmTopicArn,
            auditDeliveryRoleArn: this.auditDeliveryRoleArn,
            auditDashboardName: this.auditTrail.dashboard.dashboardName,
            auditPostgresqlLogGroup: rdsLogGroupName(settings.identifier, "postgresql"),
        });
    }
}

/** Validates before `super()`, so bad input registers nothing; the error lists every problem without a stack trace. */
function resolveOrThrow(name: string, args: HardenedPostgresArgs): ResolvedSettings {
    try {
        return validateHardenedPostgresArgs(name, args);
    } catch (e) {
        if (e instanceof InvalidArgumentsError) {
            throw new HardenedPostgresArgumentsError(name, e.problems);
        }
        throw e;
    }
}
