import { configSchema, configWithDefaults, PackPosture, POSTURE_CONFIG_PROPERTY } from "../../kit/plan/policy-config";
import { effectivePostureProfile, instancePolicy } from "../../kit/plan/rds-instance";
import { control } from "./control";

/**
 * The pack can't know a stack's posture, so multi-AZ is off by default at pack level and required when the pack is
 * configured so, or when the instance's compliance-posture tag names a posture that requires it (hipaa, pci).
 */
export const MULTI_AZ_DEFAULTS: { requireMultiAz: boolean; posture: PackPosture } = { requireMultiAz: false, posture: "none" };

/** HPG-AVL-01: HIPAA and PCI instances run a synchronous standby in a second availability zone. */
export const multiAz = instancePolicy({
    control,
    name: "hpg-avl-01-multi-az",
    judges: "instance: `multiAz` when required",
    // CreateDBInstance MultiAZ: an Aurora member's availability zones are managed by the cluster.
    auroraMember: "cluster-level",
    configSchema: configSchema(MULTI_AZ_DEFAULTS, {
        requireMultiAz: { type: "boolean", description: "Require multiAz on every instance; without it only instances whose posture requires it (hipaa, pci)." },
        posture: POSTURE_CONFIG_PROPERTY,
    }),
    validate: (instance, args, report) => {
        const { requireMultiAz, posture } = configWithDefaults(MULTI_AZ_DEFAULTS, args);
        const effective = effectivePostureProfile(instance.tags, posture);
        const why = effective?.profile.multiAzRequired ? `${effective.from} requires a standby` : requireMultiAz ? "the pack requires a standby" : undefined;
        if (why !== undefined && instance.multiAz !== true) {
            report(`multiAz is not true and ${why}`, "set multiAz: true", "singleAz");
        }
    },
});
