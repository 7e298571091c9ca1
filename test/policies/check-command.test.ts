import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../infra/cli/main";
import { JsonReport } from "../../policies/offline-check/report";
import { POLICIES } from "../../policies/crossguard/pack";

/**
 * `hardened-postgres check` end to end. Mocks are process-global, so every program runs in its own CLI process
 * (`node -r ts-node/register/transpile-only infra/cli/main.ts check ...`), at most one per core at a time.
 */

const ROOT = path.resolve(__dirname, "../..");
const PROGRAMS = path.join(ROOT, "test/fixtures/programs");
const DEFECTS = path.join(PROGRAMS, "defects");

interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

function runCheck(args: string[]): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "infra/cli/main.ts"), "check", ...args], { cwd: ROOT });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

/** Runs every job, `limit` at a time. */
async function inParallel<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
    const results: T[] = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
        while (next < jobs.length) {
            const i = next++;
            results[i] = await jobs[i]();
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
    return results;
}

const json = (run: CliRun): JsonReport => JSON.parse(run.stdout) as JsonReport;

/** Per defect fixture, the mandatory controls it must trip. A failing parameter also fails HPG-PRM-01 (the attached group doesn't pass). */
const PARAMETER_CONTROLS = ["HPG-TLS-01", "HPG-TLS-02", "HPG-AUD-01", "HPG-AUD-02", "HPG-AUD-03", "HPG-AUD-04", "HPG-AUD-05", "HPG-PWD-01"];
const defectFiles = fs.readdirSync(DEFECTS).filter((f) => f.endsWith(".ts")).sort();
const controlOf = (file: string) => file.replace(/^hpg-(\w+)-(\d+)-.*$/, (_m, area: string, n: string) => `HPG-${area.toUpperCase()}-${n}`);
const stackNames = fs
    .readdirSync(path.join(ROOT, "stacks"))
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();

const runs = new Map<string, CliRun>();
let externalDir = "";
let configDir = "";

/** Policy pack configs for `--policy-pack-config`, written to `configDir` before the runs. */
const CONFIGS: Record<string, unknown> = {
    "advisory.json": { "hpg-log-02-log-retention": "advisory" },
    "retention-30.json": { "hpg-log-02-log-retention": { minLogRetentionDays: 30 } },
    "retention-731.json": { "hpg-log-02-log-retention": { enforcementLevel: "mandatory", minLogRetentionDays: 731 } },
};
const configFile = (name: string) => path.join(configDir, name);

beforeAll(async () => {
    externalDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-external-program-"));
    fs.copyFileSync(path.join(PROGRAMS, "declare-database.ts"), path.join(externalDir, "declare-database.ts"));
    fs.copyFileSync(path.join(PROGRAMS, "compliant.ts"), path.join(externalDir, "index.ts"));
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-policy-config-"));
    for (const [name, config] of Object.entries(CONFIGS)) {
        fs.writeFileSync(configFile(name), JSON.stringify(config));
    }
    const logRetentionDefect = path.join(DEFECTS, "hpg-log-02-log-retention.ts");
    const jobs: [string, string[]][] = [
        ...defectFiles.map((f): [string, string[]] => [f, ["--program", path.join(DEFECTS, f), "--json"]]),
        ["human:hpg-tls-02", ["--program", path.join(DEFECTS, "hpg-tls-02-min-tls-version.ts")]],
        ["compliant", ["--program", "test/fixtures/programs/compliant.ts"]],
        ["throws", ["--program", path.join(PROGRAMS, "throws.ts")]],
        ["external", ["--program", externalDir, "--json"]],
        ["hundred", ["--program", path.join(PROGRAMS, "hundred-databases.ts"), "--json"]],
        ...stackNames.map((s): [string, string[]] => [`stack:${s}`, ["--stack", s, "--json"]]),
        ["config:advisory", ["--program", logRetentionDefect, "--policy-pack-config", configFile("advisory.json")]],
        ["config:retention-30", ["--program", logRetentionDefect, "--policy-pack-config", configFile("retention-30.json"), "--json"]],
        ["config:retention-731", ["--program", path.join(PROGRAMS, "compliant.ts"), "--policy-pack-config", configFile("retention-731.json"), "--json"]],
        ["config:example", ["--program", path.join(PROGRAMS, "compliant.ts"), "--policy-pack-config", "policies/config.example.json", "--json"]],
    ];
    const results = await inParallel(
        jobs.map(([, args]) => () => runCheck(args)),
        Math.max(1, os.cpus().length),
    );
    jobs.forEach(([key], i) => runs.set(key, results[i]));
}, 900_000);

afterAll(() => {
    for (const dir of [externalDir, configDir].filter((d) => d !== "")) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

describe("check: one hand-written defect per rule is blocked with its control id", () => {
    it("has a defect fixture for every policy", () => {
        expect(defectFiles.map((f) => f.replace(/\.ts$/, ""))).toEqual(POLICIES.map((p) => p.name).sort());
    });

    it.each(defectFiles.filter((f) => !f.startsWith("hpg-iam-01")))("%s", (file) => {
        const run = runs.get(file)!;
        const control = controlOf(file);
        expect([run.code, run.stderr]).toEqual([1, ""]);
        const mandatory = json(run).violations.filter((v) => v.enforcementLevel === "mandatory");
        const expected = PARAMETER_CONTROLS.includes(control) ? [control, "HPG-PRM-01"] : [control];
        expect([...new Set(mandatory.map((v) => v.control))].sort()).toEqual(expected.sort());
        for (const v of mandatory) {
            expect(v.message.startsWith(`[${v.control}] `)).toBe(true);
            expect(v.message).toContain(`'${v.name}'`);
            expect(v.urn.endsWith(`::${v.name}`)).toBe(true);
        }
    });

    it("reports the advisory HPG-IAM-01 without blocking (exit 0)", () => {
        const run = runs.get("hpg-iam-01-iam-auth.ts")!;
        expect(run.code).toBe(0);
        expect(json(run).violations.map((v) => [v.control, v.enforcementLevel, v.name])).toEqual([["HPG-IAM-01", "advisory", "orders-db"]]);
    });
});

describe("check output", () => {
    it("--json prints exactly resources and violations with the documented fields", () => {
        const report = json(runs.get("hpg-tls-02-min-tls-version.ts")!);
        expect(Object.keys(report)).toEqual(["resources", "violations"]);
        expect(report.resources).toBe(12);
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

    it("groups human output per resource and ends with a summary", () => {
        const run = runs.get("human:hpg-tls-02")!;
        expect(run.code).toBe(1);
        expect(run.stdout.trim().split("\n")).toEqual([
            "aws:rds/parameterGroup:ParameterGroup 'orders-params'",
            "  urn:pulumi:dev::hpg-tls-02-min-tls-version::aws:rds/parameterGroup:ParameterGroup::orders-params",
            "  mandatory [HPG-TLS-02] parameter group 'orders-params': ssl_min_protocol_version is 'TLSv1.1'; set it to TLSv1.2 or higher  (hpg-tls-02-min-tls-version)",
            "",
            "aws:rds/instance:Instance 'orders-db'",
            "  urn:pulumi:dev::hpg-tls-02-min-tls-version::aws:rds/instance:Instance::orders-db",
            "  mandatory [HPG-PRM-01] RDS instance 'orders-db': parameter group 'orders-params' fails HPG-TLS-02 (ssl_min_protocol_version is 'TLSv1.1'); fix the group: ssl_min_protocol_version: set it to TLSv1.2 or higher  (hpg-prm-01-hardened-parameter-group)",
            "",
            `12 resources of stack 'dev' checked against ${POLICIES.length} policies: 2 mandatory violations; a deployment would be blocked.`,
        ]);
    });
});

describe("check on whole programs", () => {
    it("passes a fully compliant hand-written program (exit 0)", () => {
        const run = runs.get("compliant")!;
        expect([run.code, run.stdout.trim(), run.stderr]).toEqual([0, `12 resources of stack 'dev' checked against ${POLICIES.length} policies: no mandatory violation.`, ""]);
    });

    it("runs a program outside the repository, resolving @pulumi/* from this project", () => {
        const run = runs.get("external")!;
        expect([run.code, run.stderr]).toEqual([0, ""]);
        expect(json(run)).toEqual({ resources: 12, violations: [] });
    });

    it("exits 2 with the program's own message and the frame it failed at when the program throws", () => {
        const run = runs.get("throws")!;
        expect([run.code, run.stdout, run.stderr]).toEqual([
            2,
            "",
            `hardened-postgres check: the program failed: subnet ids are missing from this program's config\n    at Object.<anonymous> (${PROGRAMS}/throws.ts:4:7)\n`,
        ]);
    });

    // How long this takes is measured by `npm run bench` (part 3), not asserted here.
    it("judges a program with 100 hardened databases", () => {
        const run = runs.get("hundred")!;
        expect([run.code, json(run)]).toEqual([0, { resources: 1 + 100 * 11, violations: [] }]);
    });
});

describe("check --policy-pack-config", () => {
    it("lowers a policy to advisory: the violation is still printed, as advisory, and the program passes (exit 0)", () => {
        const run = runs.get("config:advisory")!;
        expect([run.code, run.stderr]).toEqual([0, ""]);
        expect(run.stdout.trim().split("\n")).toEqual([
            "aws:cloudwatch/logGroup:LogGroup 'orders-log-postgresql'",
            "  urn:pulumi:dev::hpg-log-02-log-retention::aws:cloudwatch/logGroup:LogGroup::orders-log-postgresql",
            "  advisory  [HPG-LOG-02] log group 'orders-log-postgresql': retentionInDays is 30; set retentionInDays to 365 or more (or 0 to never expire)  (hpg-log-02-log-retention)",
            "",
            `12 resources of stack 'dev' checked against ${POLICIES.length} policies: no mandatory violation, 1 advisory.`,
        ]);
    });

    it("applies a lowered threshold: 30-day retention passes with minLogRetentionDays 30", () => {
        const run = runs.get("config:retention-30")!;
        expect([run.code, run.stderr, json(run)]).toEqual([0, "", { resources: 12, violations: [] }]);
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
        expect([run.code, run.stderr, json(run)]).toEqual([0, "", { resources: 12, violations: [] }]);
    });
});

describe("check on this repository's stacks", () => {
    it("finds the stacks to check", () => {
        expect(stackNames.length).toBeGreaterThan(0);
    });

    it.each(stackNames)("passes stacks/Pulumi.%s.yaml against infra/", (stack) => {
        const run = runs.get(`stack:${stack}`)!;
        expect([run.code, run.stderr]).toEqual([0, ""]);
        expect(json(run).violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    });
});

describe("check usage errors (exit 2, before any program runs)", () => {
    let errors: string[];
    let spy: jest.SpyInstance;
    beforeEach(() => {
        errors = [];
        spy = jest.spyOn(console, "error").mockImplementation((m: unknown) => void errors.push(String(m)));
    });
    afterEach(() => spy.mockRestore());

    it.each([
        [["--bogus"], "hardened-postgres check: unknown option '--bogus' (allowed: --program, --stack, --policy-pack-config, --json)"],
        [["--stack"], "hardened-postgres check: --stack needs a value"],
        [["infra"], "hardened-postgres check: unexpected argument 'infra' (use --program <dir|file>)"],
        [["--program", "no/such/program"], "hardened-postgres check: program 'no/such/program' does not exist"],
        [["--stack", "nope"], "hardened-postgres check: no config for stack 'nope': stacks/Pulumi.nope.yaml does not exist"],
        [["--policy-pack-config"], "hardened-postgres check: --policy-pack-config needs a value"],
    ])("%j", async (argv, message) => {
        expect(await checkInRoot(argv)).toBe(2);
        expect(errors).toEqual([message]);
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
            expect(await checkInRoot(["--policy-pack-config", file, "--program", "test/fixtures/programs/compliant.ts"])).toBe(2);
            expect(errors).toEqual([`hardened-postgres check: ${message(file)}`]);
        });

        it("a missing file", async () => {
            expect(await checkInRoot(["--policy-pack-config", "no/such/config.json"])).toBe(2);
            expect(errors).toEqual(["hardened-postgres check: policy pack config 'no/such/config.json' does not exist"]);
        });
    });
});

/** Runs `check` in this process from the repository root (usage errors return before any program runs). */
async function checkInRoot(argv: string[]): Promise<number> {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
        return await main(["check", ...argv]);
    } finally {
        process.chdir(cwd);
    }
}
