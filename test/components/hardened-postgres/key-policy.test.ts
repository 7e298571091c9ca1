import { keyPolicyDocument } from "../../../components/hardened-postgres/key-policy";

const policy = JSON.parse(
    keyPolicyDocument({ partition: "aws-us-gov", dnsSuffix: "amazonaws.com", accountId: "210987654321", region: "us-gov-west-1", identifier: "orders-db" }),
);

describe("keyPolicyDocument", () => {
    it("has exactly four statements: IAM administration, RDS and Secrets Manager use, this instance's log groups, alarms through SNS", () => {
        expect(policy.Version).toBe("2012-10-17");
        expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
            "AccountAdministersKeyThroughIam",
            "RdsAndSecretsManagerUseKeyInThisAccount",
            "CloudWatchLogsUseKeyForThisInstancesLogGroups",
            "CloudWatchAlarmsPublishToTheEncryptedAlarmTopic",
        ]);
    });

    it("lets the account administer the key through IAM, in the key's partition", () => {
        expect(policy.Statement[0]).toEqual({
            Sid: "AccountAdministersKeyThroughIam",
            Effect: "Allow",
            Principal: { AWS: "arn:aws-us-gov:iam::210987654321:root" },
            Action: "kms:*",
            Resource: "*",
        });
    });

    it("lets any principal use the key only through RDS or Secrets Manager, from this account, in this region", () => {
        expect(policy.Statement[1]).toEqual({
            Sid: "RdsAndSecretsManagerUseKeyInThisAccount",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:ListGrants", "kms:DescribeKey"],
            Resource: "*",
            Condition: {
                StringEquals: {
                    "kms:CallerAccount": "210987654321",
                    "kms:ViaService": ["rds.us-gov-west-1.amazonaws.com", "secretsmanager.us-gov-west-1.amazonaws.com"],
                },
            },
        });
    });

    it("lets CloudWatch Logs use the key only for this instance's log groups, its audit stream's error log and the account's Enhanced Monitoring group (HPG-LOG-03)", () => {
        expect(policy.Statement[2]).toEqual({
            Sid: "CloudWatchLogsUseKeyForThisInstancesLogGroups",
            Effect: "Allow",
            Principal: { Service: "logs.us-gov-west-1.amazonaws.com" },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: {
                ArnLike: {
                    "kms:EncryptionContext:aws:logs:arn": [
                        "arn:aws-us-gov:logs:us-gov-west-1:210987654321:log-group:/aws/rds/instance/orders-db/*",
                        "arn:aws-us-gov:logs:us-gov-west-1:210987654321:log-group:/aws/kinesisfirehose/orders-db-audit",
                        "arn:aws-us-gov:logs:us-gov-west-1:210987654321:log-group:RDSOSMetrics",
                    ],
                },
            },
        });
    });

    it("lets CloudWatch use the key only for this instance's audit alarms in this account, to publish to the encrypted alarm topic (HPG-MON-02)", () => {
        expect(policy.Statement[3]).toEqual({
            Sid: "CloudWatchAlarmsPublishToTheEncryptedAlarmTopic",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": "210987654321" },
                ArnLike: { "aws:SourceArn": "arn:aws-us-gov:cloudwatch:us-gov-west-1:210987654321:alarm:orders-db-audit-*" },
            },
        });
    });

    it("never grants the whole account plain use: every non-administrator statement is pinned by a service or a resource condition", () => {
        for (const statement of policy.Statement.slice(1)) {
            expect(Object.keys(statement.Condition ?? {})).not.toEqual([]);
        }
    });
});
