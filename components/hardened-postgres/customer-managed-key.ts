import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { kmsKeyArnProblem } from "./kms-key-arn";
import { invalidArgumentsMessage } from "./validate";

/**
 * `kmsKeyArn` as every key use must take it: an ARN that resolves at deployment to anything but a customer-managed key's
 * key ARN (HPG-ENC-01), or to a key outside the region the instance is created in, fails the deployment with a
 * ResourceError before the instance, the log groups or anything else that uses the key is created. (A plain string's
 * form was judged by validate.ts at construction; its region is known only here.)
 */
export function customerManagedKeyArn(name: string, kmsKeyArn: pulumi.Input<string>, parent: pulumi.Resource): pulumi.Output<string> {
    // The parent's provider decides the region the instance is created in.
    const stackRegion = aws.getRegionOutput({}, { parent }).region;
    return pulumi.all([kmsKeyArn, stackRegion]).apply(([arn, region]) => {
        const problem = kmsKeyArnProblem(arn, region);
        if (problem !== undefined) {
            throw unchangingResourceError(invalidArgumentsMessage(name, [`[kmsKeyArn] ${problem}`]), parent);
        }
        return arn;
    });
}

/**
 * A ResourceError whose message stays as written. Every resource that takes the failed Output rejects with this same
 * error, and Pulumi prefixes `error serializing property "<name>": ` to its message once per such property
 * (runtime/rpc.js serializeFilteredProperties); its handler then reports the error once, under all those prefixes.
 */
function unchangingResourceError(message: string, resource: pulumi.Resource): pulumi.ResourceError {
    const error = new pulumi.ResourceError(message, resource, true);
    Object.defineProperty(error, "message", { get: () => message, set: () => undefined, enumerable: false, configurable: true });
    return error;
}
