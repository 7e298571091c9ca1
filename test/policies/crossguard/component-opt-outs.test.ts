import * as path from "path";
import { checkProgram, hasMandatoryViolation } from "../../../policies/offline-check/check-program";

// The component's documented opt-outs, judged by the whole pack as `pulumi preview --policy-pack` would (through `check`).
describe("a HardenedPostgres in posture hipaa with the opt-outs singleAz, deletionProtection and enhancedMonitoring", () => {
    it("is not blocked, and every waiver is reported with its control and reason", async () => {
        const result = await checkProgram({ program: path.join(__dirname, "..", "..", "fixtures", "programs", "component-with-opt-outs.ts") });
        expect(result.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.message)).toEqual([]);
        expect(hasMandatoryViolation(result)).toBe(false);
        expect(result.diagnostics.filter((d) => d.policy === "hpg-opt-out-waivers").map((d) => d.message)).toEqual([
            "[HPG-BAK-02] RDS instance 'staging-instance': waived by opt-out deletionProtection (deletionProtection: false and no Pulumi protect on the instance (ephemeral environments)); reason: ephemeral environment, destroyed every night",
            "[HPG-MON-01] RDS instance 'staging-instance': waived by opt-out enhancedMonitoring (monitoringInterval: 0 (no enhanced monitoring)); reason: OS metrics not needed for staging",
            "[HPG-AVL-01] RDS instance 'staging-instance': waived by opt-out singleAz (multiAz: false in a posture that requires a standby (hipaa, pci)); reason: staging copy of production, rebuilt nightly from a snapshot",
        ]);
    });
});
