/**
 * `pulumi up` and `pulumi preview --policy-pack policies` compile TypeScript with ts-node, type checking on, using
 * the compiler options Pulumi's own runners build (@pulumi/pulumi/tsutils: nodenext, the directory's tsconfig.json).
 * Those differ from `tsc --noEmit`, so load the program and the pack exactly that way, each in a fresh process.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

/** Node code that registers ts-node the way @pulumi/pulumi/cmd/run and cmd/run-policy-pack do, in `cwd`. */
const REGISTER_LIKE_PULUMI = `
const tsutils = require("@pulumi/pulumi/tsutils");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
const options = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
require(tsnodeRequire).register({ typeCheck: true, skipProject: false, compiler: typescriptRequire,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...options } });
`;

function runNode(cwd: string, code: string): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, ["-e", REGISTER_LIKE_PULUMI + code], { cwd, encoding: "utf8", timeout: 120_000 });
    return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

describe("loading under Pulumi's own TypeScript settings", () => {
    it("the policy pack's list compiles from policies/ and holds every policy", () => {
        const r = runNode(path.join(ROOT, "policies"), `const { POLICIES, PACK_NAME } = require("./crossguard/pack.ts"); console.log(PACK_NAME, POLICIES.length);`);
        expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
        const { POLICIES } = require("../../policies/crossguard/pack");
        expect(r.stdout).toBe(`hardened-postgres ${POLICIES.length}`);
    });

    it("the Pulumi program compiles from the project root and runs the dev stack under mocks", () => {
        const r = runNode(
            ROOT,
            `
const pulumi = require("@pulumi/pulumi");
const { mockCall, mockResource, DEFAULT_MOCK_CLOUD } = require("./policies/offline-check/mock-cloud.ts");
const types = [];
pulumi.runtime.setMocks({ newResource: (a) => { types.push(a.type); return mockResource(DEFAULT_MOCK_CLOUD, a); }, call: (a) => mockCall(DEFAULT_MOCK_CLOUD, a) }, "hardened-postgres", "dev");
pulumi.runtime.setAllConfig(require("./policies/offline-check/stack-files.ts").loadStackConfig("stacks/Pulumi.dev.yaml"));
const program = require("./infra/index.ts");
program.endpoint.apply((endpoint) => setTimeout(() => console.log(endpoint, types.includes("aws:rds/instance:Instance")), 100));
`,
        );
        expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
        expect(r.stdout).toBe("hpg-dev.offline.us-east-1.rds.amazonaws.com true");
    });
});
