import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as checkProgramModule from "../../policies/offline-check/check-program";
import * as evaluate from "../../policies/offline-check/evaluate";
import { JsonReport } from "../../policies/offline-check/report";
import { POLICIES } from "../../policies/crossguard/pack";
import { runCheck } from "../../infra/cli/commands/check";
import { internalErrorReport } from "../../infra/cli/errors";
import { CliRun, runCli, spawnCli } from "../support/cli-run";

/**
 * `hardened-postgres check`. Every behaviour is asserted in this process, through `main(argv)` with its output
 * captured. The real CLI (`node -r ts-node/register/transpile-only infra/cli/main.ts`) is spawned once per exit code,
 * the four runs between them printing both formats: what only a process shows is its exit code, a program outside the
 * repository resolving @pulumi/* from this project, a failure known only from an unhandled rejection, and frames
 * source-mapped by ts-node.
 */

const ROOT = path.resolve(__dirname, "../..");
const PROGRAMS = path.join(ROOT, "test/fixtures/programs");
/** Each control module keeps its defect programs in its own fixtures/ folder: one hand-written defect per policy. */
const CONTROLS = path.join(ROOT, "components/catalog/controls");
const defectPath = new Map(
    fs
        .readdirSync(CONTROLS)
        .filter((m) => fs.existsSync(path.join(CONTROLS, m, "fixtures")))
        .flatMap((m) => fs.readdirSync(path.join(CONTROLS, m, "fixtures")).map((f): [string, string] => [f, path.join(CONTROLS, m, "fixtures", f)])),
);
const isDefectFixture = (file: string) => file.startsWith(CONTROLS + path.sep) && file.split(path.sep).includes("fixtures");

/**
 * `check <argv>` in this process, from the repository root. Without the type check: every program here is type-checked
 * once by the project's own `tsc --noEmit -p .` (setup), and type-check.test.ts proves check's own type check.
 */
const check = (argv: string[]): Promise<CliRun> => runCli(["check", "--skip-type-check", ...argv], { cwd: ROOT });

/**
 * Runs `run` for a program this file has run already. Node forgets a program's modules after each run, so it runs
 * again; jest's module registry can't forget one, so `run` gets a fresh registry where every module loaded so far is
 * shared except the program's own files (`isProgramFile`): as in Node, only the program runs again.
 */
async function again<T>(isProgramFile: (file: string) => boolean, run: () => Promise<T>): Promise<T> {
    // Read before isolating: inside, require.cache is the fresh registry.
    const shared = new Map(Object.entries(require.cache).flatMap(([file, module]) => (module && !isProgramFile(file) ? [[file, module.exports as unknown]] : [])));
    let result: { value: T } | undefined;
    try {
        await jest.isolateModulesAsync(async () => {
            for (const [file, exports] of shared) {
                jest.doMock(file, () => exports);
            }
            result = { value: await run() };
        });
    } finally {
        for (const file of shared.keys()) {
            jest.dontMock(file);
        }
    }
    return result!.value;
}

const checkAgain = (argv: string[], isProgramFile: (file: string) => boolean): Promise<CliRun> => again(isProgramFile, () => check(argv));

const under = (dir: string) => (file: string) => file.startsWith(`${dir}${path.sep}`);

const json = (run: CliRun): JsonReport => JSON.parse(run.stdout) as JsonReport;

/** Per defect fixture, the mandatory controls it must trip. A failing parameter also fails HPG-PRM-01 (the attached group doesn't pass). */
const PARAMETER_CONTROLS = ["HPG-TLS-01", "HPG-TLS-02", "HPG-AUD-01", "HPG-AUD-02", "HPG-AUD-03", "HPG-AUD-04", "HPG-AUD-05", "HPG-AUD-07", "HPG-PWD-01"];
const defectFiles = [...defectPath.keys()].filter((f) => f.endsWith(".ts")).sort();
const controlOf = (file: string) => file.replace(/^hpg-(\w+)-(\d+)-.*$/, (_m, area: string, n: string) => `HPG-${area.toUpperCase()}-${n}`);
const stackNames = fs
    .readdirSync(path.join(ROOT, "stacks"))
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();

/** Policy pack configs for `--policy-pack-config`, written to `configDir` before the runs. */
const CONFIGS: Record<string, unknown> = {
    "advisory.json": { "hpg-log-02-log-retention": "advisory" },
    "retention-30.json": { "hpg-log-02-log-retention": { minLogRetentionDays: 30 } },
    "retention-731.json": { "hpg-log-02-log-retention": { enforcementLevel: "mandatory", minLogRetentionDays: 731 } },
};
/** `--stack-reference-outputs` files for stack-reference-network.ts, written to `configDir` before the runs. */
const STACK_REFERENCE_OUTPUTS: Record<string, unknown> = {
    "network-public.json": { "acme/network/prod": { databasesPublic: true } },
    "network-private.json": { "acme/network/prod": { databasesPublic: false } },
    "not-an-object.json": [],
};
/** What --json reports for the 32-resource compliant program (its database, the audit trail's archive and alarms): every registration judged, no waiver. */
const CLEAN_32 = {
    resources: 32,
    violations: [],
    summary: { registrationsAttempted: 32, resourcesRegistered: 32, resourcesJudged: 32, defaultProvidersJudged: 1, resourcesRead: 0, mandatory: 0, advisory: 0, waivers: 0 },
    waivers: [],
};
let configDir = "";
let externalDir = "";
let ownAwsDir = "";
const configFile = (name: string) => path.join(configDir, name);

/** The real CLI, once per exit code, started before the in-process runs so that both share the machine. */
const spawned: Partial<Record<"ok" | "controlFailed" | "programFailed" | "internal" | "stackReferenceUnknown" | "ownAws" | "esm", Promise<CliRun>>> = {};
/** In-process runs, in the order they must happen: a program's first run, then its runs in a fresh registry. */
const runs = new Map<string, CliRun>();

beforeAll(async () => {
    externalDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-external-program-"));
    fs.copyFileSync(path.join(ROOT, "components/catalog/kit/fixtures/hand-written-database.ts"), path.join(externalDir, "declare-database.ts"));
    fs.copyFileSync(path.join(ROOT, "components/catalog/kit/fixtures/hand-written-audit-trail.ts"), path.join(externalDir, "hand-written-audit-trail.ts"));
    // The same compliant program, standing alone outside the repository with its helper beside it.
    const compliantSource = fs.readFileSync(path.join(PROGRAMS, "compliant.ts"), "utf8").replace(/from "[^"]*hand-written-database"/, 'from "./declare-database"');
    fs.writeFileSync(path.join(externalDir, "index.ts"), compliantSource);
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-policy-config-"));
    for (const [name, config] of Object.entries({ ...CONFIGS, ...STACK_REFERENCE_OUTPUTS })) {
        fs.writeFileSync(configFile(name), JSON.stringify(config));
    }
    spawned.ok = spawnCli(["check", "--program", externalDir, "--json"]);
    spawned.controlFailed = spawnCli(["check", "--program", defectPath.get("hpg-tls-02-min-tls-version.ts")!]);
    spawned.programFailed = spawnCli(["check", "--program", path.join(PROGRAMS, "apply-fails.ts")]);
    spawned.internal = spawnCli(["check", "--program", path.join(PROGRAMS, "breaks-the-checker.ts"), "--json"]);
    // Spawned: Pulumi leaves rejections of the failed output unhandled, which jest would count against the test.
    // A program with its own @pulumi/aws (a stand-in whose Instance registers the real type token): spawned, since jest's
    // resolver, not Node's, would load it in this process.
    ownAwsDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-own-aws-program-"));
    fs.mkdirSync(path.join(ownAwsDir, "node_modules/@pulumi/aws"), { recursive: true });
    fs.writeFileSync(path.join(ownAwsDir, "node_modules/@pulumi/aws/package.json"), JSON.stringify({ name: "@pulumi/aws", version: "6.0.0", main: "index.js" }));
    fs.writeFileSync(
        path.join(ownAwsDir, "node_modules/@pulumi/aws/index.js"),
        [
            'const pulumi = require("@pulumi/pulumi");',
            'class Instance extends pulumi.CustomResource { constructor(name, args, opts) { super("aws:rds/instance:Instance", name, args, opts); } }',
            'module.exports = { rds: { Instance }, copy: "the program\'s own" };',
        ].join("\n"),
    );
    fs.writeFileSync(
        path.join(ownAwsDir, "index.js"),
        [
            'const aws = require("@pulumi/aws");',
            'if (aws.copy !== "the program\'s own") throw new Error("ran with hardened-postgres\'s @pulumi/aws, not the program\'s own");',
            'new aws.rds.Instance("own-aws-db", { engine: "postgres", engineVersion: "16.4", publiclyAccessible: true });',
        ].join("\n"),
    );
    spawned.ownAws = spawnCli(["check", "--program", ownAwsDir, "--json"]);
    // Spawned: an ES module is loaded with import(), which jest's module sandbox does not offer.
    spawned.esm = spawnCli(["check", "--program", path.join(PROGRAMS, "loading", "esm-package"), "--json"]);
    spawned.stackReferenceUnknown = spawnCli(["check", "--program", path.join(PROGRAMS, "stack-reference-network.ts")]);

    for (const file of defectFiles) {
        runs.set(file, await check(["--program", defectPath.get(file)!, "--json"]));
    }
    runs.set("compliant", await check(["--program", "test/fixtures/programs/compliant.ts"]));
    runs.set("throws", await check(["--program", path.join(PROGRAMS, "throws.ts")]));
    runs.set("async-fails", await check(["--program", path.join(PROGRAMS, "async-fails.ts")]));
    runs.set("rejected-input", await check(["--program", path.join(PROGRAMS, "rejected-input.ts")]));
    runs.set("loading:directory-first", await check(["--program", path.join(PROGRAMS, "loading", "directory-first"), "--json"]));
    runs.set("loading:pulumi-main", await check(["--program", path.join(PROGRAMS, "loading", "pulumi-main"), "--json"]));
    runs.set("opt-outs", await check(["--program", path.join(PROGRAMS, "component-with-opt-outs.ts"), "--json"]));
    const stackReferenceProgram = path.join(PROGRAMS, "stack-reference-network.ts");
    runs.set("stack-reference:public", await check(["--program", stackReferenceProgram, "--stack-reference-outputs", configFile("network-public.json"), "--json"]));
    runs.set("stack-reference:private", await checkAgain(["--program", stackReferenceProgram, "--stack-reference-outputs", configFile("network-private.json")], under(PROGRAMS)));
    // This repository's program is infra/ (index.ts, program/), next to the CLI it must not reload.
    const isInfraProgram = (file: string) => under(path.join(ROOT, "infra"))(file) && !under(path.join(ROOT, "infra", "cli"))(file);
    for (const [i, stack] of stackNames.entries()) {
        const argv = ["--stack", stack, "--json"];
        runs.set(`stack:${stack}`, i === 0 ? await check(argv) : await checkAgain(argv, isInfraProgram));
    }
    const logRetentionDefect = defectPath.get("hpg-log-02-log-retention.ts")!;
    const compliant = path.join(PROGRAMS, "compliant.ts");
    runs.set("config:advisory", await checkAgain(["--program", logRetentionDefect, "--policy-pack-config", configFile("advisory.json")], isDefectFixture));
    runs.set("config:retention-30", await checkAgain(["--program", logRetentionDefect, "--policy-pack-config", configFile("retention-30.json"), "--json"], isDefectFixture));
    runs.set("config:retention-731", await checkAgain(["--program", compliant, "--policy-pack-config", configFile("retention-731.json"), "--json"], under(PROGRAMS)));
    runs.set("config:example", await checkAgain(["--program", compliant, "--policy-pack-config", "policies/config.example.json", "--json"], under(PROGRAMS)));
    // Each hand-written program is 32 resources since it declares its audit trail (HPG-AUD-06, HPG-MON-02), not 12.
}, 300_000);

afterAll(async () => {
    // Wait for every CLI process, also those a failed test never awaited.
    await Promise.allSettled(Object.values(spawned));
    for (const dir of [externalDir, configDir, ownAwsDir].filter((d) => d !== "")) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

describe("check: one hand-written defect per rule is blocked with its control id", () => {
    it("has a defect fixture for every policy that judges a control", () => {
        expect(defectFiles.map((f) => f.replace(/\.ts$/, ""))).toEqual(
            POLICIES.filter((p) => p.control !== undefined)
                .map((p) => p.name)
                .sort(),
        );
    });

    /** A defect fixture is named after the policy it breaks; that policy's level decides whether it blocks. */
    const levelOf = (file: string) => POLICIES.find((p) => p.name === file.replace(/\.ts$/, ""))?.enforcementLevel;

    it.each(defectFiles.filter((f) => levelOf(f) === "mandatory"))("%s", (file) => {
        const run = runs.get(file)!;
        const control = controlOf(file);
        expect([run.code, run.stderr]).toEqual([1, ""]);
        const mandatory = json(run).violations.filter((v) => v.enforcementLevel === "mandatory");
        // A parameter-group defect also fails HPG-PRM-01 on the instance that uses the group; other resources don't.
        const judgesParameterGroup = POLICIES.find((p) => p.name === file.replace(/\.ts$/, ""))!.judges.startsWith("parameter group");
        const expected = PARAMETER_CONTROLS.includes(control) && judgesParameterGroup ? [control, "HPG-PRM-01"] : [control];
        expect([...new Set(mandatory.map((v) => v.control))].sort()).toEqual(expected.sort());
        for (const v of mandatory) {
            expect(v.message.startsWith(`[${v.control}] `)).toBe(true);
            expect(v.message).toContain(`'${v.name}'`);
            expect(v.urn.endsWith(`::${v.name}`)).toBe(true);
        }
    });

    /** The resource an advisory defect mutates: the hand-written database's instance, unless the fixture names another in a `// Defective resource: <name>` line. */
    const defectiveResource = (file: string) => /^\/\/ Defective resource: (\S+)$/m.exec(fs.readFileSync(defectPath.get(file)!, "utf8"))?.[1] ?? "orders-db";

    it.each(defectFiles.filter((f) => levelOf(f) === "advisory"))("%s is reported as advisory, without blocking (exit 0)", (file) => {
        const run = runs.get(file)!;
        expect(run.code).toBe(0);
        expect(json(run).violations.map((v) => [v.policy, v.control, v.enforcementLevel, v.name])).toEqual([[file.replace(/\.ts$/, ""), controlOf(file), "advisory", defectiveResource(file)]]);
    });
});

describe("check output", () => {
    it("--json prints exactly resources and violations with the documented fields", () => {
        const report = json(runs.get("hpg-tls-02-min-tls-version.ts")!);
        expect(Object.keys(report)).toEqual(["resources", "violations", "summary", "waivers"]);
        expect(report.resources).toBe(32);
        expect(report.violations[0]).toEqual({
            policy: "hpg-tls-02-min-tls-version",
            control: "HPG-TLS-02",
            enforcementLevel: "mandatory",
            urn: "urn:pulumi:dev::hpg-tls-02-min-tls-version::aws:rds/parameterGroup:ParameterGroup::orders-params",
            type: "aws:rds/parameterGroup:ParameterGroup",
            name: "orders-params",
            message: "[HPG-TLS-02] parameter group 'orders-params': ssl_min_protocol_version is 'TLSv1.1'; set it to TLSv1.2 or higher",
        });
        expect(report.violations.map((v) => Object.keys(v))).toEqual(report.violations.map(() => ["policy", "control", "enforcementLevel", "urn", "type", "name", "message"]));
    });

    it("groups human output per resource and ends with a summary (the real CLI: exit 1)", async () => {
        const run = await spawned.controlFailed!;
        expect([run.code, run.stderr]).toEqual([1, ""]);
        expect(run.stdout.split("\n")).toEqual([
            "aws:rds/parameterGroup:ParameterGroup 'orders-params'",
            "  urn:pulumi:dev::hpg-tls-02-min-tls-version::aws:rds/parameterGroup:ParameterGroup::orders-params",
            "  mandatory [HPG-TLS-02] parameter group 'orders-params': ssl_min_protocol_version is 'TLSv1.1'; set it to TLSv1.2 or higher  (hpg-tls-02-min-tls-version)",
            "",
            "aws:rds/instance:Instance 'orders-db'",
            "  urn:pulumi:dev::hpg-tls-02-min-tls-version::aws:rds/instance:Instance::orders-db",
            "  mandatory [HPG-PRM-01] RDS instance 'orders-db': parameter group 'orders-params' fails HPG-TLS-02 (ssl_min_protocol_version is 'TLSv1.1'); fix the group: ssl_min_protocol_version: set it to TLSv1.2 or higher  (hpg-prm-01-hardened-parameter-group)",
            "",
            `32 resources of stack 'dev' checked against ${POLICIES.length} policies: 2 mandatory violations; a deployment would be blocked.`,
            "",
        ]);
    });
});

describe("check on whole programs", () => {
    it("passes a fully compliant hand-written program (exit 0)", () => {
        const run = runs.get("compliant")!;
        expect([run.code, run.stdout, run.stderr]).toEqual([0, `32 resources of stack 'dev' checked against ${POLICIES.length} policies: no mandatory violation.`, ""]);
    });

    it("runs a program outside the repository, resolving @pulumi/* from this project (the real CLI: exit 0, --json)", async () => {
        const run = await spawned.ok!;
        expect([run.code, run.stderr]).toEqual([0, ""]);
        expect(json(run)).toEqual(CLEAN_32);
    });

    // 100 hardened databases are judged by checkProgram in test/policies/offline-check/check-program.test.ts: scale is
    // the library's, and the run costs 8 s of CPU, which this file's two cores don't have to spare.
});

describe("a program that fails: exit 2 with its message and its own frames", () => {
    it("a throw while the program runs points at the throw", () => {
        const run = runs.get("throws")!;
        expect([run.code, run.stdout, run.stderr]).toEqual([
            2,
            "",
            ["hardened-postgres check: the program failed: subnet ids are missing from this program's config", `    at Object.<anonymous> (${PROGRAMS}/throws.ts:4:7)`].join("\n"),
        ]);
    });

    it("an async program's rejection shows each of its frames", () => {
        const run = runs.get("async-fails")!;
        expect([run.code, run.stdout]).toEqual([2, ""]);
        const [message, ...frames] = run.stderr.split("\n");
        expect(message).toBe("hardened-postgres check: the program failed: no subnets tagged tier=private");
        // Source-mapped by Node under jest (which drops "async"); the real CLI's ts-node prints `at async module.exports`.
        expect(frames).toEqual([`    at subnetIds (${PROGRAMS}/async-fails.ts:6:11)`, expect.stringMatching(new RegExp(`^    at (async )?module\\.exports \\(${PROGRAMS}/async-fails\\.ts:11:23\\)$`))]);
    });

    it("a failed apply, known only as an unhandled rejection, whose dependent never settles: points at the throw (the real CLI: exit 2)", async () => {
        const run = await spawned.programFailed!;
        expect([run.code, run.stdout, run.stderr]).toEqual([
            2,
            "",
            [
                `hardened-postgres check: the program failed: error serializing property "targetKeyId": the alias needs the key's region, which this program does not configure`,
                `    at ${PROGRAMS}/apply-fails.ts:8:15`,
                "2 resources were never registered, so no policy judged them:",
                "    aws:kms/alias:Alias 'orders-key-alias': input 'targetKeyId' failed: the alias needs the key's region, which this program does not configure",
                "    aws:kms/alias:Alias 'orders-key-alias-2': waits on aws:kms/alias:Alias 'orders-key-alias', which was never registered",
                "",
            ].join("\n"),
        ]);
    });
});

describe("a bug in hardened-postgres: exit 3, says so, where, and asks for a report", () => {
    it("the checker's own mock cloud crashes (the real CLI: exit 3; --json prints nothing on stdout)", async () => {
        const run = await spawned.internal!;
        expect([run.code, run.stdout]).toEqual([3, ""]);
        const lines = run.stderr.split("\n");
        expect(lines[0]).toBe("hardened-postgres check: internal error: TypeError: Cannot read properties of undefined (reading 'length')");
        // Where: the top frame in the product (the fixture's stand-in for the bug is in test/, so not that one).
        expect(lines[1]).toMatch(new RegExp(`^    at .* \\(${ROOT}/policies/offline-check/run-program\\.ts:\\d+:\\d+\\)$`));
        expect(lines.slice(2)).toEqual([
            "This is a bug in hardened-postgres, not in your program, its config or your environment. Please report it to the",
            "hardened-postgres maintainers with this message and the command that hit it:",
            `    hardened-postgres check --program ${PROGRAMS}/breaks-the-checker.ts --json`,
            "",
        ]);
    });

    it("a policy that crashes, in this process: the report names the policy, and where it failed in the product", async () => {
        const policy = POLICIES.find((p) => p.name === "hpg-tls-03-current-ca")!;
        const validateResource = Object.getOwnPropertyDescriptor(policy, "validateResource")!;
        Object.assign(policy, { validateResource: (args: { props: { certificate?: { identifier: string } } }) => args.props.certificate!.identifier });
        try {
            const run = await check(["--program", "test/fixtures/programs/compliant.ts", "--json"]);
            expect([run.code, run.stdout]).toEqual([3, ""]);
            const lines = run.stderr.split("\n");
            expect(lines[0]).toBe(
                "hardened-postgres check: internal error: Error validating resource 'urn:pulumi:dev::compliant::pulumi:pulumi:Stack::compliant-dev' with policy 'hpg-tls-03-current-ca' from policy pack 'hardened-postgres@v0.1.0': Cannot read properties of undefined (reading 'identifier')",
            );
            // The innermost cause's frame (the policy's TypeError, thrown from this test) in the product: where the engine called it.
            expect(lines[1]).toMatch(new RegExp(`^    at analyzeResource \\(${ROOT}/policies/offline-check/evaluate\\.ts:\\d+:\\d+\\)$`));
            expect(lines[4]).toBe("    hardened-postgres check --skip-type-check --program test/fixtures/programs/compliant.ts --json");
        } finally {
            Object.defineProperty(policy, "validateResource", validateResource);
        }
    });

    it("any unexpected error in the command, in this process", async () => {
        const spy = jest.spyOn(evaluate, "evaluatePack").mockImplementationOnce(() => {
            throw new TypeError("Cannot read properties of undefined (reading 'urn')");
        });
        try {
            const run = await check(["--program", "test/fixtures/programs/compliant.ts"]);
            expect([run.code, run.stdout]).toEqual([3, ""]);
            expect(run.stderr.split("\n")).toEqual([
                "hardened-postgres check: internal error: TypeError: Cannot read properties of undefined (reading 'urn')",
                expect.stringMatching(new RegExp(`^    at checkProgram \\(${ROOT}/policies/offline-check/check-program\\.ts:\\d+:\\d+\\)$`)),
                "This is a bug in hardened-postgres, not in your program, its config or your environment. Please report it to the",
                "hardened-postgres maintainers with this message and the command that hit it:",
                "    hardened-postgres check --skip-type-check --program test/fixtures/programs/compliant.ts",
            ]);
        } finally {
            spy.mockRestore();
        }
    });

    it("the report names the innermost cause's product frame, and the command as a shell would take it back", () => {
        const policyBug = Object.assign(new TypeError("Cannot read properties of undefined (reading 'identifier')"), {
            stack: [
                "TypeError: Cannot read properties of undefined (reading 'identifier')",
                "    at /repo/node_modules/@pulumi/policy/policy.js:40:12",
                "    at validate (/repo/components/catalog/controls/hpg-tls-03/plan.ts:10:5)",
                "    at analyzeResource (/repo/policies/offline-check/evaluate.ts:178:23)",
            ].join("\n"),
        });
        const wrapped = Object.assign(new Error("Error validating resource 'orders-db' with policy 'hpg-tls-03-current-ca'", { cause: policyBug }), {
            stack: "Error: Error validating resource 'orders-db' with policy 'hpg-tls-03-current-ca'\n    at rethrow (/repo/policies/offline-check/evaluate.ts:143:11)",
        });
        expect(internalErrorReport(wrapped, ["check", "--program", "my stack/index.ts", "--json"], "/repo").split("\n")).toEqual([
            "hardened-postgres check: internal error: Error validating resource 'orders-db' with policy 'hpg-tls-03-current-ca'",
            "    at validate (/repo/components/catalog/controls/hpg-tls-03/plan.ts:10:5)",
            "This is a bug in hardened-postgres, not in your program, its config or your environment. Please report it to the",
            "hardened-postgres maintainers with this message and the command that hit it:",
            "    hardened-postgres check --program 'my stack/index.ts' --json",
        ]);
        expect(internalErrorReport("a thrown string", ["check"], "/repo").split("\n").slice(0, 2)).toEqual([
            "hardened-postgres check: internal error: a thrown string",
            "    at (no stack frame in hardened-postgres)",
        ]);
    });

    it("a failed system call no command explained is the environment's: exit 2 with its message", async () => {
        const denied = Object.assign(new Error("EACCES: permission denied, open '/work/Pulumi.dev.yaml'"), { code: "EACCES", syscall: "open", errno: -13 });
        const spy = jest.spyOn(checkProgramModule, "checkProgram").mockRejectedValueOnce(denied);
        try {
            expect(await check([])).toEqual({ code: 2, stdout: "", stderr: "hardened-postgres check: EACCES: permission denied, open '/work/Pulumi.dev.yaml'" });
        } finally {
            spy.mockRestore();
        }
    });
});

describe("never a silent pass: every resource the program asks for is judged, or check exits 2 naming it", () => {
    const unregisteredOrders = (cause: string) => [
        "6 resources were never registered, so no policy judged them:",
        `    aws:rds/instance:Instance 'orders-db': ${cause}`,
        "    pulumi:providers:postgresql 'orders-pg': waits on aws:rds/instance:Instance 'orders-db', which was never registered",
        ...["orders-owner", "orders-readers", "orders-app"].map((role) => `    postgresql:index/role:Role '${role}': waits on pulumi:providers:postgresql 'orders-pg', which was never registered`),
        "    postgresql:index/grant:Grant 'orders-read': waits on pulumi:providers:postgresql 'orders-pg', which was never registered",
    ];

    it("a rejected promise feeding an instance: exit 2 naming the instance, the input and the cause, and everything waiting on it", () => {
        const run = runs.get("rejected-input")!;
        expect([run.code, run.stdout]).toEqual([2, ""]);
        expect(run.stderr.split("\n")).toEqual([
            `hardened-postgres check: the program failed: error serializing property "dbSubnetGroupName": no subnet group is tagged tier=private`,
            `    at subnetGroupName (${PROGRAMS}/rejected-input.ts:7:11)`,
            ...unregisteredOrders("input 'dbSubnetGroupName' failed: no subnet group is tagged tier=private"),
        ]);
    });

    it("a StackReference output without --stack-reference-outputs: exit 2 naming the stack, the output and the instance (the real CLI)", async () => {
        const run = await spawned.stackReferenceUnknown!;
        const unknown = `stack reference 'acme/network/prod': output 'databasesPublic' is not known offline; give the stack's outputs with --stack-reference-outputs <file.json> ({"acme/network/prod": {"databasesPublic": …}})`;
        expect([run.code, run.stdout]).toEqual([2, ""]);
        expect(run.stderr.split("\n")).toEqual([
            `hardened-postgres check: the program failed: error serializing property "publiclyAccessible": ${unknown}`,
            ...unregisteredOrders(`input 'publiclyAccessible' failed: ${unknown}`),
            "",
        ]);
    });

    it("with the referenced stack's outputs, the instance is judged: public is blocked (exit 1)", () => {
        const run = runs.get("stack-reference:public")!;
        const report = json(run);
        expect([run.code, run.stderr]).toEqual([1, ""]);
        expect(report.violations.map((v) => [v.control, v.enforcementLevel, v.name])).toEqual([["HPG-NET-01", "mandatory", "orders-db"]]);
        expect(report.summary).toEqual({ registrationsAttempted: 32, resourcesRegistered: 32, resourcesJudged: 32, defaultProvidersJudged: 1, resourcesRead: 1, mandatory: 1, advisory: 0, waivers: 0 });
    });

    it("with the referenced stack's outputs, a private instance passes (exit 0), and the read is named", () => {
        const run = runs.get("stack-reference:private")!;
        expect([run.code, run.stderr]).toEqual([0, ""]);
        expect(run.stdout.split("\n")).toEqual([
            "Read, not judged: pulumi:pulumi:StackReference 'acme/network/prod'",
            "",
            `32 resources of stack 'dev' checked against ${POLICIES.length} policies: no mandatory violation.`,
        ]);
    });

    it("a --stack-reference-outputs file that is not an object of outputs is a usage error", async () => {
        expect(await check(["--program", "test/fixtures/programs/compliant.ts", "--stack-reference-outputs", configFile("not-an-object.json")])).toEqual({
            code: 2,
            stdout: "",
            stderr: `hardened-postgres check: [--stack-reference-outputs] ${configFile("not-an-object.json")}: expected an object mapping each referenced stack's name to its outputs, e.g. {"acme/network/prod": {"vpcId": "vpc-0a1b"}}`,
        });
    });
});

describe("check loads a program the way Pulumi does", () => {
    it("--program <dir> runs the directory's index, not a sibling <dir>.js that Node would try first", () => {
        const run = runs.get("loading:directory-first")!;
        expect([run.code, run.stderr, json(run)]).toEqual([0, "", CLEAN_32]);
    });

    it("a program with its own @pulumi/aws runs with that copy, and its instance is judged (the real CLI: exit 1)", async () => {
        const run = await spawned.ownAws!;
        expect([run.code, run.stderr]).toEqual([1, ""]);
        expect(json(run).violations.filter((v) => v.control === "HPG-NET-01").map((v) => [v.name, v.enforcementLevel])).toEqual([["own-aws-db", "mandatory"]]);
    });

    it('an ES module program ("type": "module") is imported and judged (the real CLI: exit 1)', async () => {
        const run = await spawned.esm!;
        expect([run.code, run.stderr]).toEqual([1, ""]);
        expect(json(run).violations.filter((v) => v.control === "HPG-NET-01").map((v) => [v.name, v.enforcementLevel])).toEqual([["esm-db", "mandatory"]]);
    });

    it("--program <project dir> runs Pulumi.yaml's main (src/), not the directory's own index", () => {
        const run = runs.get("loading:pulumi-main")!;
        expect([run.code, run.stderr, json(run)]).toEqual([0, "", CLEAN_32]);
    });
});

describe("waivers are reported, never silent", () => {
    it("--json lists each waiver in force (resource, control, opt-out, reason) and counts them", () => {
        const run = runs.get("opt-outs")!;
        const report = json(run);
        expect([run.code, run.stderr]).toEqual([0, ""]);
        const urn = "urn:pulumi:dev::component-with-opt-outs::hardened-postgres:aws:Database$aws:rds/instance:Instance::staging-instance";
        expect(report.waivers.map((w) => [w.urn, w.name, w.control, w.optOut, w.reason])).toEqual([
            [urn, "staging-instance", "HPG-BAK-02", "deletionProtection", "ephemeral environment, destroyed every night"],
            [urn, "staging-instance", "HPG-MON-01", "enhancedMonitoring", "OS metrics not needed for staging"],
            [urn, "staging-instance", "HPG-AVL-01", "singleAz", "staging copy of production, rebuilt nightly from a snapshot"],
        ]);
        expect(report.summary).toEqual({ registrationsAttempted: 49, resourcesRegistered: 49, resourcesJudged: 49, defaultProvidersJudged: 2, resourcesRead: 0, mandatory: 0, advisory: 3, waivers: 3 });
    });
});

describe("check points console.log at stderr while the program runs (its output must not corrupt --json), then puts it back", () => {
    it.each([
        ["passes", "compliant.ts", 0],
        ["throws", "throws.ts", "the program failed: subnet ids are missing from this program's config"],
    ])("after a program that %s", async (_case, file, outcome) => {
        const { log, error } = console;
        const logged: string[] = [];
        const report = (...a: unknown[]) => void logged.push(a.join(" "));
        console.log = report;
        console.error = () => undefined;
        try {
            const result = await again(under(PROGRAMS), () => runCheck(["--program", path.join(PROGRAMS, file)]).catch((e: Error) => e.message.split("\n")[0]));
            expect([result, console.log === report]).toEqual([outcome, true]);
            expect(logged).toEqual(outcome === 0 ? [`32 resources of stack 'dev' checked against ${POLICIES.length} policies: no mandatory violation.`] : []);
        } finally {
            console.log = log;
            console.error = error;
        }
    });
});

describe("check --policy-pack-config", () => {
    it("lowers a policy to advisory: the violation is still printed, as advisory, and the program passes (exit 0)", () => {
        const run = runs.get("config:advisory")!;
        expect([run.code, run.stderr]).toEqual([0, ""]);
        expect(run.stdout.split("\n")).toEqual([
            "aws:cloudwatch/logGroup:LogGroup 'orders-log-postgresql'",
            "  urn:pulumi:dev::hpg-log-02-log-retention::aws:cloudwatch/logGroup:LogGroup::orders-log-postgresql",
            "  advisory  [HPG-LOG-02] log group 'orders-log-postgresql': retentionInDays is 30; set retentionInDays to 365 or more (or 0 to never expire)  (hpg-log-02-log-retention)",
            "",
            `32 resources of stack 'dev' checked against ${POLICIES.length} policies: no mandatory violation, 1 advisory.`,
        ]);
    });

    it("applies a lowered threshold: 30-day retention passes with minLogRetentionDays 30", () => {
        const run = runs.get("config:retention-30")!;
        expect([run.code, run.stderr, json(run)]).toEqual([0, "", CLEAN_32]);
    });

    it("applies a raised threshold: the compliant program's 365-day groups fail minLogRetentionDays 731", () => {
        const run = runs.get("config:retention-731")!;
        expect([run.code, run.stderr]).toEqual([1, ""]);
        expect(json(run).violations.map((v) => [v.control, v.enforcementLevel, v.name, v.message])).toEqual(
            ["postgresql", "upgrade"].map((type) => [
                "HPG-LOG-02",
                "mandatory",
                `orders-log-${type}`,
                `[HPG-LOG-02] log group 'orders-log-${type}': retentionInDays is 365; set retentionInDays to 731 or more (or 0 to never expire)`,
            ]),
        );
    });

    it("accepts policies/config.example.json, whose values are the defaults", () => {
        const run = runs.get("config:example")!;
        expect([run.code, run.stderr, json(run)]).toEqual([0, "", CLEAN_32]);
    });
});

describe("check on this repository's stacks", () => {
    it("finds the stacks to check", () => {
        expect(stackNames.length).toBeGreaterThan(0);
    });

    it.each(stackNames)("passes stacks/Pulumi.%s.yaml against infra/", (stack) => {
        const run = runs.get(`stack:${stack}`)!;
        expect([run.code, run.stderr]).toEqual([0, ""]);
        const report = json(run);
        // Each stack's own run: the component and its children, not an earlier stack's leftovers.
        expect(report.resources).toBeGreaterThan(1);
        expect(report.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    });
});

describe("check usage errors (exit 2, before any program runs)", () => {
    it.each([
        [["--bogus"], "hardened-postgres check: unknown option '--bogus' (allowed: --program, --stack, --policy-pack-config, --stack-reference-outputs, --json, --skip-type-check)"],
        [["--stack"], "hardened-postgres check: --stack needs a value"],
        [["infra"], "hardened-postgres check: unexpected argument 'infra' (use --program <dir|file>)"],
        [["--program", "no/such/program"], "hardened-postgres check: program 'no/such/program' does not exist"],
        [["--stack", "nope"], "hardened-postgres check: no config for stack 'nope': stacks/Pulumi.nope.yaml does not exist"],
        [["--policy-pack-config"], "hardened-postgres check: --policy-pack-config needs a value"],
    ])("%j", async (argv, message) => {
        expect(await check(argv)).toEqual({ code: 2, stdout: "", stderr: message });
    });

    describe("a bad --policy-pack-config names the file, the policy and the key", () => {
        let dir = "";
        beforeAll(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-bad-policy-config-"));
        });
        afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

        const notJson = (text: string): string => {
            try {
                JSON.parse(text);
                return "";
            } catch (e) {
                return (e as Error).message;
            }
        };

        it.each([
            ["not JSON", "{ minLogRetentionDays: 30 }", (f: string) => `policy pack config '${f}' is not JSON: ${notJson("{ minLogRetentionDays: 30 }")}`],
            ["not an object", "[]", (f: string) => `policy pack config '${f}': must be a JSON object keyed by policy name, got []`],
            [
                "an unknown policy",
                JSON.stringify({ "hpg-log-02-retention": { minLogRetentionDays: 30 } }),
                (f: string) => `policy pack config '${f}': [hpg-log-02-retention] is not a policy of this pack; allowed: all or a policy name from policies/README.md`,
            ],
            [
                "a key outside the policy's configSchema",
                JSON.stringify({ "hpg-log-02-log-retention": { minRetentionDays: 30 } }),
                (f: string) =>
                    `policy pack config '${f}': [hpg-log-02-log-retention.minRetentionDays] is not a config key of hpg-log-02-log-retention; allowed: enforcementLevel, logGroupPrefixes, minLogRetentionDays`,
            ],
            [
                "a value of the wrong type",
                JSON.stringify({ "hpg-log-02-log-retention": { minLogRetentionDays: "30" } }),
                (f: string) => `policy pack config '${f}': [hpg-log-02-log-retention.minLogRetentionDays] must be an integer ≥ 1, got "30"`,
            ],
            [
                "an unknown enforcement level",
                JSON.stringify({ "hpg-iam-01-iam-auth": "blocking" }),
                (f: string) => `policy pack config '${f}': [hpg-iam-01-iam-auth] "blocking" is not an enforcement level; allowed: advisory, mandatory, remediate, disabled`,
            ],
        ])("%s", async (_case, text, message) => {
            const file = path.join(dir, "policy-config.json");
            fs.writeFileSync(file, text);
            expect(await check(["--policy-pack-config", file, "--program", "test/fixtures/programs/compliant.ts"])).toEqual({ code: 2, stdout: "", stderr: `hardened-postgres check: ${message(file)}` });
        });

        it("a missing file", async () => {
            expect(await check(["--policy-pack-config", "no/such/config.json"])).toEqual({
                code: 2,
                stdout: "",
                stderr: "hardened-postgres check: policy pack config 'no/such/config.json' does not exist",
            });
        });
    });
});
