import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ResolvedSettings } from "./validate";

/** Random bytes in the final snapshot's name: 8 hex digits, so two incarnations of one identifier never share a name. */
export const FINAL_SNAPSHOT_SUFFIX_BYTES = 4;

/** What the final snapshot's suffix is kept for: a change to any of these replaces the instance (a new incarnation). */
export type FinalSnapshotSettings = Pick<ResolvedSettings, "identifier" | "dbName" | "masterUsername">;

/**
 * The final snapshot of one incarnation of the instance: `<identifier>-final-<suffix>`. RDS keeps a manual snapshot after
 * the instance is deleted and refuses a second one under the same name (DBSnapshotAlreadyExists), so a fixed
 * `<identifier>-final` made the second delete of a re-created stack fail.
 */
export function finalSnapshotIdentifier(identifier: string, suffixHex: string): string {
    return `${identifier}-final-${suffixHex}`;
}

/** RDS DB snapshot identifier rules: 1-255 letters, digits and hyphens, a letter first, no `--`, not ending in `-`. */
export function isValidSnapshotIdentifier(id: string): boolean {
    return /^[A-Za-z][A-Za-z0-9-]{0,254}$/.test(id) && !id.includes("--") && !id.endsWith("-");
}

/**
 * The instance's `finalSnapshotIdentifier`, suffixed by a @pulumi/random RandomId that lives as long as the stack: a
 * destroyed and re-created stack gets a new one, and so does a replaced instance (its keepers are the inputs that force
 * one: identifier, database name, master user, key). The provider never sends this name to RDS before the delete, so
 * changing it is an in-place update with no API call (terraform-provider-aws leaves it out of ModifyDBInstance).
 */
export function createFinalSnapshotIdentifier(name: string, settings: FinalSnapshotSettings, keyArn: pulumi.Input<string>, parent: pulumi.Resource): pulumi.Output<string> {
    const suffix = new random.RandomId(
        `${name}-final-snapshot-suffix`,
        { byteLength: FINAL_SNAPSHOT_SUFFIX_BYTES, keepers: { identifier: settings.identifier, dbName: settings.dbName, masterUsername: settings.masterUsername, keyArn } },
        { parent },
    );
    return suffix.hex.apply((hex) => finalSnapshotIdentifier(settings.identifier, hex));
}
