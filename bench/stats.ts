/** The median of `values` (mean of the two middle values for an even count); NaN for none. */
export function median(values: readonly number[]): number {
    return percentile(values, 50);
}

/** The p-th percentile by linear interpolation between closest ranks (numpy's default); NaN for none. */
export function percentile(values: readonly number[], p: number): number {
    if (values.length === 0) {
        return NaN;
    }
    const sorted = [...values].sort((x, y) => x - y);
    const rank = (p / 100) * (sorted.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** Median, minimum and maximum of the rounds of one measurement. */
export interface Spread {
    median: number;
    min: number;
    max: number;
}

export function spread(values: readonly number[]): Spread {
    return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Whether two measurements' [min, max] ranges overlap: their difference is then within round-to-round noise. */
export function rangesOverlap(x: Spread, y: Spread): boolean {
    return x.min <= y.max && y.min <= x.max;
}

/** Minimum, median, 95th percentile and maximum of repeated runs of one measurement. */
export interface Distribution {
    min: number;
    median: number;
    p95: number;
    max: number;
}

export function distribution(values: readonly number[]): Distribution {
    return { min: Math.min(...values), median: median(values), p95: percentile(values, 95), max: Math.max(...values) };
}
