import * as path from "path";
import { checkProgram } from "../../../policies/offline-check/check-program";

const PROGRAMS = path.resolve(__dirname, "../../fixtures/programs");

describe("checkProgram", () => {
    // How long this takes is measured by `npm run bench` (part 3), not asserted here.
    it("judges a program with 100 hardened databases", async () => {
        const report = await checkProgram({ program: path.join(PROGRAMS, "hundred-databases.ts") });
        expect([report.resources.length, report.diagnostics]).toEqual([1 + 100 * 11, []]);
    });
});
