import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { HardenedPostgres, HardenedPostgresArgs, HardenedPostgresArgumentsError } from "../../../components/hardened-postgres";
import { engineVersionProblems, majorUpgradeReminder, parseEngineVersion } from "../../../components/hardened-postgres/engine-version";
import { validateHardenedPostgresArgs } from "../../../components/hardened-postgres/validate";
import { readStackConfig } from "../../../infra/program/stack-config";
import { PulumiRecorder, valueOf } from "../../support/pulumi-mocks";
import { problemsOf } from "../../support/argument-problems";

const recorder = new PulumiRecorder().install();

const network: HardenedPostgresArgs = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"] };

const TARGETS = "aws rds describe-db-engine-versions --engine postgres --engine-version <running version> --query 'DBEngineVersions[].ValidUpgradeTarget[].EngineVersion'";
const PINNED_MINOR = (version: string, major: string) =>
    `[engineVersion] '${version}' pins a minor version while autoMinorVersionUpgrade is true: RDS upgrades the instance past it and the next update becomes a downgrade RDS refuses; allowed: the major '${major}' (minor versions then follow automatically), or autoMinorVersionUpgrade false with optOuts.autoMinorVersionUpgrade`;
const NO_TARGET_MINOR = (major: string) =>
    `[engineVersion] '${major}' names no target minor while allowMajorVersionUpgrade is true: RDS would pick ${major}'s default minor, which may not be a valid upgrade target from the running version; allowed: a target minor such as '${major}.N' listed by ${TARGETS}`;
const NOT_IMMEDIATE =
    "[applyImmediately] false while allowMajorVersionUpgrade is true: the upgrade and the new parameter group would wait for the maintenance window while this update deletes the old group; allowed: true (the default while allowMajorVersionUpgrade is true)";
const AUTO_MINOR_OFF = "[autoMinorVersionUpgrade] false turns off automatic minor-version security patches (HPG-PAT-01); set optOuts.autoMinorVersionUpgrade to the reason to accept this";

describe("parseEngineVersion", () => {
    it.each([
        ["16", { major: "16" }],
        ["17.2", { major: "17", minor: "2" }],
        [" 16.4 ", { major: "16", minor: "4" }],
    ])("reads %j as %j", (version, parsed) => expect(parseEngineVersion(version)).toEqual(parsed));

    it.each(["", "16.", "16.4.1", "v16", "latest"])("reads %j as no version", (version) => expect(parseEngineVersion(version)).toBeUndefined());
});

describe("the steady state pins only the major", () => {
    it("defaults to major 16 with automatic minor upgrades, no major upgrade, changes in the maintenance window", () => {
        expect(validateHardenedPostgresArgs("orders-db", network)).toMatchObject({
            engineVersion: "16",
            family: "postgres16",
            allowMajorVersionUpgrade: false,
            autoMinorVersionUpgrade: true,
            applyImmediately: false,
        });
    });

    it.each(["14", "15", "16", "17"])("accepts major %s, and applyImmediately either way", (engineVersion) => {
        expect(problemsOf({ engineVersion })).toEqual([]);
        expect(problemsOf({ engineVersion, applyImmediately: true })).toEqual([]);
    });

    it.each([
        ["16.4", "16"],
        ["17.2", "17"],
    ])("refuses the pinned minor %s while RDS applies minors automatically", (engineVersion, major) => {
        expect(problemsOf({ engineVersion })).toEqual([PINNED_MINOR(engineVersion, major)]);
        expect(problemsOf({ engineVersion, autoMinorVersionUpgrade: true })).toEqual([PINNED_MINOR(engineVersion, major)]);
    });
});

describe("a pinned minor turns automatic minor upgrades off, under a named opt-out", () => {
    const optOuts = { autoMinorVersionUpgrade: "the vendor certifies 16.4 only; we patch by hand each quarter" };

    it("accepts 16.4 with autoMinorVersionUpgrade false and the opt-out's reason", () => {
        expect(validateHardenedPostgresArgs("orders-db", { ...network, engineVersion: "16.4", autoMinorVersionUpgrade: false, optOuts })).toMatchObject({
            engineVersion: "16.4",
            autoMinorVersionUpgrade: false,
            applyImmediately: false,
            optOuts: { autoMinorVersionUpgrade: "the vendor certifies 16.4 only; we patch by hand each quarter" },
        });
    });

    it("refuses autoMinorVersionUpgrade false without the opt-out, pinned or not", () => {
        expect(problemsOf({ engineVersion: "16.4", autoMinorVersionUpgrade: false })).toEqual([AUTO_MINOR_OFF]);
        expect(problemsOf({ engineVersion: "16", autoMinorVersionUpgrade: false })).toEqual([AUTO_MINOR_OFF]);
    });

    it("refuses an opt-out without a reason", () => {
        expect(problemsOf({ engineVersion: "16.4", autoMinorVersionUpgrade: false, optOuts: { autoMinorVersionUpgrade: " " } })).toEqual([
            "[optOuts.autoMinorVersionUpgrade] must be a non-empty reason, got ' '",
            AUTO_MINOR_OFF,
        ]);
    });

    it.each([["yes"], [1]])("refuses autoMinorVersionUpgrade %j, which is not a boolean", (value) => {
        expect(problemsOf({ autoMinorVersionUpgrade: value as unknown as boolean })).toEqual([`[autoMinorVersionUpgrade] ${JSON.stringify(value).replace(/^"(.*)"$/, "'$1'")} is not a boolean; allowed: true or false`]);
    });
});

describe("a major upgrade names its target minor and is applied immediately", () => {
    it("accepts 17.2 with allowMajorVersionUpgrade, and applies it immediately by default", () => {
        expect(validateHardenedPostgresArgs("orders-db", { ...network, engineVersion: "17.2", allowMajorVersionUpgrade: true })).toMatchObject({
            engineVersion: "17.2",
            family: "postgres17",
            allowMajorVersionUpgrade: true,
            autoMinorVersionUpgrade: true,
            applyImmediately: true,
        });
    });

    it("accepts an explicit applyImmediately true, and a pinned target with automatic minor upgrades off under the opt-out", () => {
        expect(problemsOf({ engineVersion: "17.2", allowMajorVersionUpgrade: true, applyImmediately: true })).toEqual([]);
        expect(problemsOf({ engineVersion: "17.2", allowMajorVersionUpgrade: true, autoMinorVersionUpgrade: false, optOuts: { autoMinorVersionUpgrade: "pinned by vendor" } })).toEqual([]);
    });

    it.each(["17", "15"])("refuses the bare major %s as a target", (engineVersion) => {
        expect(problemsOf({ engineVersion, allowMajorVersionUpgrade: true })).toEqual([NO_TARGET_MINOR(engineVersion)]);
    });

    it("refuses an upgrade left to the maintenance window", () => {
        expect(problemsOf({ engineVersion: "17.2", allowMajorVersionUpgrade: true, applyImmediately: false })).toEqual([NOT_IMMEDIATE]);
    });

    it("reports both problems of a bare major left to the maintenance window", () => {
        expect(problemsOf({ engineVersion: "17", allowMajorVersionUpgrade: true, applyImmediately: false })).toEqual([NO_TARGET_MINOR("17"), NOT_IMMEDIATE]);
    });

    it("judges no combination on an engineVersion already refused", () => {
        expect(problemsOf({ engineVersion: "13", allowMajorVersionUpgrade: true })).toEqual(["[engineVersion] '13' is not supported; allowed: major 14, 15, 16, 17 (e.g. '16' or '16.4')"]);
    });
});

describe("engineVersionProblems and majorUpgradeReminder", () => {
    const settings = { engineVersion: "17.2", allowMajorVersionUpgrade: true, autoMinorVersionUpgrade: true, applyImmediately: true };

    it("find nothing wrong with a major upgrade to a target minor, and remind to set the major back after it", () => {
        expect(engineVersionProblems(settings)).toEqual([]);
        expect(majorUpgradeReminder(settings)).toBe(
            "engineVersion '17.2' with allowMajorVersionUpgrade upgrades the instance to 17.2; after the upgrade, set engineVersion back to '17' and allowMajorVersionUpgrade to false, or RDS's next automatic minor upgrade makes '17.2' a downgrade it refuses (docs/upgrades.md)",
        );
    });

    it.each([
        ["no major upgrade", { allowMajorVersionUpgrade: false, applyImmediately: false }],
        ["automatic minor upgrades off", { autoMinorVersionUpgrade: false }],
        ["a bare major", { engineVersion: "17" }],
    ])("give no reminder with %s", (_case, more) => {
        expect(majorUpgradeReminder({ ...settings, ...more })).toBeUndefined();
    });
});

describe("an upgrade from 16 to 17.2 under the mock runtime", () => {
    let warnings: string[];

    beforeAll(async () => {
        const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(async (message: string) => {
            warnings.push(message);
        });
        warnings = [];
        try {
            // The same stack before and after the change of arguments: what each run registers is what `pulumi up` diffs.
            for (const [name, args] of [
                ["before", { identifier: "orders-db", engineVersion: "16" }],
                ["after", { identifier: "orders-db", engineVersion: "17.2", allowMajorVersionUpgrade: true }],
            ] as const) {
                const db = new HardenedPostgres(name, { ...network, ...args }, { transformations: [recorder.captureOptions] });
                await valueOf(db.endpoint);
            }
            await recorder.settle();
        } finally {
            warn.mockRestore();
        }
    });

    it("runs on a postgres16 group named after the family before the upgrade, taking minors automatically", () => {
        expect(recorder.one("aws:rds/parameterGroup:ParameterGroup", "before-params").inputs).toMatchObject({ name: "orders-db-postgres16", family: "postgres16" });
        expect(recorder.one("aws:rds/instance:Instance", "before-instance").inputs).toMatchObject({
            engineVersion: "16",
            allowMajorVersionUpgrade: false,
            autoMinorVersionUpgrade: true,
            applyImmediately: false,
            parameterGroupName: "orders-db-postgres16",
        });
    });

    it("registers a new group orders-db-postgres17 of family postgres17, never deleted before its replacement exists", () => {
        const group = recorder.one("aws:rds/parameterGroup:ParameterGroup", "after-params");
        expect(group.inputs).toMatchObject({ name: "orders-db-postgres17", family: "postgres17", description: "hardened-postgres parameters for orders-db (postgres17)" });
        expect(group.opts?.deleteBeforeReplace).toBe(false);
    });

    it("moves the instance to 17.2 and the new group in one immediate modification", () => {
        expect(recorder.one("aws:rds/instance:Instance", "after-instance").inputs).toMatchObject({
            engineVersion: "17.2",
            allowMajorVersionUpgrade: true,
            autoMinorVersionUpgrade: true,
            applyImmediately: true,
            parameterGroupName: "orders-db-postgres17",
        });
    });

    it("warns, only during the upgrade, to set engineVersion back to the major afterwards", () => {
        expect(warnings).toEqual([
            "engineVersion '17.2' with allowMajorVersionUpgrade upgrades the instance to 17.2; after the upgrade, set engineVersion back to '17' and allowMajorVersionUpgrade to false, or RDS's next automatic minor upgrade makes '17.2' a downgrade it refuses (docs/upgrades.md)",
        ]);
    });

    it("refuses a bare major as the target before anything is registered", () => {
        const before = recorder.resources.length;
        expect(() => new HardenedPostgres("bare", { ...network, engineVersion: "17", allowMajorVersionUpgrade: true })).toThrow(HardenedPostgresArgumentsError);
        expect(() => new HardenedPostgres("bare2", { ...network, engineVersion: "17", allowMajorVersionUpgrade: true })).toThrow(
            `hardened-postgres 'bare2' has invalid arguments:\n  ${NO_TARGET_MINOR("17")}`,
        );
        expect(recorder.resources.length).toBe(before);
    });
});

describe("the runbook (docs/upgrades.md)", () => {
    const runbook = fs.readFileSync(path.join(__dirname, "..", "..", "..", "docs", "upgrades.md"), "utf8");
    /** Each yaml block of stack config in the runbook, read as the stack program reads it. */
    const snippets = [...runbook.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => {
        const { config } = yaml.load(`config:\n${m[1]}`) as { config: Record<string, string> };
        pulumi.runtime.setAllConfig(config);
        try {
            return readStackConfig();
        } finally {
            pulumi.runtime.setAllConfig({});
        }
    });

    it("gives the stack config of a pinned minor and of a major upgrade, each accepted as written", () => {
        expect(snippets).toEqual([
            { engineVersion: "16.4", autoMinorVersionUpgrade: false, optOuts: { autoMinorVersionUpgrade: "the vendor certifies 16.4 only; we patch by hand each quarter" } },
            { engineVersion: "17.2", allowMajorVersionUpgrade: true },
        ]);
        for (const args of snippets) {
            expect(problemsOf(args)).toEqual([]);
        }
    });
});
