import { BenchUsageError, parseBenchArgs } from "../../bench/options";

describe("parseBenchArgs", () => {
    test("no arguments: the full (published) run of every part, written to the docs", () => {
        expect(parseBenchArgs([])).toEqual({
            mode: "full",
            parts: ["tax", "rls", "check"],
            rounds: 3,
            pgbenchSeconds: 5,
            warmupSeconds: 2,
            scale: 10,
            clients: 4,
            threads: 2,
            rlsRows: 1_000_000,
            rlsTenants: 1_000,
            rlsSamplesIndexed: 200,
            rlsSamplesScan: 10,
            checkDatabaseCounts: [1, 10, 100],
            writeDocs: true,
        });
    });

    test("--quick: a smoke run that never writes the docs unless asked", () => {
        expect(parseBenchArgs(["--quick"])).toEqual({
            mode: "quick",
            parts: ["tax", "rls", "check"],
            rounds: 1,
            pgbenchSeconds: 1,
            warmupSeconds: 0,
            scale: 1,
            clients: 4,
            threads: 2,
            rlsRows: 100_000,
            rlsTenants: 100,
            rlsSamplesIndexed: 30,
            rlsSamplesScan: 3,
            checkDatabaseCounts: [1, 10],
            writeDocs: false,
        });
        expect(parseBenchArgs(["--quick", "--write-docs"]).writeDocs).toBe(true);
    });

    test("--quick applies wherever it stands, and explicit flags override its defaults", () => {
        const o = parseBenchArgs(["--rounds", "2", "--quick", "--duration", "3", "--scale", "7"]);
        expect([o.mode, o.rounds, o.pgbenchSeconds, o.scale, o.rlsRows]).toEqual(["quick", 2, 3, 7, 100_000]);
    });

    test("--only takes parts in the order they run, and a partial run does not write the docs", () => {
        expect(parseBenchArgs(["--only", "tax,rls,check"]).parts).toEqual(["tax", "rls", "check"]);
        expect(parseBenchArgs(["--only", "tax,rls,check"]).writeDocs).toBe(true);
        const partial = parseBenchArgs(["--only", "check,rls"]);
        expect(partial.parts).toEqual(["rls", "check"]);
        expect(partial.writeDocs).toBe(false);
        expect(parseBenchArgs(["--only", "rls", "--write-docs"]).writeDocs).toBe(true);
    });

    test("--rounds, --duration and --scale set their fields", () => {
        const o = parseBenchArgs(["--rounds", "5", "--duration", "30", "--scale", "100"]);
        expect([o.mode, o.rounds, o.pgbenchSeconds, o.scale, o.warmupSeconds]).toEqual(["full", 5, 30, 100, 2]);
    });

    test.each([
        [["--rounds", "0"], "[--rounds] must be a positive integer, got '0'"],
        [["--rounds", "-1"], "[--rounds] must be a positive integer, got '-1'"],
        [["--rounds"], "[--rounds] must be a positive integer, got nothing"],
        [["--duration", "2.5"], "[--duration] must be a positive integer, got '2.5'"],
        [["--duration", "ten"], "[--duration] must be a positive integer, got 'ten'"],
        [["--scale", ""], "[--scale] must be a positive integer, got ''"],
        [["--only", "tax,latency"], "[--only] takes a comma-separated list of tax, rls, check, got 'tax,latency'"],
        [["--only", ","], "[--only] takes a comma-separated list of tax, rls, check, got ','"],
        [["--only"], "[--only] takes a comma-separated list of tax, rls, check, got ''"],
        [["--fast"], "unknown argument '--fast'"],
        [["quick"], "unknown argument 'quick'"],
    ])("%j is a usage error: %s", (argv, message) => {
        let error: unknown;
        try {
            parseBenchArgs(argv);
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(BenchUsageError);
        expect((error as Error).message).toBe(message);
    });
});
