import { auditAlarmArnPattern, auditDeliveryErrorLogGroupName } from "./audit-names";

/**
 * The log group RDS writes Enhanced Monitoring's OS metrics to: one per account and region, shared by every instance
 * ("Viewing OS metrics using CloudWatch Logs", Amazon RDS User Guide). RDS creates it itself, unencrypted, if absent.
 */
export const ENHANCED_MONITORING_LOG_GROUP = "RDSOSMetrics";

/** Where the key lives; the policy is scoped to this account, region and instance. */
export interface KeyPolicyContext {
    partition: string;
    dnsSuffix: string;
    accountId: string;
    region: string;
    identifier: string;
}

/**
 * The key policy of the database's customer-managed key (HPG-ENC-01, HPG-LOG-03):
 * account administrators manage it through IAM; RDS and Secrets Manager use it only through their service
 * in this account; CloudWatch Logs uses it only for this instance's log groups and its audit stream's error log;
 * CloudWatch alarms use it only through SNS, to publish to the encrypted alarm topic (HPG-MON-02).
 * The audit archive's S3 and Firehose uses need no statement here: IAM grants them (the first statement lets it), and the
 * delivery role's policy pins them to the archive bucket (audit-delivery.ts).
 */
export function keyPolicyDocument(ctx: KeyPolicyContext): string {
    const { partition, dnsSuffix, accountId, region, identifier } = ctx;
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKeyThroughIam",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "RdsAndSecretsManagerUseKeyInThisAccount",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:ListGrants", "kms:DescribeKey"],
                Resource: "*",
                Condition: {
                    StringEquals: {
                        "kms:CallerAccount": accountId,
                        "kms:ViaService": [`rds.${region}.${dnsSuffix}`, `secretsmanager.${region}.${dnsSuffix}`],
                    },
                },
            },
            {
                Sid: "CloudWatchLogsUseKeyForThisInstancesLogGroups",
                Effect: "Allow",
                Principal: { Service: `logs.${region}.${dnsSuffix}` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: {
                    ArnLike: {
                        "kms:EncryptionContext:aws:logs:arn": [
                            `arn:${partition}:logs:${region}:${accountId}:log-group:/aws/rds/instance/${identifier}/*`,
                            `arn:${partition}:logs:${region}:${accountId}:log-group:${auditDeliveryErrorLogGroupName(identifier)}`,
                            `arn:${partition}:logs:${region}:${accountId}:log-group:${ENHANCED_MONITORING_LOG_GROUP}`,
                        ],
                    },
                },
            },
            {
                // An alarm action publishes as the CloudWatch service, which has no IAM policy: only the key policy can let
                // it encrypt for the topic (SNS SSE: "Enable compatibility between event sources from AWS services and
                // encrypted topics"); only for this instance's audit alarms, in this account (confused deputy).
                Sid: "CloudWatchAlarmsPublishToTheEncryptedAlarmTopic",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: { "aws:SourceArn": auditAlarmArnPattern(partition, region, accountId, identifier) },
                },
            },
        ],
    });
}
