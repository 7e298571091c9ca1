/** A pattern outside the subset `filterPatternMatches` evaluates: it is neither judged a match nor a miss. */
export class FilterPatternOutsideSubset extends Error {}

/**
 * A CloudWatch Logs filter pattern evaluator for the unstructured-event subset the detections render
 * (FilterAndPatternSyntax): case-sensitive terms that match anywhere in the event, `"quoted phrases"`, all terms
 * must match, `-term` excludes, `?term ?term` matches any. JSON, space-delimited and `%regex%` patterns are refused,
 * so a pattern outside the subset is refused (FilterPatternOutsideSubset) instead of passing unjudged. The pack uses it to
 * check that a stack's own metric filter matches the lines its detection is about (each detection's `samples`).
 */
export function filterPatternMatches(pattern: string, event: string): boolean {
    const terms = tokens(pattern);
    const any = terms.filter((t) => t.kind === "any");
    if (any.length > 0) {
        if (any.length !== terms.length) {
            throw new FilterPatternOutsideSubset(`the evaluator doesn't combine ?terms with others: ${pattern}`);
        }
        return any.some((t) => event.includes(t.text));
    }
    return terms.every((t) => (t.kind === "exclude" ? !event.includes(t.text) : event.includes(t.text)));
}

type Term = { kind: "all" | "exclude" | "any"; text: string };

function tokens(pattern: string): Term[] {
    if (/^\s*[{[]/.test(pattern) || pattern.includes("%")) {
        throw new FilterPatternOutsideSubset(`outside the evaluator's subset (JSON, space-delimited or regex): ${pattern}`);
    }
    const out: Term[] = [];
    const re = /\s*([-?]?)(?:"([^"]*)"|([^\s"]+))/gy;
    let m: RegExpExecArray | null;
    let consumed = 0;
    while ((m = re.exec(pattern)) !== null) {
        out.push({ kind: m[1] === "-" ? "exclude" : m[1] === "?" ? "any" : "all", text: m[2] ?? m[3] });
        consumed = re.lastIndex;
    }
    if (pattern.slice(consumed).trim() !== "") {
        throw new FilterPatternOutsideSubset(`can't read the pattern from ${JSON.stringify(pattern.slice(consumed))}`);
    }
    return out;
}
