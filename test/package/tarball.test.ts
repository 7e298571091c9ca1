import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ServedPack, itAgreesWithTheInProcessEvaluation, servePack } from "../support/served-pack";
import { OFFLINE_FIRST, REQUIRED, ROOT, Run, copyOfWorkingTree, npmPack, run, runOk, temporaryDirectory, unexpectedFiles } from "./npm-routes";

/**
 * The README's first install route: `npm pack` of the repository, then `npm install <tarball>` in the user's project.
 * One consumer project is installed and shared by every assertion: its compiler, its `check` and its policy pack.
 */

const work = temporaryDirectory("tarball");
const consumer = path.join(work, "consumer");
const installed = path.join(consumer, "node_modules", "hardened-postgres");
const rootManifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };

/** The consumer's files: the README's program and strict compiler settings, and two programs for `check`. */
const CONSUMER_FILES: Record<string, string> = {
    "package.json": JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
    "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", strict: true, skipLibCheck: false, noEmit: true }, files: ["index.ts"] }),
    "index.ts": `import { DatabaseAccess, HardenedPostgres, SAMPLE_ACCESS_MODEL } from "hardened-postgres";

const db = new HardenedPostgres("orders", {
    posture: "hipaa",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    allowedSecurityGroupIds: ["sg-0123456789abcdef0"],
});

new DatabaseAccess("orders-access", {
    model: { ...SAMPLE_ACCESS_MODEL, tables: [] },
    host: db.endpoint,
    port: db.port,
    database: db.settings.dbName,
    masterSecretArn: db.masterSecretArn,
    dbiResourceId: db.resourceId,
    kmsKeyArn: db.kmsKeyArn,
    caBundlePath: "./global-bundle.pem",
});

export const endpoint = db.endpoint;
`,
    "programs/compliant.ts": `import { HardenedPostgres } from "hardened-postgres";

export const endpoint = new HardenedPostgres("orders", {
    posture: "hipaa",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    allowedSecurityGroupIds: ["sg-0123456789abcdef0"],
}).endpoint;
`,
    "programs/public-instance.ts": `import * as aws from "@pulumi/aws";

new aws.rds.Instance("db", { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, publiclyAccessible: true });
`,
};

let files: string[];
let typeCheck: Promise<Run>;

beforeAll(async () => {
    const source = await copyOfWorkingTree(path.join(work, "source"));
    const packed = await npmPack(work, source);
    files = packed.files;
    for (const [file, text] of Object.entries(CONSUMER_FILES)) {
        fs.mkdirSync(path.dirname(path.join(consumer, file)), { recursive: true });
        fs.writeFileSync(path.join(consumer, file), text);
    }
    // --engine-strict: every package of the user's tree must allow the Node running this test.
    await runOk("npm", ["install", packed.tarball, "--engine-strict", ...OFFLINE_FIRST], consumer);
    // The slowest check (every .d.ts the program reaches, @pulumi/aws's included) runs while the others do.
    typeCheck = run(process.execPath, [path.join(consumer, "node_modules/typescript/bin/tsc"), "-p", "."], consumer);
    typeCheck.catch(() => undefined);
}, 600_000);

afterAll(async () => {
    await typeCheck?.catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
});

describe("npm pack of the working tree", () => {
    it("ships the compiled library, CLI and policy pack, and the documents", () => {
        expect(REQUIRED.filter((f) => !files.includes(f))).toEqual([]);
    });

    it("ships nothing else: no benchmarks, tests, scripts, stack program, sources or source maps", () => {
        expect(unexpectedFiles(files)).toEqual([]);
        expect(files.filter((f) => /^bin\/(bench|infra\/program)\/|^(test|scripts|bench)\/|\.map$|(?<!\.d)\.ts$/.test(f))).toEqual([]);
    });

    it("ships no build output whose source is gone (prepack builds from an empty bin/)", () => {
        const orphans = files
            .filter((f) => f.startsWith("bin/") && f.endsWith(".js"))
            .filter((f) => !fs.existsSync(path.join(ROOT, f.replace(/^bin\//, "").replace(/\.js$/, ".ts"))));
        expect(orphans).toEqual([]);
    });
});

describe("npm install <tarball> in a consumer project", () => {
    it("resolves the Pulumi SDK version this package pins and is tested with", () => {
        const sdk = JSON.parse(fs.readFileSync(path.join(consumer, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as { version: string };
        expect(sdk.version).toBe(rootManifest.dependencies["@pulumi/pulumi"]);
    });

    it("type-checks a program using HardenedPostgres and DatabaseAccess with strict on and skipLibCheck off", async () => {
        const result = await typeCheck;
        expect(result.stdout + result.stderr).toBe("");
        expect(result.code).toBe(0);
    }, 300_000);

    it("runs its own check on the user's TypeScript program: exit 1 and the control a public instance breaks", async () => {
        const result = await run(path.join(consumer, "node_modules/.bin/hardened-postgres"), ["check", "--program", "programs/public-instance.ts", "--json"], consumer);
        expect(result.stderr).toBe("");
        expect(result.code).toBe(1);
        const report = JSON.parse(result.stdout) as { violations: { control: string; name: string }[] };
        expect(report.violations).toContainEqual(expect.objectContaining({ control: "HPG-NET-01", name: "db" }));
    }, 120_000);

    it("runs check on a program using HardenedPostgres: exit 0, no mandatory violation", async () => {
        const result = await run(path.join(consumer, "node_modules/.bin/hardened-postgres"), ["check", "--program", "programs/compliant.ts"], consumer);
        expect(result.stderr).toBe("");
        expect(result.stdout).toContain("no mandatory violation");
        expect(result.code).toBe(0);
    }, 120_000);
});

describe("the policy pack folder the package ships, node_modules/hardened-postgres/bin/policies", () => {
    const packDir = path.join(installed, "bin", "policies");
    let pack: ServedPack;

    beforeAll(async () => {
        pack = await servePack(packDir);
    }, 120_000);

    afterAll(() => pack?.stop());

    it("is a Node.js policy pack whose main is compiled JavaScript, versioned as the package", () => {
        expect((yaml.load(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8")) as { runtime: string }).runtime).toBe("nodejs");
        const manifest = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as { main: string; version: string };
        expect(manifest.main).toBe("index.js");
        expect(fs.existsSync(path.join(packDir, manifest.main))).toBe(true);
        expect(manifest.version).toBe((JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as { version: string }).version);
    });

    itAgreesWithTheInProcessEvaluation(() => pack);
});
