import { OPT_OUTS_TAG, optOutTag } from "../../facts/tags";

/**
 * The named waivers a resource's tags carry: `hpg-opt-out:<name>` = reason, as the HardenedPostgres component writes
 * them for its `optOuts` (a hand-written stack may write the same tags). A tag without a reason waives nothing.
 */
export function optOutWaivers(tags: Record<string, string> | undefined): Map<string, string> {
    const waivers = new Map<string, string>();
    const prefix = optOutTag("");
    for (const [key, value] of Object.entries(tags ?? {})) {
        if (key.startsWith(prefix) && typeof value === "string" && value.trim() !== "") {
            waivers.set(key.slice(prefix.length), value.trim());
        }
    }
    return waivers;
}

/** Opt-out names listed in the summary tag (`hpg-opt-outs`) that have no reason tag: listed, but not waived. */
export function optOutsWithoutReason(tags: Record<string, string> | undefined): string[] {
    const waivers = optOutWaivers(tags);
    return (tags?.[OPT_OUTS_TAG] ?? "")
        .split(/\s+/)
        .filter((name) => name !== "" && !waivers.has(name));
}
