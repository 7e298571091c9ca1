import * as pulumi from "@pulumi/pulumi";
import { HardenedPostgres, HardenedPostgresArgumentsError } from "../../components/hardened-postgres";
import { CONFIG_NAMESPACE, readStackConfig } from "./stack-config";

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
 * The stack: read the config, then compose the component, which validates it once, before registering anything, so a
 * bad config applies nothing. Its problems are reported as config problems (the argument names are the config keys).
 */
export function createStack(): StackOutputs {
    const args = readStackConfig();
    // The component, and so by default the RDS identifier, is named after the stack.
    const derived = args.identifier === undefined;
    const name = args.identifier ?? `hpg-${pulumi.getStack()}`;
    let db: HardenedPostgres;
    try {
        db = new HardenedPostgres(name, args);
    } catch (e) {
        if (e instanceof HardenedPostgresArgumentsError) {
            // A value the user never wrote (the identifier from the stack name) must say where it came from.
            const problems = e.problems.map((p) =>
                derived && p.startsWith("[identifier]")
                    ? `${p} (derived from the stack name '${pulumi.getStack()}' as 'hpg-<stack>'; set ${CONFIG_NAMESPACE}:identifier, or use a stack name of lowercase letters, digits and hyphens)`
                    : p,
            );
            throw new pulumi.RunError(`invalid stack configuration (keys are ${CONFIG_NAMESPACE}:<field>):\n${problems.map((p) => `  ${p}`).join("\n")}`);
        }
        throw e;
    }
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
