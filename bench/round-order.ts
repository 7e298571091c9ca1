/**
 * Items in round `round`'s order: the list rotated so that, over `rounds` rounds, each item starts once in each part
 * of the round. Neighbours stay neighbours (a, b, c, … are still taken in turn), but no item always runs early or late
 * in a round, where slow drifts (checkpoints, autovacuum, other load) would bias it.
 */
export function roundOrder<T>(items: readonly T[], round: number, rounds: number): T[] {
    if (items.length === 0) {
        return [];
    }
    const k = (round * Math.ceil(items.length / Math.max(rounds, 1))) % items.length;
    return [...items.slice(k), ...items.slice(0, k)];
}
