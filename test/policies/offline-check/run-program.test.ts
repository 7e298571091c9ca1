import * as path from "path";
// Loaded before any state is taken: as it loads, @pulumi/aws adds a beforeExit listener of its own (S3 bucket notifications).
import "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as mockCloud from "../../../policies/offline-check/mock-cloud";
import { settings } from "../../../policies/offline-check/pulumi-internals";
import { ProgramError, ProgramResources, runProgram } from "../../../policies/offline-check/run-program";

/*
 * runProgram in this process. Jest can't forget a module it has loaded, so each fixture program runs once in this
 * file; check-command.test.ts runs programs again.
 */

const PROGRAMS = path.resolve(__dirname, "../../fixtures/programs");

const run = (file: string, config: Record<string, string> = {}, stack = "dev"): Promise<ProgramResources> =>
    runProgram({ program: path.join(PROGRAMS, file), project: path.basename(file, ".ts"), stack, config });

/** What a run can change in this process, each as it is now. */
function processState() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: unknown };
    return {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        resolveFilename: (require("module") as { _resolveFilename: unknown })._resolveFilename,
        prepareStackTrace: Error.prepareStackTrace,
        stackTraceLimit: Error.stackTraceLimit,
        unhandledRejection: process.listeners("unhandledRejection"),
        beforeExit: process.listeners("beforeExit"),
        debuggablePromise: debuggable.debuggablePromise,
        globalStackResource: Object.getOwnPropertyDescriptor(globalThis, "stackResource"),
        config: pulumi.runtime.allConfig(),
        // Read after allConfig(), which makes Pulumi create its process-wide store if nothing has yet.
        pulumiStore: (globalThis as { globalStore?: unknown }).globalStore,
        monitor: settings.getMonitor(),
    };
}

/** Everything as it was: equal, and the very same functions and store (toEqual alone would accept a copy). */
function expectPutBack(before: ReturnType<typeof processState>): void {
    const after = processState();
    expect(after).toEqual(before);
    for (const key of ["resolveFilename", "prepareStackTrace", "debuggablePromise", "pulumiStore", "monitor"] as const) {
        expect(after[key]).toBe(before[key]);
    }
}

/** The methods runProgram patches on the run's mock monitor, as own properties; none must be left. */
const ownPatches = (monitor: unknown) => ["registerResource", "newUrn"].filter((key) => Object.prototype.hasOwnProperty.call(monitor, key));

describe("a run puts back everything it changed in the process", () => {
    let getMonitor: jest.SpyInstance;
    beforeEach(() => {
        getMonitor = jest.spyOn(settings, "getMonitor");
    });
    afterEach(() => getMonitor.mockRestore());

    /** The mock monitor the run patched (the one it asked for while running). */
    const runMonitor = () => getMonitor.mock.results.map((r) => r.value as unknown).find((m) => m !== undefined);

    it("after a program that passes", async () => {
        const before = processState();
        const { registered } = await run("../../../components/catalog/controls/hpg-avl-01/fixtures/hpg-avl-01-multi-az.ts", { "aws:region": "eu-west-1" });
        expect(registered.length).toBe(32);
        expectPutBack(before);
        expect(ownPatches(runMonitor())).toEqual([]);
    });

    it("after a program that throws", async () => {
        const before = processState();
        await expect(run("throws.ts", { "aws:region": "eu-west-1" })).rejects.toThrow(ProgramError);
        expectPutBack(before);
        expect(ownPatches(runMonitor())).toEqual([]);
    });

    it("after a bug in the checker's own mocks, which it reports as itself, not as the program's failure", async () => {
        const bug = new TypeError("Cannot read properties of undefined (reading 'identifier')");
        const mockResource = jest.spyOn(mockCloud, "mockResource").mockImplementation(() => {
            throw bug;
        });
        try {
            const before = processState();
            await expect(run("../../../components/catalog/controls/hpg-tls-02/fixtures/hpg-tls-02-min-tls-version.ts")).rejects.toBe(bug);
            expectPutBack(before);
            expect(ownPatches(runMonitor())).toEqual([]);
        } finally {
            mockResource.mockRestore();
        }
    });
});

describe("every registration the program starts is accounted for", () => {
    it("a passing run registered each one, and counts them", async () => {
        const result = await runProgram({
            program: path.join(PROGRAMS, "stack-reference-network.ts"),
            project: "stack-reference-network",
            stack: "dev",
            config: {},
            stackReferenceOutputs: { "acme/network/prod": { databasesPublic: false } },
        });
        expect([result.registrationsAttempted, result.registered.length, result.reads]).toEqual([32, 32, [{ type: "pulumi:pulumi:StackReference", name: "acme/network/prod" }]]);
    });

    it("an input that rejects: the run fails naming each resource never registered and why, and puts everything back", async () => {
        const before = processState();
        const error = (await run("rejected-input.ts").catch((e: unknown) => e)) as ProgramError;
        expect(error).toBeInstanceOf(ProgramError);
        expect(error.unregistered.map((u) => [u.name, u.cause])).toEqual([
            ["orders-db", "input 'dbSubnetGroupName' failed: no subnet group is tagged tier=private"],
            ["orders-pg", "waits on aws:rds/instance:Instance 'orders-db', which was never registered"],
            ...["orders-owner", "orders-readers", "orders-app", "orders-read"].map((name) => [name, "waits on pulumi:providers:postgresql 'orders-pg', which was never registered"]),
        ]);
        expectPutBack(before);
    });
});

describe("consecutive runs in one process are independent", () => {
    it("a run sees only its own config, stack and resources", async () => {
        const first = await run("compliant.ts", { "orders:first": "1", "aws:region": "eu-west-1" }, "one");
        const second = await run("reports-config.ts", { "orders:second": "2" }, "two");
        expect(first.registered.length).toBe(32);
        expect(second.registered.map((r) => r.urn)).toEqual([
            "urn:pulumi:two::reports-config::pulumi:pulumi:Stack::reports-config-two",
            "urn:pulumi:two::reports-config::aws:kms/key:Key::config",
        ]);
        expect(second.registered[1].parent).toBe(second.registered[0].urn);
        expect(JSON.parse(second.registered[1].inputs.description as string)).toEqual({ "orders:second": "2" });
        // The default provider takes the run's own aws:* config: none here, so no region from the first run.
        expect(second.defaultProviders.map((p) => [p.urn, p.inputs.region])).toEqual([[expect.stringMatching(/^urn:pulumi:two::reports-config::pulumi:providers:aws::default/), undefined]]);
    });
});

describe("a program's failure carries the program's own frames", () => {
    it("an async program: each of its frames, none of Node's, Pulumi's or the checker's", async () => {
        const error = (await run("async-fails.ts").catch((e: unknown) => e)) as ProgramError;
        expect(error).toBeInstanceOf(ProgramError);
        expect(error.message).toBe("no subnets tagged tier=private");
        expect(error.programFrames).toEqual([`at subnetIds (${PROGRAMS}/async-fails.ts:6:11)`, expect.stringMatching(new RegExp(`^at (async )?module\\.exports \\(${PROGRAMS}/async-fails\\.ts:11:23\\)$`))]);
        // The cause is what the program threw, with its whole stack.
        expect((error.cause as Error).stack).toContain("policies/offline-check/program-loader.ts");
    });

    it("Pulumi's RunError asks for no stack trace, and gets none", async () => {
        const error = (await run("run-error.ts").catch((e: unknown) => e)) as ProgramError;
        expect([error.message, error.programFrames]).toEqual(["set orders:vpcId: this program needs a VPC", []]);
    });
});
