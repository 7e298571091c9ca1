/** Tag that names an instance's posture; the pack reads it to apply the posture's minimums (HPG-AVL-01, HPG-BAK-01, HPG-TAG-01). */
export const POSTURE_TAG = "compliance-posture";

/** Tag that names the data an instance holds, copied to its snapshots (HPG-TAG-01). */
export const DATA_CLASSIFICATION_TAG = "data-classification";

/** Tag the component puts on everything it creates. */
export const MANAGED_BY_TAG = "managed-by";
export const MANAGED_BY_VALUE = "hardened-postgres";

/** Tag listing the opt-outs in force, space-separated, so a console or an auditor sees them at a glance. */
export const OPT_OUTS_TAG = "hpg-opt-outs";

/**
 * The tag that carries one opt-out's reason, e.g. `hpg-opt-out:singleAz` = "staging database, restored from snapshot".
 * The pack reads it as a named waiver; without a non-empty reason there is no waiver.
 */
export function optOutTag(name: string): string {
    return `hpg-opt-out:${name}`;
}

/** AWS tag values hold at most 256 characters. */
export const MAX_TAG_VALUE_LENGTH = 256;
