import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { customerManagedKeyArn } from "./customer-managed-key";
import { keyPolicyDocument } from "./key-policy";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

/** What the key is built from: `kmsKeyArn` set means an existing key is adopted instead. */
export type EncryptionKeySettings = Pick<ResolvedSettings, "identifier" | "kmsKeyArn" | "keyUserArns" | "retainOnDelete"> & TagSettings;

export interface EncryptionKey {
    /** The customer-managed key ARN every encrypted child uses. */
    keyArn: pulumi.Output<string>;
    key?: aws.kms.Key;
    alias?: aws.kms.Alias;
}

/**
 * Creates the customer-managed key with rotation and an alias, whose policy names who may use it (key-policy.ts), or
 * adopts `settings.kmsKeyArn`, refusing it at deployment unless it resolves to a customer-managed key ARN in the stack's
 * region (HPG-ENC-01, HPG-ENC-02).
 */
export function createEncryptionKey(name: string, settings: EncryptionKeySettings, parent: pulumi.Resource): EncryptionKey {
    if (settings.kmsKeyArn !== undefined) {
        return { keyArn: customerManagedKeyArn(name, settings.kmsKeyArn, parent) };
    }
    const opts = { parent };
    const identity = aws.getCallerIdentityOutput({}, opts);
    const region = aws.getRegionOutput({}, opts);
    const partition = aws.getPartitionOutput({}, opts);
    // The policy names the principal running `pulumi up`: an assumed-role session ARN expires with the session, so it is
    // resolved to its IAM role (an IAM user's ARN passes through unchanged: getSessionContext).
    const deployer = aws.iam.getSessionContextOutput({ arn: identity.arn }, opts);
    const policy = pulumi
        .all([identity.accountId, region.region, partition.partition, partition.dnsSuffix, deployer.issuerArn])
        .apply(([accountId, regionName, partitionName, dnsSuffix, deployerArn]) =>
            keyPolicyDocument(
                { accountId, region: regionName, partition: partitionName, dnsSuffix, identifier: settings.identifier },
                { deployerArn, keyUserArns: settings.keyUserArns },
            ),
        );
    const key = new aws.kms.Key(
        `${name}-key`,
        {
            description: `hardened-postgres ${settings.identifier}: storage, snapshots, logs, Performance Insights and master secret`,
            enableKeyRotation: true,
            rotationPeriodInDays: 365,
            deletionWindowInDays: 30,
            policy,
            tags: standardTags(settings),
        },
        { parent, retainOnDelete: settings.retainOnDelete },
    );
    const alias = new aws.kms.Alias(`${name}-key-alias`, { name: `alias/hardened-postgres/${settings.identifier}`, targetKeyId: key.keyId }, { parent });
    return { keyArn: key.arn, key, alias };
}
