import { DATA_CLASSIFICATIONS, DATA_CLASSIFICATION_TAG, POSTURES, POSTURE_TAG } from "../..";
import { instancePolicy, isAuroraMember } from "../../kit/plan/rds-instance";
import { control } from "./control";

/**
 * The classification tags a snapshot inherits: a valid `data-classification`, and `compliance-posture`, when present,
 * naming a posture. The posture tag is this project's convention (it raises the pack's minimums): judged when present,
 * never required (issue 10).
 */
export function judgeClassificationTags(tags: Record<string, string>, report: (problem: string, fix: string) => void): void {
    for (const [key, allowed] of [
        [POSTURE_TAG, POSTURES],
        [DATA_CLASSIFICATION_TAG, DATA_CLASSIFICATIONS],
    ] as const) {
        const value = tags[key];
        if (value === undefined && key === POSTURE_TAG) {
            continue;
        }
        if (value === undefined || !(allowed as readonly string[]).includes(value)) {
            const shown = value === undefined ? "missing" : `'${value}'`;
            report(`tag '${key}' is ${shown}`, `tag it '${key}' with one of ${allowed.join(", ")}`);
        }
    }
}

/** HPG-TAG-01: snapshots inherit the instance's classification tags. */
export const snapshotTags = instancePolicy({
    control,
    name: "hpg-tag-01-snapshot-tags",
    judges: "instance: `copyTagsToSnapshot`; a valid `data-classification` tag; `compliance-posture`, if present, names a posture",
    auroraMember: "instance",
    validate: (instance, _args, report) => {
        // CreateDBInstance CopyTagsToSnapshot: an Aurora member's snapshots are the cluster's; its own tags are judged below.
        if (!isAuroraMember(instance) && instance.copyTagsToSnapshot !== true) {
            report("copyTagsToSnapshot is not true, so snapshots lose the classification tags", "set copyTagsToSnapshot: true");
        }
        judgeClassificationTags(instance.tags ?? {}, report);
    },
});
