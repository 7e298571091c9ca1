/** One line as RDS writes it to the exported postgresql log (`%t:%r:%u@%d:[%p]:`), for a detection's `samples`. */
export function rdsSampleLine(line: { host: string; user: string; database?: string; severity?: string; message: string }): string {
    return `2026-01-05 03:00:00 UTC:${line.host}(50412):${line.user}@${line.database ?? "hpg_app"}:[4242]:${line.severity ?? "LOG"}:  ${line.message}`;
}

/** Documentation addresses (RFC 5737, RFC 3849) a sample client connects from: the first outside every allowed range. */
export const SAMPLE_OUTSIDE_ADDRESSES: readonly string[] = ["203.0.113.9", "198.51.100.7", "192.0.2.1", "2001:db8::1"];
