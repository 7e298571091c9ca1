import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

export type ParameterGroupBuildSettings = Pick<ResolvedSettings, "identifier" | "family" | "parameterGroup"> & TagSettings;

/**
 * The hardened parameter group. Its name carries the family, so a major upgrade replaces it with a new
 * group created before the old one is deleted (Pulumi's default create-before-delete; names never collide).
 */
export function createParameterGroup(name: string, settings: ParameterGroupBuildSettings, parent: pulumi.Resource): aws.rds.ParameterGroup {
    return new aws.rds.ParameterGroup(
        `${name}-params`,
        {
            name: `${settings.identifier}-${settings.family}`,
            family: settings.family,
            description: `hardened-postgres parameters for ${settings.identifier} (${settings.family})`,
            parameters: settings.parameterGroup.parameters,
            tags: standardTags(settings),
        },
        { parent },
    );
}
