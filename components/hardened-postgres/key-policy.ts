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
 * in this account; CloudWatch Logs uses it only for this instance's log groups.
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
                        "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:/aws/rds/instance/${identifier}/*`,
                    },
                },
            },
        ],
    });
}
