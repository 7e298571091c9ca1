import { parsePgbenchSummary, pgbenchArgs } from "../../bench/pgbench";

/** pgbench 15.18's stdout for `pgbench -M simple -c 4 -j 2 -T 5` (tpcb-like); "starting vacuum...end." goes to stderr. */
/** The lines every pgbench 15.18 summary of a 5 s, 4-client run starts with. */
function summaryHeader(transactionType: string): string {
    return [
        "pgbench (15.18 (Debian 15.18-0+deb12u1))",
        `transaction type: ${transactionType}`,
        "scaling factor: 10",
        "query mode: simple",
        "number of clients: 4",
        "number of threads: 2",
        "maximum number of tries: 1",
        "duration: 5 s",
    ].join("\n");
}

const TPCB_STDOUT = `${summaryHeader("<builtin: TPC-B (sort of)>")}
number of transactions actually processed: 6481
number of failed transactions: 0 (0.000%)
latency average = 3.085 ms
initial connection time = 21.442 ms
tps = 1296.582731 (without initial connection time)
`;

/** `pgbench -S -M simple -C …`: a connection per transaction prints the average connection time and tps including it. */
const CONNECT_STDOUT = `${summaryHeader("<builtin: select only>")}
number of transactions actually processed: 3443
number of failed transactions: 0 (0.000%)
latency average = 5.806 ms
average connection time = 2.651 ms
tps = 688.910207 (including reconnection times)
`;

describe("parsePgbenchSummary", () => {
    test("reads tps, latency and counts from a pgbench 15 summary, ignoring the initial connection time", () => {
        expect(parsePgbenchSummary(TPCB_STDOUT)).toEqual({ tps: 1296.582731, latencyMs: 3.085, transactions: 6481, failedTransactions: 0 });
    });

    test("reads the average connection time of a run with a connection per transaction (-C)", () => {
        expect(parsePgbenchSummary(CONNECT_STDOUT)).toEqual({ tps: 688.910207, latencyMs: 5.806, transactions: 3443, failedTransactions: 0, connectionMs: 2.651 });
    });

    test("counts failed transactions (serialization or deadlock failures pgbench 15 reports instead of aborting)", () => {
        const stdout = TPCB_STDOUT.replace("number of transactions actually processed: 6481", "number of transactions actually processed: 6474").replace(
            "number of failed transactions: 0 (0.000%)",
            "number of failed transactions: 7 (0.108%)",
        );
        expect(parsePgbenchSummary(stdout)).toEqual({ tps: 1296.582731, latencyMs: 3.085, transactions: 6474, failedTransactions: 7 });
    });

    test("pgbench before 15 prints no failure line: zero failures", () => {
        const stdout = TPCB_STDOUT.replace("maximum number of tries: 1\n", "").replace("number of failed transactions: 0 (0.000%)\n", "");
        expect(parsePgbenchSummary(stdout).failedTransactions).toBe(0);
    });

    test("a run that processed no transaction stops after the count: the missing tps is an error quoting the output", () => {
        // What pgbench 15 prints when every client aborted (it returns before the failure, latency and tps lines).
        const stdout = TPCB_STDOUT.split("number of transactions actually processed")[0] + "number of transactions actually processed: 0\n";
        expect(() => parsePgbenchSummary(stdout)).toThrow(`pgbench printed no tps:\n${stdout.trim()}`);
    });

    test("a summary without the latency average is an error naming it", () => {
        const stdout = TPCB_STDOUT.replace("latency average = 3.085 ms\n", "");
        expect(() => parsePgbenchSummary(stdout)).toThrow(/^pgbench printed no latency average:\n/);
    });

    test("progress lines (-P) do not count as the summary's tps", () => {
        const stdout = TPCB_STDOUT.replace("transaction type:", "progress: 1.0 s, 1200.0 tps, lat 3.300 ms stddev 1.100, 0 failed\ntransaction type:");
        expect(parsePgbenchSummary(stdout).tps).toBe(1296.582731);
    });
});

describe("pgbenchArgs", () => {
    test("select-only, prepared, a connection per transaction", () => {
        expect(pgbenchArgs({ workload: "select-only", protocol: "prepared", connectionPerTransaction: true, seconds: 5, clients: 4, threads: 2 })).toEqual(["-S", "-M", "prepared", "-C", "-c", "4", "-j", "2", "-T", "5"]);
    });

    test("tpcb-like (pgbench's default script), simple protocol, persistent connections", () => {
        expect(pgbenchArgs({ workload: "tpcb-like", protocol: "simple", connectionPerTransaction: false, seconds: 1, clients: 8, threads: 1 })).toEqual(["-M", "simple", "-c", "8", "-j", "1", "-T", "1"]);
    });
});
