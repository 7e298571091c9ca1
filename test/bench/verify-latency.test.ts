import { parseVerifySummary, verifyCliInvocation } from "../../bench/verify-latency";

describe("parseVerifySummary", () => {
    test("reads the counts from the last line of verify's human output", () => {
        const stdout = [
            "postgresql://svc_audit@127.0.0.1:5433/hpg_app?sslmode=verify-full&sslrootcert=%2Ftmp%2Fca.pem",
            "PASS  HPG-TLS-01  TLS required for every connection",
            "13 live controls: 13 passed, 0 failed, 0 could not be checked (--verbose shows every query and row; --json for machines)",
            "",
        ].join("\n");
        expect(parseVerifySummary(stdout)).toEqual({ controls: 13, passed: 13, failed: 0, errors: 0 });
    });

    test("a failing verify reads as failing, not as passed", () => {
        expect(parseVerifySummary("FAIL  HPG-ROLE-01  No privileged login roles\n13 live controls: 11 passed, 1 failed, 1 could not be checked")).toEqual({ controls: 13, passed: 11, failed: 1, errors: 1 });
    });

    test("output without the summary line (the CLI stopped early) has no summary", () => {
        expect(parseVerifySummary("")).toBeUndefined();
        expect(parseVerifySummary("hardened-postgres verify: cannot reach PostgreSQL at 127.0.0.1:5433: connection refused")).toBeUndefined();
        expect(parseVerifySummary("PASS  HPG-TLS-01  13 live controls: 13 passed")).toBeUndefined();
    });
});

describe("verifyCliInvocation", () => {
    const url = "postgresql://svc_audit:s3cr%40t%2Fpw@127.0.0.1:5433/hpg_app?sslmode=verify-full&sslrootcert=%2Ftmp%2Fca.pem";
    const callerEnv = { PATH: "/usr/bin:/bin", HOME: "/home/bench", PGHOST: "elsewhere", PGPASSWORD: "callers", HPG_DATABASE_URL: "postgresql://other@db/x" };

    test("the password goes in PGPASSWORD, decoded, and the URL on the command line carries none", () => {
        const { args, env } = verifyCliInvocation("/repo/bin/infra/cli/main.js", url, callerEnv);
        expect(args).toEqual(["/repo/bin/infra/cli/main.js", "verify", "--url", "postgresql://svc_audit@127.0.0.1:5433/hpg_app?sslmode=verify-full&sslrootcert=%2Ftmp%2Fca.pem"]);
        expect(args.join(" ")).not.toContain("s3cr");
        expect(env.PGPASSWORD).toBe("s3cr@t/pw");
    });

    test("nothing else comes from the caller's environment: no PG* or HPG_* variable changes what is verified", () => {
        expect(verifyCliInvocation("main.js", url, callerEnv).env).toEqual({ PATH: "/usr/bin:/bin", HOME: "/home/bench", LC_ALL: "C", PGPASSWORD: "s3cr@t/pw" });
    });

    test("a URL without a password is refused: the CLI would be given none", () => {
        expect(() => verifyCliInvocation("main.js", "postgresql://svc_audit@127.0.0.1:5433/hpg_app", callerEnv)).toThrow("[url] must carry the password the CLI is given in PGPASSWORD");
    });
});
