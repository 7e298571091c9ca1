import { BenchUsageError, parseBenchArgs } from "../../bench/options";

describe("parseBenchArgs", () => {
    test("no arguments: the full (published) run of every part, written to the docs", () => {
        const full = parseBenchArgs([]);
        expect(Object.keys(full).sort()).toEqual(
            ["mode", "parts", "rounds", "pgbenchSeconds", "warmupSeconds", "scale", "clients", "threads", "rlsRows", "rlsTenants", "rlsSamplesIndexed", "rlsSamplesScan", "checkDatabaseCounts", "verifyRunsInProcess", "verifyRunsCli", "auditCorpusMiB", "writeDocs"].sort(),
        );
        // The published sizes: 3 rounds of 5 s pgbench at scale 10, 1M RLS rows over 1,000 tenants, check at 1/10/100 databases, 20 + 10 timed verifies.
        expect([full.mode, full.parts, full.rounds, full.pgbenchSeconds, full.warmupSeconds, full.scale, full.clients, full.threads]).toEqual(["full", ["tax", "rls", "check", "verify", "audit"], 3, 5, 2, 10, 4, 2]);
        expect([full.rlsRows, full.rlsTenants, full.rlsSamplesIndexed, full.rlsSamplesScan, full.checkDatabaseCounts, full.verifyRunsInProcess, full.verifyRunsCli, full.writeDocs]).toEqual([1_000_000, 1_000, 200, 10, [1, 10, 100], 20, 10, true]);
    });

    test("--quick: a smoke run that never writes the docs unless asked", () => {
        const quick = parseBenchArgs(["--quick"]);
        expect([quick.mode, quick.parts, quick.rounds, quick.pgbenchSeconds, quick.warmupSeconds, quick.scale, quick.clients, quick.threads]).toEqual(["quick", ["tax", "rls", "check", "verify", "audit"], 1, 1, 0, 1, 4, 2]);
        expect([quick.rlsRows, quick.rlsTenants, quick.rlsSamplesIndexed, quick.rlsSamplesScan, quick.checkDatabaseCounts, quick.verifyRunsInProcess, quick.verifyRunsCli, quick.writeDocs]).toEqual([100_000, 100, 30, 3, [1, 10], 5, 3, false]);
        expect(parseBenchArgs(["--quick", "--write-docs"]).writeDocs).toBe(true);
    });

    test("--quick applies wherever it stands, and explicit flags override its defaults", () => {
        const o = parseBenchArgs(["--rounds", "2", "--quick", "--duration", "3", "--scale", "7"]);
        expect([o.mode, o.rounds, o.pgbenchSeconds, o.scale, o.rlsRows]).toEqual(["quick", 2, 3, 7, 100_000]);
    });

    test("--only takes parts in the order they run, and a partial run does not write the docs", () => {
        expect(parseBenchArgs(["--only", "audit,verify,tax,rls,check"]).parts).toEqual(["tax", "rls", "check", "verify", "audit"]);
        expect(parseBenchArgs(["--only", "audit,verify,tax,rls,check"]).writeDocs).toBe(true);
        // The four parts there were before audit are now a partial run: writing the docs would drop the audit tables.
        expect(parseBenchArgs(["--only", "verify,tax,rls,check"]).writeDocs).toBe(false);
        // The three parts there were before verify are now a partial run: writing the docs would drop the verify table.
        expect(parseBenchArgs(["--only", "tax,rls,check"]).writeDocs).toBe(false);
        const partial = parseBenchArgs(["--only", "check,rls"]);
        expect(partial.parts).toEqual(["rls", "check"]);
        expect(partial.writeDocs).toBe(false);
        const verify = parseBenchArgs(["--only", "verify,rls"]);
        expect([verify.parts, verify.writeDocs, verify.verifyRunsInProcess, verify.verifyRunsCli]).toEqual([["rls", "verify"], false, 20, 10]);
        const quickVerify = parseBenchArgs(["--only", "verify", "--quick"]);
        expect([quickVerify.parts, quickVerify.writeDocs, quickVerify.verifyRunsInProcess, quickVerify.verifyRunsCli]).toEqual([["verify"], false, 5, 3]);
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
        [["--only", "tax,latency"], "[--only] takes a comma-separated list of tax, rls, check, verify, audit, got 'tax,latency'"],
        [["--only", "verify,verifies"], "[--only] takes a comma-separated list of tax, rls, check, verify, audit, got 'verify,verifies'"],
        [["--only", ","], "[--only] takes a comma-separated list of tax, rls, check, verify, audit, got ','"],
        [["--only"], "[--only] takes a comma-separated list of tax, rls, check, verify, audit, got ''"],
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
