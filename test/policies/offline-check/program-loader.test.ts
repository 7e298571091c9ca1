import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { esModuleEntry, forgetProgramModules, loadedModules, shareProjectPackages } from "../../../policies/offline-check/program-loader";

const ROOT = path.resolve(__dirname, "../../..");

describe("shareProjectPackages", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require("module") as { _resolveFilename(request: string, parent: unknown, isMain: boolean): string };
    const outside = { id: "/nowhere/index.js", filename: "/nowhere/index.js", paths: ["/nowhere/node_modules"] };

    it("resolves @pulumi/* from this project for a program that has no node_modules, until put back", () => {
        const original = Module._resolveFilename;
        expect(() => Module._resolveFilename("@pulumi/aws", outside, false)).toThrow(/Cannot find module '@pulumi\/aws'/);
        const restore = shareProjectPackages();
        try {
            expect(Module._resolveFilename("@pulumi/aws", outside, false)).toBe(path.join(ROOT, "node_modules/@pulumi/aws/index.js"));
            expect(() => Module._resolveFilename("left-pad", outside, false)).toThrow(/Cannot find module 'left-pad'/);
        } finally {
            restore();
        }
        expect(Module._resolveFilename).toBe(original);
    });
});

describe("shareProjectPackages and a program with its own packages", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require("module") as { _resolveFilename(request: string, parent: unknown, isMain: boolean): string };
    let dir = "";
    beforeAll(() => {
        dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "hpg-own-packages-")));
        for (const pkg of ["aws", "pulumi"]) {
            fs.mkdirSync(path.join(dir, "node_modules/@pulumi", pkg), { recursive: true });
            fs.writeFileSync(path.join(dir, "node_modules/@pulumi", pkg, "package.json"), JSON.stringify({ name: `@pulumi/${pkg}`, main: "index.js" }));
            fs.writeFileSync(path.join(dir, "node_modules/@pulumi", pkg, "index.js"), "");
        }
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("resolves a provider SDK to the program's own copy, and @pulumi/pulumi to this project's (the mocks' runtime)", () => {
        const program = { id: path.join(dir, "index.js"), filename: path.join(dir, "index.js"), paths: [path.join(dir, "node_modules")] };
        const restore = shareProjectPackages();
        try {
            expect(Module._resolveFilename("@pulumi/aws", program, false)).toBe(path.join(dir, "node_modules/@pulumi/aws/index.js"));
            expect(Module._resolveFilename("@pulumi/pulumi", program, false)).toBe(path.join(ROOT, "node_modules/@pulumi/pulumi/index.js"));
        } finally {
            restore();
        }
    });
});

describe("esModuleEntry: the programs Pulumi's host imports rather than requires", () => {
    const LOADING = path.join(ROOT, "test/fixtures/programs/loading");

    it.each([
        ["a \"type\": \"module\" package's directory: its index.js", "esm-package", path.join(LOADING, "esm-package/index.js")],
        ["a .js file in such a package", "esm-package/index.js", path.join(LOADING, "esm-package/index.js")],
        ["a .mjs file", "esm-file/index.mjs", path.join(LOADING, "esm-file/index.mjs")],
        ["a CommonJS directory (none)", "directory-first", undefined],
        ["a TypeScript file (none: compiled to CommonJS)", "pulumi-main/src/index.ts", undefined],
    ])("%s", (_case, program, entry) => {
        expect(esModuleEntry(path.join(LOADING, program))).toBe(entry);
    });
});

describe("forgetProgramModules", () => {
    it("forgets only the program's modules loaded since `before`", () => {
        const cache: Record<string, unknown> = { "/repo/node_modules/@pulumi/pulumi/index.js": {}, "/repo/test/fixtures/programs/declare-database.ts": {} };
        const before = loadedModules(cache);
        Object.assign(cache, {
            "/repo/test/fixtures/programs/compliant.ts": {},
            "/repo/node_modules/@pulumi/aws/rds/instance.js": {},
            "/repo/components/hardened-postgres/index.ts": {},
        });
        forgetProgramModules(before, (file) => file.startsWith("/repo/test/"), cache);
        expect(Object.keys(cache).sort()).toEqual([
            "/repo/components/hardened-postgres/index.ts",
            "/repo/node_modules/@pulumi/aws/rds/instance.js",
            "/repo/node_modules/@pulumi/pulumi/index.js",
            "/repo/test/fixtures/programs/declare-database.ts",
        ]);
    });
});
