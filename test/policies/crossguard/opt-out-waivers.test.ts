import { optOutWaivers as policy } from "../../../policies/crossguard/opt-out-waivers";
import { instance } from "../../support/policy-fixtures";
import { lines, validateResource } from "../../support/policy-harness";

const base = { "compliance-posture": "hipaa", "data-classification": "phi" };

describe("hpg-opt-out-waivers", () => {
    it("is not applicable to an instance without opt-outs", async () => {
        expect(await validateResource(policy as never, instance({ tags: base }))).toEqual([]);
    });

    it("lists each waiver in force with its control, what it allows and the reason, as an advisory", async () => {
        const tags = { ...base, "hpg-opt-outs": "deletionProtection singleAz", "hpg-opt-out:singleAz": "staging copy", "hpg-opt-out:deletionProtection": "ephemeral" };
        expect(lines(await validateResource(policy as never, instance({ tags })))).toEqual([
            "advisory [HPG-BAK-02] RDS instance 'db': waived by opt-out deletionProtection (deletionProtection: false and no Pulumi protect on the instance (ephemeral environments)); reason: ephemeral",
            "advisory [HPG-AVL-01] RDS instance 'db': waived by opt-out singleAz (multiAz: false in a posture that requires a standby (hipaa, pci)); reason: staging copy",
        ]);
    });

    it("reports a waiver tag naming no opt-out, and an opt-out listed without its reason tag, as waiving nothing", async () => {
        const tags = { ...base, "hpg-opt-outs": "singleAz", "hpg-opt-out:singelAz": "typo" };
        expect(lines(await validateResource(policy as never, instance({ tags })))).toEqual([
            "advisory RDS instance 'db': tag hpg-opt-out:singelAz names no opt-out, so it waives nothing; opt-outs: auditArchive, singleAz, deletionProtection, deleteKeyAndLogsWithStack, performanceInsights, enhancedMonitoring, auditAlarms, autoMinorVersionUpgrade",
            "advisory RDS instance 'db': opt-out singleAz is listed without a hpg-opt-out:singleAz reason tag, so it waives nothing",
        ]);
    });
});
