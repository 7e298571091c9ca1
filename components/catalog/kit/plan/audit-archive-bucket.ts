import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";

/** How messages name a bucket. */
export const BUCKET_KIND = "S3 bucket";

/** An S3 bucket: @pulumi/aws v7's canonical class, and its deprecated `BucketV2` alias (a distinct type token). */
export function isBucket(resource: PolicyResource): boolean {
    return resource.isType(aws.s3.Bucket) || resource.isType(aws.s3.BucketV2);
}

/** A resource class as @pulumi/policy's `isType` takes it. */
type ResourceClass = Parameters<PolicyResource["isType"]>[0];

/** The bucket name an S3 ARN names (`arn:<partition>:s3:::<bucket>`), if it is one. */
export function bucketNameOfArn(arn: string): string | undefined {
    return /^arn:[^:]+:s3:::([^/]+)$/.exec(arn)?.[1];
}

/**
 * The stack's resources of `classes` that configure `bucket` through their `bucket` input: built from that bucket (its
 * property dependency), or naming it. The name is read only when the dependency can't tell, so a bucket named by the
 * provider (unknown until created) is still found at preview.
 */
export function bucketConfigurations(bucket: PolicyResource, resources: readonly PolicyResource[], classes: readonly ResourceClass[]): PolicyResource[] {
    return resources.filter((r) => {
        if (!classes.some((c) => r.isType(c))) {
            return false;
        }
        const fromBuckets = (r.propertyDependencies["bucket"] ?? []).filter(isBucket);
        return fromBuckets.length > 0 ? fromBuckets.includes(bucket) : r.props.bucket === bucket.props.bucket;
    });
}

/**
 * The declared bucket an ARN or a resource's input leads to: the bucket `resource` was built from through `property`
 * when it was built from exactly one, else the bucket whose ARN or name `arn` gives. Values are read only when the
 * dependency can't tell (preview keeps them unknown).
 */
export function bucketBehind(resource: PolicyResource, property: string, readArn: () => string | undefined, resources: readonly PolicyResource[]): PolicyResource | undefined {
    const fromBuckets = [...new Set((resource.propertyDependencies[property] ?? []).filter(isBucket))];
    if (fromBuckets.length === 1) {
        return fromBuckets[0];
    }
    const arn = readArn();
    if (arn === undefined) {
        return undefined;
    }
    const name = bucketNameOfArn(arn);
    return resources.filter(isBucket).find((b) => b.props.arn === arn || (name !== undefined && b.props.bucket === name));
}
