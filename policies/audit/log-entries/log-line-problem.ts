import { LogSource } from "../../../components/audit-trail/events";

/**
 * A stored log line the parser can't read as an entry: names where it is, the field, the value found and what is
 * allowed. Thrown by default; a reader that passes `onProblem` gets it instead and the line is skipped, so a problem
 * is never silent and never becomes a wrong entry.
 */
export class LogLineProblem extends Error {
    constructor(
        readonly source: LogSource,
        readonly field: string,
        readonly value: string,
        readonly allowed: string,
    ) {
        super(`${source.file}:${source.line}: [${field}] is ${JSON.stringify(excerpt(value))}; allowed: ${allowed}`);
        this.name = "LogLineProblem";
    }
}

function excerpt(value: string): string {
    return value.length > 120 ? `${value.slice(0, 120)}…` : value;
}

/** How a reader treats problems: without `onProblem` the first one is thrown. */
export interface LogReadOptions {
    /** Called for each line skipped with its reason; when absent, the problem is thrown. */
    onProblem?: (problem: LogLineProblem) => void;
}

/** Reports a problem the way the options ask (throw by default). */
export function reportProblem(options: LogReadOptions, problem: LogLineProblem): void {
    if (!options.onProblem) {
        throw problem;
    }
    options.onProblem(problem);
}
