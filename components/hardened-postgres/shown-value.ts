/**
 * A refused value as a problem message quotes it: strings in single quotes, anything else as JSON. Input can be any
 * shape (plain JavaScript, stack config), so this never throws.
 */
export function shownValue(value: unknown): string {
    if (typeof value === "string") {
        return `'${value}'`;
    }
    if (value === undefined || (typeof value === "number" && !Number.isFinite(value)) || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
        return String(value);
    }
    try {
        return JSON.stringify(value);
    } catch {
        return String(value);
    }
}
