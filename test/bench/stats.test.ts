import { distribution, median, percentile, rangesOverlap, spread } from "../../bench/stats";

describe("percentile and median", () => {
    test("median of an odd count is the middle value, whatever the input order", () => {
        expect(median([9, 1, 5])).toBe(5);
        expect(median([3, 3, 1, 8, 7])).toBe(3);
    });

    test("median of an even count is the mean of the two middle values", () => {
        expect(median([4, 1, 3, 2])).toBe(2.5);
        expect(median([10, 20])).toBe(15);
    });

    test("one value is every percentile; none gives NaN", () => {
        expect([percentile([7], 0), percentile([7], 50), percentile([7], 95), percentile([7], 100)]).toEqual([7, 7, 7, 7]);
        expect(median([])).toBeNaN();
        expect(percentile([], 95)).toBeNaN();
    });

    test("p95 interpolates linearly between closest ranks (numpy's default)", () => {
        // 0, 10, …, 100 shuffled: rank 0.95 × 10 = 9.5, halfway between 90 and 100.
        const tens = [50, 100, 0, 30, 90, 10, 70, 20, 80, 40, 60];
        expect(percentile(tens, 95)).toBe(95);
        expect(percentile(tens, 0)).toBe(0);
        expect(percentile(tens, 100)).toBe(100);
        expect(percentile(tens, 25)).toBe(25);
        // 21 values 0, 5, …, 100: rank 19 falls on a value, no interpolation.
        const fives = Array.from({ length: 21 }, (_, i) => (20 - i) * 5);
        expect(percentile(fives, 95)).toBe(95);
        // A slow tail: p95 sits between the two slowest of [1, 1, 1, 1, 100], at rank 3.8.
        expect(percentile([1, 100, 1, 1, 1], 95)).toBeCloseTo(80.2, 9);
    });

    test("does not reorder its input", () => {
        const values = [3, 1, 2];
        median(values);
        expect(values).toEqual([3, 1, 2]);
    });
});

describe("spread and rangesOverlap", () => {
    test("spread is the median, minimum and maximum over rounds", () => {
        expect(spread([1010, 950, 1100])).toEqual({ median: 1010, min: 950, max: 1100 });
    });

    test("ranges that touch or cross overlap (within noise); disjoint ones do not", () => {
        const a = { median: 1000, min: 950, max: 1050 };
        expect(rangesOverlap(a, { median: 1060, min: 1050, max: 1080 })).toBe(true);
        expect(rangesOverlap(a, { median: 990, min: 980, max: 1000 })).toBe(true);
        expect(rangesOverlap(a, { median: 1100, min: 1051, max: 1150 })).toBe(false);
        expect(rangesOverlap({ median: 900, min: 880, max: 949 }, a)).toBe(false);
    });
});

describe("distribution", () => {
    test("min, median, p95 and max of runs, whatever their order", () => {
        // 20 runs 10, 20, …, 200 reversed: median halfway between 100 and 110, p95 at rank 18.05.
        const runs = Array.from({ length: 20 }, (_, i) => (20 - i) * 10);
        const d = distribution(runs);
        expect([d.min, d.median, d.max]).toEqual([10, 105, 200]);
        expect(d.p95).toBeCloseTo(190.5, 9);
    });

    test("one run is every statistic", () => {
        expect(distribution([412.5])).toEqual({ min: 412.5, median: 412.5, p95: 412.5, max: 412.5 });
    });
});
