/** Partition, region and account of an AWS ARN; the master secret lives in the instance's account and region. */
export interface ArnScope {
    partition: string;
    region: string;
    account: string;
}

const SECRET_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):secretsmanager:([a-z0-9-]+):(\d{12}):secret:.+$/;

/** The scope of a Secrets Manager secret ARN, or an error naming the field, the value and the form allowed. */
export function secretArnScope(secretArn: string): ArnScope {
    const match = SECRET_ARN.exec(secretArn);
    if (!match) {
        throw new Error(`[masterSecretArn] ${JSON.stringify(secretArn)} is not a Secrets Manager secret ARN (allowed: arn:<partition>:secretsmanager:<region>:<account>:secret:<name>, HardenedPostgres masterSecretArn)`);
    }
    return { partition: match[1], region: match[2], account: match[3] };
}

const DBI_RESOURCE_ID = /^db-[A-Z0-9]+$/;

/**
 * The IAM policy the deployer needs to log in as `dbUser` with IAM database authentication: `rds-db:connect` on
 * `arn:<partition>:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<dbUser>` (the instance's resource id, not its name).
 */
export function rdsConnectPolicy(scope: ArnScope, dbiResourceId: string, dbUser: string): string {
    if (!DBI_RESOURCE_ID.test(dbiResourceId)) {
        throw new Error(`[dbiResourceId] ${JSON.stringify(dbiResourceId)} is not an RDS instance resource id (allowed: db-<upper-case letters and digits>, HardenedPostgres resourceId)`);
    }
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "rds-db:connect", Resource: `arn:${scope.partition}:rds-db:${scope.region}:${scope.account}:dbuser:${dbiResourceId}/${dbUser}` }],
    });
}
