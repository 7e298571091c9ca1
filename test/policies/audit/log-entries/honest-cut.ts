import { LogFormat } from "../../../../components/audit-trail/events";
import { LogLineProblem, parseLogText, pgauditRecordOf } from "../../../../policies/audit/log-entries";
import { ExpectedAuditRecord } from "../../../support/log-format-cluster";

/** How a cut entry came out: refused with a problem, a truncated entry, or whole (the cut fell after its last line). */
export type CutOutcome = "refused" | "truncated" | "whole";

/**
 * Parses `text` cut after `cutAt` UTF-8 bytes (a file copied mid-write) and checks that the entry starting on
 * `entryLine` came out honest: refused with a problem naming its line, or marked truncated with every field it read
 * being the one the server wrote (never shifted; a field not read is empty or 0), a cut statement being a prefix of
 * the real one. Throws with the cut position otherwise.
 */
export function parseCutAndCheck(text: string, format: LogFormat, file: string, cutAt: number, entryLine: number, expected: ExpectedAuditRecord): CutOutcome {
    const cut = Buffer.from(text, "utf8").subarray(0, cutAt).toString("utf8");
    const problems: LogLineProblem[] = [];
    const entries = parseLogText(cut, format, file, { onProblem: (p) => problems.push(p) });
    const fail = (why: string) => {
        throw new Error(`cut at byte ${cutAt}: ${why}`);
    };
    const entry = entries.find((e) => e.source.line === entryLine);
    if (!entry) {
        if (!problems.some((p) => p.source.line === entryLine)) fail(`the entry on line ${entryLine} is neither read nor refused`);
        return "refused";
    }
    const record = pgauditRecordOf(entry);
    if (!record) {
        // Cut inside "AUDIT: " itself: not a record, and the entry says it was cut.
        if (entry.truncated !== true || !"AUDIT: ".startsWith(entry.message)) fail(`no record in ${JSON.stringify(entry.message.slice(0, 80))}`);
        return "truncated";
    }
    if (record.truncated !== true) {
        if (record.statement !== expected.statement || record.rows !== expected.rows || record.statementId !== expected.statementId) {
            fail(`an untruncated wrong record: ${JSON.stringify(record).slice(0, 300)}`);
        }
        return "whole";
    }
    const readOrEmpty = (actual: string | number, wanted: string | number, field: string) => {
        if (actual !== "" && actual !== 0 && actual !== wanted) fail(`[${field}] is ${JSON.stringify(actual)}, the server wrote ${JSON.stringify(wanted)}`);
    };
    readOrEmpty(record.statementId, expected.statementId, "statementId");
    readOrEmpty(record.class, expected.class, "class");
    readOrEmpty(record.command, expected.command, "command");
    readOrEmpty(record.objectType, expected.objectType, "objectType");
    readOrEmpty(record.objectName, expected.objectName, "objectName");
    readOrEmpty(record.parameter, "<not logged>", "parameter");
    if (!["SESSION", ""].includes(record.auditType)) fail(`[auditType] is ${record.auditType}`);
    // A cut through a multi-byte character decodes to U+FFFD: the text before it must match.
    const statement = record.statement.replace(/\uFFFD$/, "");
    if (!expected.statement.startsWith(statement)) fail(`the statement ${JSON.stringify(statement.slice(-80))} is not a prefix of what the server wrote`);
    if (record.rows !== undefined) fail(`a truncated record kept rows ${record.rows}`);
    return "truncated";
}
