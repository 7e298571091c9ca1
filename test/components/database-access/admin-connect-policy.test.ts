/** The deployer's IAM policy for logging in as the admin role (rds-db:connect), from the master secret's ARN and the instance's resource id. */
import { rdsConnectPolicy, secretArnScope } from "../../../components/database-access/admin-connect-policy";

test("the scope comes from the secret ARN, in any partition", () => {
    expect(secretArnScope("arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1a2b-XyZ")).toEqual({ partition: "aws", region: "eu-west-1", account: "123456789012" });
    expect(secretArnScope("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:rds!db-1")).toEqual({ partition: "aws-us-gov", region: "us-gov-west-1", account: "123456789012" });
});

test.each(["rds!db-1", "arn:aws:kms:eu-west-1:123456789012:key/1", "arn:aws:secretsmanager:eu-west-1:12345:secret:x"])("a value that is not a secret ARN is refused: %s", (value) => {
    expect(() => secretArnScope(value)).toThrow(
        `[masterSecretArn] ${JSON.stringify(value)} is not a Secrets Manager secret ARN (allowed: arn:<partition>:secretsmanager:<region>:<account>:secret:<name>, HardenedPostgres masterSecretArn)`,
    );
});

test("rds-db:connect on the dbuser ARN of the instance's resource id and the role", () => {
    const policy = rdsConnectPolicy({ partition: "aws-cn", region: "cn-north-1", account: "123456789012" }, "db-ABCDEFGHIJKLMNOPQRSTUVWXY1", "hpg_access_admin");
    expect(JSON.parse(policy)).toEqual({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "rds-db:connect", Resource: "arn:aws-cn:rds-db:cn-north-1:123456789012:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXY1/hpg_access_admin" }],
    });
});

test.each(["orders", "db-abc", ""])("an instance identifier or other value for the resource id is refused: %j", (value) => {
    expect(() => rdsConnectPolicy({ partition: "aws", region: "eu-west-1", account: "123456789012" }, value, "hpg_access_admin")).toThrow(
        `[dbiResourceId] ${JSON.stringify(value)} is not an RDS instance resource id (allowed: db-<upper-case letters and digits>, HardenedPostgres resourceId)`,
    );
});
