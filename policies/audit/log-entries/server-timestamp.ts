/** PostgreSQL's `%t`/`%m` and jsonlog/csvlog times: `2026-11-26 08:24:18[.123] UTC` (the zone is log_timezone's abbreviation or offset). */
const SERVER_TIME = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d{1,6})?) (UTC|GMT|Z|[+-]\d\d(?::?\d\d)?)$/;

/** What a server timestamp must look like, for problems. */
export const SERVER_TIME_ALLOWED = "'YYYY-MM-DD HH:MM:SS[.fff] UTC' or a numeric offset (log_timezone = 'UTC', as RDS writes)";

/**
 * The ISO 8601 UTC form (`2026-11-26T08:24:18.000Z`) of a server timestamp, or undefined when it is not one.
 * Zone names other than UTC/GMT are refused: abbreviations such as CST are ambiguous.
 */
export function serverTimeToIso(value: string): string | undefined {
    const m = SERVER_TIME.exec(value);
    if (!m) {
        return undefined;
    }
    const zone = m[3] === "UTC" || m[3] === "GMT" || m[3] === "Z" ? "Z" : normaliseOffset(m[3]);
    // Microseconds (%n-less jsonlog has ms; some zones print more) are cut to ms, what Date holds.
    const time = m[2].replace(/(\.\d{3})\d+$/, "$1");
    const ms = Date.parse(`${m[1]}T${time}${zone}`);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function normaliseOffset(offset: string): string {
    const digits = offset.slice(1).replace(":", "");
    return `${offset[0]}${digits.slice(0, 2)}:${digits.slice(2).padEnd(2, "0")}`;
}
