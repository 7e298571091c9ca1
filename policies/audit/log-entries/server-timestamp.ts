/** PostgreSQL's `%t`/`%m` and jsonlog/csvlog times: `2026-11-26 08:24:18[.123] UTC` (the zone is log_timezone's abbreviation or offset). */
const SERVER_TIME = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d{1,6})? (UTC|GMT|Z|[+-]\d\d(?::?\d\d)?)$/;

/** What a server timestamp must look like, for problems. */
export const SERVER_TIME_ALLOWED = "'YYYY-MM-DD HH:MM:SS[.fff] UTC' or a numeric offset (log_timezone = 'UTC', as RDS writes)";

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
    const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0);
}

// Consecutive entries mostly share their time (RDS's %t has whole seconds): the last answer is kept.
let lastValue = "";
let lastIso: string | undefined;

/**
 * The ISO 8601 UTC form (`2026-11-26T08:24:18.000Z`) of a server timestamp, or undefined when it is not one.
 * Zone names other than UTC/GMT are refused: abbreviations such as CST are ambiguous.
 */
export function serverTimeToIso(value: string): string | undefined {
    if (value === lastValue) {
        return lastIso;
    }
    const iso = convert(value);
    lastValue = value;
    lastIso = iso;
    return iso;
}

function convert(value: string): string | undefined {
    const m = SERVER_TIME.exec(value);
    if (!m) {
        return undefined;
    }
    const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
        return undefined;
    }
    // Microseconds (some settings print more) are cut to ms, what Date holds.
    const ms = (m[7] ?? ".").slice(1).padEnd(3, "0").slice(0, 3);
    const zone = m[8];
    if (zone === "UTC" || zone === "GMT" || zone === "Z") {
        // Built as text: Date.parse and toISOString were the parser's largest cost.
        return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${ms}Z`;
    }
    const digits = zone.slice(1).replace(":", "");
    const offset = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2).padEnd(2, "0")}`;
    return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${ms}${offset}`).toISOString();
}
