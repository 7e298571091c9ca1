import { shownValue as show } from "./shown-value";

/** The four arguments that decide how the engine version moves: pinned, patched automatically, upgraded. */
export interface EngineVersionSettings {
    engineVersion: string;
    allowMajorVersionUpgrade: boolean;
    autoMinorVersionUpgrade: boolean;
    applyImmediately: boolean;
}

/** Where to read the versions RDS can upgrade a running instance to (docs/upgrades.md). */
export const VALID_UPGRADE_TARGETS_COMMAND =
    "aws rds describe-db-engine-versions --engine postgres --engine-version <running version> --query 'DBEngineVersions[].ValidUpgradeTarget[].EngineVersion'";

/** An engine version's major and, when pinned, its minor: "16" is { major: "16" }, "16.4" is { major: "16", minor: "4" }. */
export function parseEngineVersion(engineVersion: string): { major: string; minor?: string } | undefined {
    const m = /^(\d+)(?:\.(\d+))?$/.exec(engineVersion.trim());
    return m === null ? undefined : { major: m[1], ...(m[2] !== undefined ? { minor: m[2] } : {}) };
}

/**
 * What is wrong with how the version settings combine, each as `[field] value …; allowed: …`. The component can't see the
 * running version, so `allowMajorVersionUpgrade: true` is what marks a major upgrade. The optOuts check of
 * `autoMinorVersionUpgrade: false` (HPG-PAT-01) is validate.ts's, as for every weakening.
 */
export function engineVersionProblems(settings: EngineVersionSettings): string[] {
    const version = parseEngineVersion(settings.engineVersion);
    if (version === undefined) {
        return [];
    }
    const problems: string[] = [];
    const shown = show(settings.engineVersion);
    if (settings.allowMajorVersionUpgrade) {
        if (version.minor === undefined) {
            // Given only a major, RDS upgrades to that major's default minor, which may not be a valid target from the running
            // minor (terraform-aws-modules/terraform-aws-rds#627).
            problems.push(
                `[engineVersion] ${shown} names no target minor while allowMajorVersionUpgrade is true: RDS would pick ${version.major}'s default minor, which may not be a valid upgrade target from the running version; allowed: a target minor such as '${version.major}.N' listed by ${VALID_UPGRADE_TARGETS_COMMAND}`,
            );
        }
        if (!settings.applyImmediately) {
            // The instance moves to the new family's parameter group only when the upgrade is applied; Pulumi deletes the old
            // group at the end of this update, which RDS refuses while the instance still uses it.
            problems.push(
                `[applyImmediately] false while allowMajorVersionUpgrade is true: the upgrade and the new parameter group would wait for the maintenance window while this update deletes the old group; allowed: true (the default while allowMajorVersionUpgrade is true)`,
            );
        }
    } else if (version.minor !== undefined && settings.autoMinorVersionUpgrade) {
        // RDS moves the instance past a pinned minor in the maintenance window; the provider then sees 16.x against 16.4 and
        // the next update asks RDS for a downgrade, which it refuses ("Cannot upgrade postgres from 16.x to 16.4").
        problems.push(
            `[engineVersion] ${shown} pins a minor version while autoMinorVersionUpgrade is true: RDS upgrades the instance past it and the next update becomes a downgrade RDS refuses; allowed: the major '${version.major}' (minor versions then follow automatically), or autoMinorVersionUpgrade false with optOuts.autoMinorVersionUpgrade`,
        );
    }
    return problems;
}

/**
 * The reminder during a major upgrade to a pinned minor with automatic minor upgrades on: once upgraded, the pinned minor
 * must go back to the major, or the next automatic minor upgrade makes it a refused downgrade. Undefined otherwise.
 */
export function majorUpgradeReminder(settings: EngineVersionSettings): string | undefined {
    const version = parseEngineVersion(settings.engineVersion);
    if (!settings.allowMajorVersionUpgrade || !settings.autoMinorVersionUpgrade || version?.minor === undefined) {
        return undefined;
    }
    return `engineVersion '${settings.engineVersion}' with allowMajorVersionUpgrade upgrades the instance to ${settings.engineVersion}; after the upgrade, set engineVersion back to '${version.major}' and allowMajorVersionUpgrade to false, or RDS's next automatic minor upgrade makes '${settings.engineVersion}' a downgrade it refuses (docs/upgrades.md)`;
}
