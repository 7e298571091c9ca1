/** Thrown at the next step after SIGINT/SIGTERM, so the `finally` blocks remove the clusters before the bench exits. */
export class BenchInterrupted extends Error {
    constructor(signal: string) {
        super(`interrupted by ${signal}`);
        this.name = "BenchInterrupted";
    }
}

let received: NodeJS.Signals | undefined;

/**
 * On the first SIGINT/SIGTERM: run `stop` (which ends running programs) and make every later step throw. Cleanup
 * stays with the caller's `finally`, the one place that knows which clusters exist (a second signal kills the bench outright).
 */
export function stopOnSignals(log: (line: string) => void, stop: () => void): void {
    const onSignal = (signal: NodeJS.Signals) => {
        received = signal;
        log(`${signal}: stopping; the clusters are removed before exit`);
        stop();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
}

/** Throws `BenchInterrupted` once a signal has arrived; called before each step that starts something. */
export function throwIfInterrupted(): void {
    if (received) {
        throw new BenchInterrupted(received);
    }
}
