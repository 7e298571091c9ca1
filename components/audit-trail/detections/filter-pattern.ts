/**
 * CloudWatch Logs filter patterns for unstructured events (FilterAndPatternSyntax): terms are case-sensitive and match
 * anywhere in the event; a term with non-alphanumeric characters is written in double quotes; space-separated terms
 * must all match; `-"term"` excludes events that contain it; `?"a" ?"b"` matches events containing any of them.
 * Only these forms are rendered (no regex `%…%`, which a log group allows in 5 filters at most).
 */

/** CloudWatch rejects a metric filter pattern longer than this (PutMetricFilter: filterPattern, max 1024). */
export const FILTER_PATTERN_MAX_LENGTH = 1024;

/** The time zone RDS writes `%t` in (log_timezone is UTC on RDS), so `UTC:` is the text just before `%r`. */
export const RDS_PREFIX_TIME_ZONE = "UTC";

/** A term in double quotes; a term can't itself hold one (there is no escape), so callers pass only such text. */
export function quotedTerm(text: string): string {
    if (text.includes('"') || text.length === 0) {
        throw new Error(`a filter pattern term can't be empty or contain a double quote: ${JSON.stringify(text)}`);
    }
    return `"${text}"`;
}

/** Events containing every one of `terms` and none of `excluded`. */
export function allTermsPattern(terms: readonly string[], excluded: readonly string[] = []): string {
    return [...terms.map(quotedTerm), ...excluded.map((t) => `-${quotedTerm(t)}`)].join(" ");
}

/** Events containing any one of `terms`. */
export function anyTermPattern(terms: readonly string[]): string {
    return terms.map((t) => `?${quotedTerm(t)}`).join(" ");
}

/** The text RDS's prefix writes between the time zone and the user: `UTC:<address>(<port>):<user>@`. */
export function prefixUserTerm(role: string): string {
    return `:${role}@`;
}
