import { ResolvedSettings } from "./validate";

/** Tags every taggable child carries: classification and posture travel with the data (HPG-TAG-01). */
export function standardTags(settings: ResolvedSettings): Record<string, string> {
    const optOutNames = Object.keys(settings.optOuts).sort();
    return {
        ...settings.tags,
        "data-classification": settings.dataClassification,
        "compliance-posture": settings.posture,
        "managed-by": "hardened-postgres",
        ...(optOutNames.length > 0 ? { "hpg-opt-outs": optOutNames.join(" ") } : {}),
    };
}
