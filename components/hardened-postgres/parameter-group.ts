import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

export type ParameterGroupBuildSettings = Pick<ResolvedSettings, "identifier" | "family" | "parameterGroup"> & TagSettings;

/**
 * The hardened parameter group. Its name carries the family, so a major upgrade replaces it with a new group of a new
 * name: Pulumi creates it, updates the instance onto it (applied immediately during an upgrade, validate.ts), and deletes
 * the old group only at the end of the update, after the instance has left it. RDS refuses to delete a group an instance
 * still uses (InvalidDBParameterGroupState; the provider retries for 3 minutes), so a failed upgrade leaves it in place.
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
        // Never delete-before-replace: the instance still runs on the old group until the upgrade moves it (Terraform documents
        // the swap with create_before_destroy and apply_immediately = true, aws_db_parameter_group).
        { parent, deleteBeforeReplace: false },
    );
}
