import { PGBENCH_CASES } from "../../bench/compliance-configs";
import { roundOrder } from "../../bench/round-order";

describe("roundOrder", () => {
    test("three items over three rounds: each starts one round, in turn", () => {
        const items = ["a", "b", "c"];
        expect([0, 1, 2].map((r) => roundOrder(items, r, 3))).toEqual([
            ["a", "b", "c"],
            ["b", "c", "a"],
            ["c", "a", "b"],
        ]);
    });

    test("six items over three rounds: rotated by a third each round, neighbours kept", () => {
        const items = ["a", "b", "c", "d", "e", "f"];
        expect([0, 1, 2].map((r) => roundOrder(items, r, 3).join(""))).toEqual(["abcdef", "cdefab", "efabcd"]);
    });

    test("one round (or a round count of 0) keeps the list's order", () => {
        expect(roundOrder(["a", "b", "c"], 0, 1)).toEqual(["a", "b", "c"]);
        expect(roundOrder(["a", "b", "c"], 0, 0)).toEqual(["a", "b", "c"]);
        expect(roundOrder([], 2, 3)).toEqual([]);
    });

    test("every pgbench case runs exactly once per round, and each round starts with a different case", () => {
        const rounds = 3;
        const orders = Array.from({ length: rounds }, (_, r) => roundOrder(PGBENCH_CASES, r, rounds).map((c) => c.id));
        const ids = PGBENCH_CASES.map((c) => c.id);
        for (const order of orders) {
            expect([...order].sort()).toEqual([...ids].sort());
        }
        // 17 cases, 3 rounds: rotated by ceil(17 / 3) = 6 each round.
        expect(ids).toHaveLength(17);
        expect(orders.map((o) => o[0])).toEqual([ids[0], ids[6], ids[12]]);
        expect(new Set(orders.map((o) => o[0])).size).toBe(rounds);
    });

    test("returns a new list and leaves its input alone", () => {
        const items = ["a", "b"];
        const out = roundOrder(items, 1, 2);
        expect(out).toEqual(["b", "a"]);
        expect(items).toEqual(["a", "b"]);
    });
});
