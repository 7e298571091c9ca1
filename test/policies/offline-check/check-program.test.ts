import * as path from "path";
import { checkProgram } from "../../../policies/offline-check/check-program";

const PROGRAMS = path.resolve(__dirname, "../../fixtures/programs");

describe("checkProgram", () => {
    // How long this takes is measured by `npm run bench` (part 3), not asserted here.
    it("judges a program with 100 hardened databases", async () => {
        const report = await checkProgram({ program: path.join(PROGRAMS, "hundred-databases.ts") });
        expect([report.resources.length, report.diagnostics]).toEqual([1 + 100 * 17 + 15, []]);
        // About 7 s alone (type check included); CI runs it beside the database suites on 2 cores.
    }, 240_000);
});

describe("a program with DatabaseAccess (login passwords made at run time by LoginRolePassword)", () => {
    it("runs under the mock cloud and is judged, with no violation", async () => {
        const result = await checkProgram({ program: path.join(__dirname, "..", "..", "fixtures", "programs", "database-with-access-model.ts") });
        expect(result.resources.some((r) => r.type === "pulumi-nodejs:dynamic/hardened-postgres:LoginRolePassword")).toBe(true);
        expect(result.resources.some((r) => r.type === "random:index/randomPassword:RandomPassword")).toBe(false);
        expect(result.resources.some((r) => r.type === "postgresql:index/role:Role")).toBe(true);
        expect(result.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.message)).toEqual([]);
    });
});
