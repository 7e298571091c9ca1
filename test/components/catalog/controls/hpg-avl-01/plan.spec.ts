import { multiAz as policy } from "../../../../../components/catalog/controls/hpg-avl-01/plan";
import { instance } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const tags = (posture: string) => ({ "compliance-posture": posture, "data-classification": "phi" });

describe("hpg-avl-01-multi-az", () => {
    it("passes a single-AZ soc2 instance, and a multi-AZ hipaa one", async () => {
        expect(await validateResource(policy, instance({ multiAz: false }))).toEqual([]);
        expect(await validateResource(policy, instance({ multiAz: true, tags: tags("hipaa") }))).toEqual([]);
    });

    it.each(["hipaa", "pci"])("blocks a single-AZ instance tagged %s", async (posture) => {
        expect(lines(await validateResource(policy, instance({ multiAz: false, tags: tags(posture) })))).toEqual([
            `mandatory [HPG-AVL-01] RDS instance 'db': multiAz is not true and the ${posture} posture requires a standby; set multiAz: true (or waive it: tag hpg-opt-out:singleAz with the reason)`,
        ]);
    });

    it("blocks any single-AZ instance when the pack requires multi-AZ", async () => {
        const config = { "hpg-avl-01-multi-az": { requireMultiAz: true } };
        expect(lines(await validateResource(policy, instance({ multiAz: undefined }), config))).toEqual([
            "mandatory [HPG-AVL-01] RDS instance 'db': multiAz is not true and the pack requires a standby; set multiAz: true (or waive it: tag hpg-opt-out:singleAz with the reason)",
        ]);
    });

    it("requires a standby on an untagged instance when the stack's posture in the pack config requires one; a tag overrides it", async () => {
        const config = { "hpg-avl-01-multi-az": { posture: "pci" } };
        expect(lines(await validateResource(policy, instance({ multiAz: false, tags: { "data-classification": "pci" } }), config))).toEqual([
            "mandatory [HPG-AVL-01] RDS instance 'db': multiAz is not true and the stack's pci posture (pack config) requires a standby; set multiAz: true (or waive it: tag hpg-opt-out:singleAz with the reason)",
        ]);
        expect(await validateResource(policy, instance({ multiAz: false, tags: tags("soc2") }), config)).toEqual([]);
        expect(await validateResource(policy, instance({ multiAz: true, tags: { "data-classification": "pci" } }), config)).toEqual([]);
    });

    it("accepts a single-AZ hipaa instance that carries the singleAz waiver with a reason, and only that waiver", async () => {
        const waived = { ...tags("hipaa"), "hpg-opt-out:singleAz": "staging copy of production, restored nightly" };
        expect(await validateResource(policy, instance({ multiAz: false, tags: waived }))).toEqual([]);
        const wrongWaiver = { ...tags("hipaa"), "hpg-opt-out:deletionProtection": "ephemeral" };
        expect(lines(await validateResource(policy, instance({ multiAz: false, tags: wrongWaiver })))).toEqual([
            "mandatory [HPG-AVL-01] RDS instance 'db': multiAz is not true and the hipaa posture requires a standby; set multiAz: true (or waive it: tag hpg-opt-out:singleAz with the reason)",
        ]);
        const noReason = { ...tags("hipaa"), "hpg-opt-out:singleAz": "", "hpg-opt-outs": "singleAz" };
        expect(lines(await validateResource(policy, instance({ multiAz: false, tags: noReason })))).toEqual([
            "mandatory [HPG-AVL-01] RDS instance 'db': multiAz is not true and the hipaa posture requires a standby; set multiAz: true (or waive it: tag hpg-opt-out:singleAz with the reason)",
        ]);
    });
});
