import { isProductFile, isProgramFile } from "../../../policies/offline-check/program-files";

const ROOT = "/repo";

describe("isProgramFile: the program's own code, as against Node's, libraries' and this product's", () => {
    it.each([
        ["a program outside the repository", "/home/me/stack/index.ts", "/home/me/stack", true],
        ["a fixture in the repository", "/repo/test/fixtures/programs/throws.ts", "/repo/test/fixtures/programs", true],
        ["infra/, which is a program", "/repo/infra/program/program.ts", "/repo/infra", true],
        ["the CLI, next to infra/'s program", "/repo/infra/cli/commands/check.ts", "/repo/infra", false],
        ["the engine", "/repo/policies/offline-check/run-program.ts", "/repo/test/fixtures/programs", false],
        ["a component the program uses", "/repo/components/hardened-postgres/instance.ts", "/repo/infra", false],
        ["the pack", "/repo/policies/crossguard/pack.ts", "/home/me/stack", false],
        ["the product's build", "/repo/bin/policies/offline-check/run-program.js", "/repo/bin", false],
        ["this project's libraries", "/repo/node_modules/@pulumi/pulumi/output.js", "/repo/test/fixtures/programs", false],
        ["the program's own libraries", "/home/me/stack/node_modules/lodash/index.js", "/home/me/stack", false],
        ["Node's", "node:internal/modules/cjs/loader", "/home/me/stack", false],
    ])("%s", (_case, file, programDir, expected) => {
        expect(isProgramFile(file, ROOT, programDir)).toBe(expected);
    });

    it("an installed product lives in node_modules, and the program beside it is still the program's", () => {
        const installed = "/home/me/stack/node_modules/hardened-postgres";
        expect(isProgramFile("/home/me/stack/index.ts", installed, "/home/me/stack")).toBe(true);
        expect(isProgramFile(`${installed}/bin/policies/offline-check/run-program.js`, installed, "/home/me/stack")).toBe(false);
    });
});

describe("isProductFile: this product's own code", () => {
    it.each([
        ["the engine", "/repo/policies/offline-check/evaluate.ts", true],
        ["a policy's control module", "/repo/components/catalog/controls/hpg-tls-03/plan.ts", true],
        ["the CLI", "/repo/infra/cli/main.ts", true],
        ["a test", "/repo/test/fixtures/programs/breaks-the-checker.ts", false],
        ["a library", "/repo/node_modules/@pulumi/policy/policy.js", false],
        ["a library under a product folder", "/repo/policies/node_modules/@pulumi/policy/policy.js", false],
        ["elsewhere", "/home/me/stack/index.ts", false],
    ])("%s", (_case, file, expected) => {
        expect(isProductFile(file, ROOT)).toBe(expected);
    });

    it("an installed product's build, under the user's node_modules", () => {
        const installed = "/home/me/stack/node_modules/hardened-postgres";
        expect(isProductFile(`${installed}/bin/policies/offline-check/evaluate.js`, installed)).toBe(true);
    });
});
