import * as path from "path";
import { checkProgram, hasMandatoryViolation } from "../../../policies/offline-check/check-program";

// A pinned minor needs automatic minor upgrades off (RDS would move the instance past the pin); the pack waives HPG-PAT-01's finding.
describe("a HardenedPostgres pinned to 16.4 with autoMinorVersionUpgrade false and the autoMinorVersionUpgrade opt-out", () => {
    it("is not blocked, and the waiver is reported with its control and reason", async () => {
        const result = await checkProgram({ program: path.join(__dirname, "..", "..", "fixtures", "programs", "component-with-pinned-minor.ts") });
        expect(result.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.message)).toEqual([]);
        expect(hasMandatoryViolation(result)).toBe(false);
        expect(result.diagnostics.filter((d) => d.policy === "hpg-opt-out-waivers").map((d) => d.message)).toEqual([
            "[HPG-PAT-01] RDS instance 'pinned-instance': waived by opt-out autoMinorVersionUpgrade (autoMinorVersionUpgrade: false, so minor versions are applied by hand (e.g. to pin engineVersion to a minor)); reason: the vendor certifies 16.4 only; patched by hand each quarter",
        ]);
    });
});
