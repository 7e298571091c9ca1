import { DATA_CLASSIFICATION_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE, MAX_TAG_VALUE_LENGTH, OPT_OUTS_TAG, POSTURE_TAG, optOutTag } from "../catalog";
import { ResolvedSettings } from "./validate";

/** What the standard tags are made of. */
export type TagSettings = Pick<ResolvedSettings, "tags" | "dataClassification" | "posture" | "optOuts">;

/**
 * Tags every taggable child carries: classification and posture travel with the data (HPG-TAG-01), and each opt-out in
 * force travels with its reason (`hpg-opt-out:<name>`), which the policy pack reads as a named waiver and reports.
 */
export function standardTags(settings: TagSettings): Record<string, string> {
    const optOuts = Object.entries(settings.optOuts)
        .filter((e): e is [string, string] => typeof e[1] === "string")
        .sort(([a], [b]) => a.localeCompare(b));
    return {
        ...settings.tags,
        [DATA_CLASSIFICATION_TAG]: settings.dataClassification,
        [POSTURE_TAG]: settings.posture,
        [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
        ...(optOuts.length > 0 ? { [OPT_OUTS_TAG]: optOuts.map(([name]) => name).join(" ") } : {}),
        ...Object.fromEntries(optOuts.map(([name, reason]) => [optOutTag(name), reason.slice(0, MAX_TAG_VALUE_LENGTH)])),
    };
}
