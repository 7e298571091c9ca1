import { ENHANCED_MONITORING_LOG_GROUP } from "../catalog";
import { auditAlarmArnPattern, auditDeliveryErrorLogGroupName } from "./audit-names";

// Written once in the catalog, which the pack judges it by; re-exported so the component API is unchanged.
export { ENHANCED_MONITORING_LOG_GROUP };

/** Where the key lives; the policy is scoped to this account, region and instance. */
export interface KeyPolicyContext {
    partition: string;
    dnsSuffix: string;
    accountId: string;
    region: string;
    identifier: string;
}

/** Who may use the key for data: the deploying principal and the `keyUserArns`, each an IAM role or user ARN. */
export interface KeyUsers {
    /** The principal running `pulumi up` (an assumed role resolved to its role by `aws.iam.getSessionContext`). */
    deployerArn: string;
    /** Further IAM roles or users that use the key through RDS or Secrets Manager, e.g. the app roles that read their secrets. */
    keyUserArns: readonly string[];
}

/** One statement of a KMS key policy, as JSON. */
export interface KeyPolicyStatement {
    Sid: string;
    Effect: "Allow";
    Principal: { AWS: string | string[] } | { Service: string };
    Action: string | string[];
    Resource: "*";
    Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * What RDS and Secrets Manager need of the principal that creates or changes the instance: RDS acts on that principal's
 * behalf, so it needs kms:CreateGrant and kms:DescribeKey ("Authorizing use of a customer managed key", AWS KMS key
 * management, Amazon RDS User Guide), and Secrets Manager calls GenerateDataKey/Decrypt on behalf of whoever writes or
 * reads the secret ("Secret encryption and decryption", AWS Secrets Manager User Guide).
 */
export const DATA_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:ListGrants", "kms:DescribeKey"];

/** The account root: the key stays manageable through IAM, and a principal that deletes itself can't lock the key. */
export function administerThroughIamStatement(ctx: Pick<KeyPolicyContext, "partition" | "accountId">): KeyPolicyStatement {
    return { Sid: "AccountAdministersKeyThroughIam", Effect: "Allow", Principal: { AWS: accountRootArn(ctx) }, Action: "kms:*", Resource: "*" };
}

/**
 * The named principals use the key only through RDS and Secrets Manager in this region (kms:ViaService), so holding
 * GetSecretValue on the master secret is not enough to read it: the reader must be named here (or granted through IAM).
 * The account root is left out: the first statement already covers it, and naming it here would open the key to the
 * whole account through IAM. Undefined when no one is left (a root deployer and no `keyUserArns`): KMS refuses an empty
 * principal list.
 */
export function namedPrincipalsUseKeyThroughServicesStatement(
    ctx: Pick<KeyPolicyContext, "partition" | "accountId" | "region" | "dnsSuffix">,
    users: KeyUsers,
): KeyPolicyStatement | undefined {
    const principals = [...new Set([users.deployerArn, ...users.keyUserArns])].filter((arn) => arn !== accountRootArn(ctx));
    if (principals.length === 0) {
        return undefined;
    }
    return {
        Sid: "NamedPrincipalsUseKeyThroughRdsAndSecretsManager",
        Effect: "Allow",
        Principal: { AWS: principals },
        Action: DATA_USE_ACTIONS,
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": [`rds.${ctx.region}.${ctx.dnsSuffix}`, `secretsmanager.${ctx.region}.${ctx.dnsSuffix}`] } },
    };
}

/**
 * CloudWatch Logs uses the key only for this instance's log groups, its audit stream's error log and the account's
 * Enhanced Monitoring group (HPG-LOG-03): CloudWatch Logs needs the key policy to name its regional service principal
 * ("Encrypt log data in CloudWatch Logs using AWS KMS", Amazon CloudWatch Logs User Guide).
 */
export function cloudWatchLogsStatement(ctx: KeyPolicyContext): KeyPolicyStatement {
    const { partition, dnsSuffix, accountId, region, identifier } = ctx;
    return {
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
    };
}

/**
 * An alarm action publishes as the CloudWatch service, which has no IAM policy: only the key policy can let it encrypt
 * for the topic (SNS SSE: "Enable compatibility between event sources from AWS services and encrypted topics"); only
 * for this instance's audit alarms, in this account (confused deputy).
 */
export function cloudWatchAlarmsStatement(ctx: KeyPolicyContext): KeyPolicyStatement {
    return {
        Sid: "CloudWatchAlarmsPublishToTheEncryptedAlarmTopic",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: {
            StringEquals: { "aws:SourceAccount": ctx.accountId },
            ArnLike: { "aws:SourceArn": auditAlarmArnPattern(ctx.partition, ctx.region, ctx.accountId, ctx.identifier) },
        },
    };
}

/**
 * The key policy of the database's customer-managed key (HPG-ENC-01, HPG-LOG-03): account administrators manage it
 * through IAM; the deploying principal and `keyUserArns` use it only through RDS and Secrets Manager; CloudWatch Logs
 * only for this instance's log groups; CloudWatch alarms only through SNS, to the encrypted alarm topic (HPG-MON-02).
 * No statement has a `"*"` principal. A supplied key (`kmsKeyArn`) needs the same statements: docs/kms-key-policy.md
 * is generated from these builders. The audit archive's S3 and Firehose uses need no statement here: IAM grants them
 * (the first statement lets it), and the delivery role's policy pins them to the archive bucket (audit-delivery.ts).
 */
export function keyPolicyDocument(ctx: KeyPolicyContext, users: KeyUsers): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            administerThroughIamStatement(ctx),
            namedPrincipalsUseKeyThroughServicesStatement(ctx, users),
            cloudWatchLogsStatement(ctx),
            cloudWatchAlarmsStatement(ctx),
        ].filter((statement) => statement !== undefined),
    });
}

function accountRootArn(ctx: Pick<KeyPolicyContext, "partition" | "accountId">): string {
    return `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
}
