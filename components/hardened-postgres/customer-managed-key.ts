import * as pulumi from "@pulumi/pulumi";
import { invalidArgumentsMessage, kmsKeyArnProblem } from "./validate";

/**
 * `kmsKeyArn` as every key use must take it: an ARN that resolves at deployment to an AWS-managed key (HPG-ENC-01) fails
 * the deployment with a ResourceError before the instance, the log groups or anything else that uses the key is created.
 * (A plain string was judged by validate.ts at construction.)
 */
export function customerManagedKeyArn(name: string, kmsKeyArn: pulumi.Input<string>, parent: pulumi.Resource): pulumi.Output<string> {
    return pulumi.output(kmsKeyArn).apply((arn) => {
        const problem = kmsKeyArnProblem(arn);
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
