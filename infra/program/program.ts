import * as pulumi from "@pulumi/pulumi";
import { HardenedPostgres, InvalidArgumentsError, validateHardenedPostgresArgs } from "../../components/hardened-postgres";
import { readStackConfig } from "./stack-config";

/** What the stack exports. */
export interface StackOutputs {
    endpoint: pulumi.Output<string>;
    port: pulumi.Output<number>;
    identifier: pulumi.Output<string>;
    masterSecretArn: pulumi.Output<string>;
    kmsKeyArn: pulumi.Output<string>;
    securityGroupId: pulumi.Output<string>;
    logGroupNames: pulumi.Output<string[]>;
    parameterGroupName: pulumi.Output<string>;
    posture: string;
    effectiveParameters: Record<string, string>;
    optOuts: Record<string, string>;
}

/**
 * The stack: read and validate config, then compose the component. All validation happens before
 * any resource is registered, so a bad config applies nothing.
 */
export function createStack(): StackOutputs {
    const args = readStackConfig();
    const name = args.identifier ?? `hpg-${pulumi.getStack()}`;
    try {
        validateHardenedPostgresArgs(name, args);
    } catch (e) {
        if (e instanceof InvalidArgumentsError) {
            throw new pulumi.RunError(`invalid stack configuration (keys are hardened-postgres:<field>):\n${e.problems.map((p) => `  ${p}`).join("\n")}`);
        }
        throw e;
    }
    const db = new HardenedPostgres(name, { ...args, identifier: name });
    return {
        endpoint: db.endpoint,
        port: db.port,
        identifier: db.identifier,
        masterSecretArn: db.masterSecretArn,
        kmsKeyArn: db.kmsKeyArn,
        securityGroupId: db.securityGroupId,
        logGroupNames: db.logGroupNames,
        parameterGroupName: db.parameterGroupName,
        posture: db.settings.posture,
        effectiveParameters: db.effectiveParameters,
        optOuts: db.optOuts as Record<string, string>,
    };
}
