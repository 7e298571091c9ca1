import { rdsLogGroupName, REQUIRED_LOG_EXPORTS } from "../catalog";
import { auditDeliveryErrorsResourceName } from "./audit-delivery";
import { auditDeliveryErrorLogGroupName } from "./audit-names";
import { HARDENED_POSTGRES_TYPE } from "./hardened-postgres";
import { rdsLogGroupResourceName } from "./log-groups";
import { ResolvedSettings } from "./validate";

export const LOG_GROUP_TYPE = "aws:cloudwatch/logGroup:LogGroup";

/** A resource a destroy leaves in AWS under a name the next incarnation of the stack declares again. */
export interface RetainedResource {
    /** The resource type token, as `pulumi import` takes it. */
    type: string;
    /** Its Pulumi name, as the component declares it. */
    name: string;
    /** Its AWS identity (`pulumi import`'s id): for a log group, its name. */
    id: string;
    /** Why the name can't simply change. */
    why: string;
}

export type RetainedResourceSettings = Pick<ResolvedSettings, "identifier" | "retainOnDelete" | "auditTrail">;

/**
 * The resources `pulumi destroy` keeps (retainOnDelete) whose names a re-created stack with the same identifier must
 * declare again, so the next `pulumi up` would fail on "already exists" unless they are adopted first. Everything else
 * the component retains has a generated name (the archive bucket), and everything else with a fixed name is deleted
 * with the stack (docs/lifecycle.md).
 */
export function retainedNamedResources(componentName: string, settings: RetainedResourceSettings): RetainedResource[] {
    if (!settings.retainOnDelete) {
        return [];
    }
    const rdsGroups = REQUIRED_LOG_EXPORTS.map((logType) => ({
        type: LOG_GROUP_TYPE,
        name: rdsLogGroupResourceName(componentName, logType),
        id: rdsLogGroupName(settings.identifier, logType),
        why: "RDS exports to /aws/rds/instance/<identifier>/<type> and no other name",
    }));
    const deliveryErrors =
        settings.auditTrail.archive === undefined
            ? []
            : [
                  {
                      type: LOG_GROUP_TYPE,
                      name: auditDeliveryErrorsResourceName(componentName),
                      id: auditDeliveryErrorLogGroupName(settings.identifier),
                      why: "the key policy names it exactly, and one identifier's delivery errors stay in one group",
                  },
              ];
    return [...rdsGroups, ...deliveryErrors];
}

/** One entry of a `pulumi import --file` document (Pulumi ≥ 3.94 for `component` and in-file parents). */
export interface ImportFileEntry {
    type: string;
    name: string;
    id?: string;
    parent?: string;
    component?: boolean;
}

/**
 * The `pulumi import --file` document that adopts the retained resources into a stack that no longer has them: the
 * HardenedPostgres component itself (an empty component the next `pulumi up` fills in), then each resource under it, so
 * their URNs are the ones the program registers and the next `up` updates them instead of creating them.
 */
export function adoptionImportFile(componentName: string, settings: RetainedResourceSettings): { resources: ImportFileEntry[] } {
    const retained = retainedNamedResources(componentName, settings);
    if (retained.length === 0) {
        return { resources: [] };
    }
    return {
        resources: [
            { type: HARDENED_POSTGRES_TYPE, name: componentName, component: true },
            ...retained.map(({ type, name, id }) => ({ type, name, id, parent: componentName })),
        ],
    };
}
