import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The account, region and partition the stack deploys into: policies and ARNs are scoped to them. */
export interface AwsPlace {
    accountId: string;
    region: string;
    partition: string;
    /** `amazonaws.com`, or the partition's own (e.g. `amazonaws.com.cn`), for service principals. */
    dnsSuffix: string;
}

/** Where `parent`'s provider deploys, read once from the provider (data sources answer in previews too). */
export function awsPlaceOf(parent: pulumi.Resource): pulumi.Output<AwsPlace> {
    const opts = { parent };
    const identity = aws.getCallerIdentityOutput({}, opts);
    const region = aws.getRegionOutput({}, opts);
    const partition = aws.getPartitionOutput({}, opts);
    return pulumi
        .all([identity.accountId, region.region, partition.partition, partition.dnsSuffix])
        .apply(([accountId, regionName, partitionName, dnsSuffix]) => ({ accountId, region: regionName, partition: partitionName, dnsSuffix }));
}
