import { ControlId, OptOutName, optOutByName } from "../../components/catalog";
import { optOutWaivers } from "../../components/catalog/kit/plan/opt-out-waivers";
import { AnalyzedResource } from "./evaluate";

/** The resource type that carries named waivers: the pack honours `hpg-opt-out:<name>` tags on PostgreSQL instances. */
const WAIVABLE_TYPE = "aws:rds/instance:Instance";

/** One accepted weakening in force: which resource, which control, the opt-out's name, what it allows and why. */
export interface Waiver {
    urn: string;
    type: string;
    name: string;
    control: ControlId;
    optOut: OptOutName;
    /** What the opt-out allows, from the control catalog. */
    allows: string;
    /** The reason the program gave (the tag's value). */
    reason: string;
}

/**
 * Every named waiver the resources carry, as the pack reads them (the component's `optOuts` and hand-written
 * `hpg-opt-out:<name>` tags alike). A tag naming no opt-out waives nothing: the pack reports it, this list leaves it out.
 */
export function waiversInForce(resources: readonly AnalyzedResource[]): Waiver[] {
    return resources
        .filter((r) => r.type === WAIVABLE_TYPE)
        .flatMap((r) => {
            const tags = r.inputs.tags;
            const waivers = typeof tags === "object" && tags !== null ? optOutWaivers(tags as Record<string, string>) : new Map<string, string>();
            return [...waivers]
                .sort(([a], [b]) => a.localeCompare(b))
                .flatMap(([name, reason]) => {
                    const optOut = optOutByName(name);
                    return optOut ? [{ urn: r.urn, type: r.type, name: r.name, control: optOut.control, optOut: optOut.name, allows: optOut.allows, reason }] : [];
                });
        });
}
