import { compareCases, sessionSettings } from "../../bench/compliance-tax";
import { PGBENCH_CASES } from "../../bench/compliance-configs";
import { PgbenchCaseResult } from "../../bench/results";

function caseResult(id: string, tps: { median: number; min: number; max: number }, latencyMs: number, rounds: number): PgbenchCaseResult {
    return {
        case: PGBENCH_CASES.find((c) => c.id === id)!,
        rounds: Array.from({ length: rounds }, (_, round) => ({ round, tps: tps.median, latencyMs, transactions: 100, failedTransactions: 0, logBytesPerTransaction: 0 })),
        tps,
        latencyMs: { median: latencyMs, min: latencyMs, max: latencyMs },
        logBytesPerTransaction: 0,
    };
}

describe("compareCases", () => {
    test("ratios of medians for every comparison whose two cases ran, with noise from the TPS ranges", () => {
        const out = compareCases([
            caseResult("tpcb-a", { median: 1000, min: 950, max: 1050 }, 4, 3),
            caseResult("tpcb-b", { median: 800, min: 780, max: 820 }, 5, 3),
            caseResult("tpcb-c", { median: 960, min: 900, max: 990 }, 4.2, 3),
        ]);
        expect(out.map((c) => [c.label, c.tpsRatio, c.latencyRatio, c.withinNoise])).toEqual([
            ["tpcb-like b/a", 0.8, 1.25, false],
            ["tpcb-like c/a", 0.96, 4.2 / 4, true],
        ]);
    });

    test("with one round there is no noise estimate", () => {
        const out = compareCases([caseResult("tpcb-a", { median: 1000, min: 1000, max: 1000 }, 4, 1), caseResult("tpcb-b", { median: 500, min: 500, max: 500 }, 8, 1)]);
        expect(out).toHaveLength(1);
        expect(out[0]).not.toHaveProperty("withinNoise");
        expect([out[0].tpsRatio, out[0].latencyRatio]).toEqual([0.5, 2]);
    });
});

describe("sessionSettings", () => {
    test("reads every -c name=value of a PGOPTIONS string", () => {
        expect(sessionSettings("-c pgaudit.log_statement_once=on -c  pgaudit.log_catalog=off")).toEqual({ "pgaudit.log_statement_once": "on", "pgaudit.log_catalog": "off" });
    });

    test("no options: no settings", () => {
        expect(sessionSettings(undefined)).toEqual({});
        expect(sessionSettings("")).toEqual({});
    });
});
