import { keyPolicyDocument } from "../../../components/hardened-postgres/key-policy";

const CONTEXT = { partition: "aws-us-gov", dnsSuffix: "amazonaws.com", accountId: "210987654321", region: "us-gov-west-1", identifier: "orders-db" };
const DEPLOYER = "arn:aws-us-gov:iam::210987654321:role/deployer";
const APP = "arn:aws-us-gov:iam::210987654321:role/orders-app";
const policy = JSON.parse(keyPolicyDocument(CONTEXT, { deployerArn: DEPLOYER, keyUserArns: [APP] }));

/** Every principal the policy names, wherever it sits. */
function principalsOf(document: { Statement: { Principal: Record<string, string | string[]> }[] }): string[] {
    return document.Statement.flatMap((s) => Object.values(s.Principal).flat());
}

describe("keyPolicyDocument", () => {
    it("has exactly four statements: IAM administration, named principals through RDS and Secrets Manager, this instance's log groups, alarms through SNS", () => {
        expect(policy.Version).toBe("2012-10-17");
        expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
            "AccountAdministersKeyThroughIam",
            "NamedPrincipalsUseKeyThroughRdsAndSecretsManager",
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

    it("lets only the deploying principal and the key users use the key, only through RDS or Secrets Manager in this region", () => {
        expect(policy.Statement[1]).toEqual({
            Sid: "NamedPrincipalsUseKeyThroughRdsAndSecretsManager",
            Effect: "Allow",
            Principal: { AWS: [DEPLOYER, APP] },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:ListGrants", "kms:DescribeKey"],
            Resource: "*",
            Condition: { StringEquals: { "kms:ViaService": ["rds.us-gov-west-1.amazonaws.com", "secretsmanager.us-gov-west-1.amazonaws.com"] } },
        });
    });

    it("names a deployer who is also a key user once", () => {
        const again = JSON.parse(keyPolicyDocument(CONTEXT, { deployerArn: APP, keyUserArns: [APP] }));
        expect(again.Statement[1].Principal).toEqual({ AWS: [APP] });
    });

    it("leaves the account root out of the data-use statement: it would open the key to the whole account through IAM", () => {
        const root = "arn:aws-us-gov:iam::210987654321:root";
        const withUser = JSON.parse(keyPolicyDocument(CONTEXT, { deployerArn: root, keyUserArns: [APP] }));
        expect(withUser.Statement[1].Principal).toEqual({ AWS: [APP] });
        // KMS refuses an empty principal list: with a root deployer and no key users, the statement is left out.
        const alone = JSON.parse(keyPolicyDocument(CONTEXT, { deployerArn: root, keyUserArns: [] }));
        expect(alone.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
            "AccountAdministersKeyThroughIam",
            "CloudWatchLogsUseKeyForThisInstancesLogGroups",
            "CloudWatchAlarmsPublishToTheEncryptedAlarmTopic",
        ]);
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

    it("names no '*' principal anywhere, and pins every statement but the administrator's by a service or resource condition", () => {
        expect(principalsOf(policy)).toEqual([
            "arn:aws-us-gov:iam::210987654321:root",
            DEPLOYER,
            APP,
            "logs.us-gov-west-1.amazonaws.com",
            "cloudwatch.amazonaws.com",
        ]);
        for (const statement of policy.Statement.slice(1)) {
            expect(Object.keys(statement.Condition ?? {})).not.toEqual([]);
        }
    });
});
