import * as fs from "fs";
import * as path from "path";

const root = path.join(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

describe("the package as a library", () => {
    it("points main and types at the built entry point", () => {
        expect(pkg.main).toBe("bin/components/index.js");
        expect(pkg.types).toBe("bin/components/index.d.ts");
        expect(fs.existsSync(path.join(root, pkg.types))).toBe(true);
    });

    it("exports HardenedPostgres and the catalog from the built JavaScript", () => {
        const lib = require(path.join(root, pkg.main));
        expect(typeof lib.HardenedPostgres).toBe("function");
        expect(lib.CONTROLS.length).toBeGreaterThan(20);
        expect(typeof lib.validateHardenedPostgresArgs).toBe("function");
    });

    it("declares HardenedPostgres in the .d.ts for TypeScript users", () => {
        const dts = fs.readFileSync(path.join(root, "bin/components/hardened-postgres/hardened-postgres.d.ts"), "utf8");
        expect(dts).toContain("export declare class HardenedPostgres extends pulumi.ComponentResource");
    });
});
