import { AuditType, LogEntry, PgauditRecord } from "../../components/audit-trail/events";

/** What pgaudit writes before its CSV fields (pgaudit.c: `ereport(LOG, errmsg("AUDIT: %s", ...))`). */
export const PGAUDIT_MESSAGE_PREFIX = "AUDIT: ";

/** pgaudit's fields in the order it writes them (README "Format"); `rows` is last, only with pgaudit.log_rows. */
const FIELD_NAMES = ["auditType", "statementId", "substatementId", "class", "command", "objectType", "objectName", "statement", "parameter", "rows"] as const;
type FieldName = (typeof FIELD_NAMES)[number];
const REQUIRED_FIELDS = 9;
const AUDIT_TYPES: readonly AuditType[] = ["SESSION", "OBJECT"];
/** The parameter field's fixed values (pgaudit.c); anything else is the quoted CSV list of bind values. */
const PARAMETER_MARKERS = ["<not logged>", "<none>"];

/** An `AUDIT: ` message that is not a pgaudit record and can't be explained by truncation: names the field, the value and what is allowed. */
export class PgauditRecordError extends Error {
    constructor(
        readonly field: string,
        readonly value: string,
        readonly allowed: string,
    ) {
        super(`pgaudit record: [${field}] is ${JSON.stringify(excerpt(value))}; allowed: ${allowed}`);
        this.name = "PgauditRecordError";
    }
}

function excerpt(value: string): string {
    return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

/**
 * What the entry holding the message says beside it: `truncated` when its log format shows it was cut (unterminated
 * JSON string, last line without a newline, CloudWatch's size limit); its CONTEXT and STATEMENT, if any. A `LogEntry`
 * is one.
 */
export interface PgauditMessageContext {
    truncated?: boolean;
    context?: string;
    statement?: string;
}

/** One CSV field as pgaudit's append_valid_csv writes it: quoted (quotes doubled) only when it holds `,`, `"`, CR or LF. */
interface CsvField {
    value: string;
    /** False when the text ended inside the field (an unterminated quote, or no comma after it and more fields were due). */
    complete: boolean;
}

/**
 * Splits pgaudit's CSV. A field ends at a comma outside quotes; the text's end ends the last field, which is
 * `complete: false` when it ends inside quotes. A character after a closing quote other than a comma is malformed.
 */
function splitCsv(text: string): CsvField[] {
    const fields: CsvField[] = [];
    let i = 0;
    for (;;) {
        if (text[i] === '"') {
            let value = "";
            let j = i + 1;
            for (;;) {
                const q = text.indexOf('"', j);
                if (q < 0) {
                    fields.push({ value: value + text.slice(j), complete: false });
                    return fields;
                }
                value += text.slice(j, q);
                if (text[q + 1] === '"') {
                    value += '"';
                    j = q + 2;
                    continue;
                }
                j = q + 1;
                break;
            }
            fields.push({ value, complete: true });
            if (j === text.length) {
                return fields;
            }
            if (text[j] !== ",") {
                throw new PgauditRecordError(FIELD_NAMES[Math.min(fields.length - 1, FIELD_NAMES.length - 1)], text.slice(i, j + 1), "a quoted field followed by a comma or the end of the record");
            }
            i = j + 1;
        } else {
            const comma = text.indexOf(",", i);
            if (comma < 0) {
                fields.push({ value: text.slice(i), complete: true });
                return fields;
            }
            fields.push({ value: text.slice(i, comma), complete: true });
            i = comma + 1;
        }
    }
}

const DIGITS = /^[0-9]+$/;

/** The outcome of reading one message: a record, nothing (not a pgaudit message), or why an `AUDIT: ` message was refused. */
export type PgauditReading = { record: PgauditRecord; problem?: undefined } | { record?: undefined; problem?: PgauditRecordError };

/** Like `parsePgauditRecord`, but returns the refusal instead of throwing, for readers that report a bad line and go on. */
export function readPgauditRecord(message: string, context: PgauditMessageContext = {}): PgauditReading {
    try {
        const record = parsePgauditRecord(message, context);
        return record ? { record } : {};
    } catch (e) {
        if (e instanceof PgauditRecordError) {
            return { problem: e };
        }
        throw e;
    }
}

/**
 * The pgaudit record in a log message that starts with `AUDIT: ` (undefined for any other message).
 * A record cut before its end (a file copied mid-write, CloudWatch's event size limit) is returned with
 * `truncated: true` and only the fields read whole; a cut statement keeps the text that survived. Fields never shift:
 * a field not read is empty (text) or 0 (ids; pgaudit numbers from 1). Throws PgauditRecordError for a record that is
 * malformed and not explained by a cut (an unknown audit type, a non-numeric id, text after a closing quote, extra fields),
 * or that carries a CONTEXT or STATEMENT (`context`): pgaudit never writes one, so such a message was forged with RAISE.
 */
export function parsePgauditRecord(message: string, context: PgauditMessageContext = {}): PgauditRecord | undefined {
    if (!message.startsWith(PGAUDIT_MESSAGE_PREFIX)) {
        return undefined;
    }
    // pgaudit logs with errhidecontext and errhidestmt, even inside functions; `RAISE LOG 'AUDIT: …'` carries both.
    for (const field of ["context", "statement"] as const) {
        const value = context[field];
        if (value !== undefined) {
            throw new PgauditRecordError(field, value, "none: pgaudit writes its records without CONTEXT or STATEMENT; this message came from RAISE or another log call, not pgaudit");
        }
    }
    const fields = splitCsv(message.slice(PGAUDIT_MESSAGE_PREFIX.length));
    if (fields.length > FIELD_NAMES.length) {
        throw new PgauditRecordError("rows", fields.slice(FIELD_NAMES.length - 1).map((f) => f.value).join(","), `at most ${FIELD_NAMES.length} fields (${FIELD_NAMES.join(", ")})`);
    }
    const last = fields[fields.length - 1];
    // The last field read is suspect when the text ended inside it, when fields are missing, when it is a fixed
    // parameter marker cut mid-word (`<not lo`), or when the entry itself was cut.
    const truncated =
        !last.complete || fields.length < REQUIRED_FIELDS || context.truncated === true || (fields.length === REQUIRED_FIELDS && isMarkerPrefix(last.value));
    const whole = truncated ? fields.slice(0, -1) : fields;
    const value = (name: FieldName): string | undefined => whole[FIELD_NAMES.indexOf(name)]?.value;

    const auditType = value("auditType");
    if (auditType !== undefined && !AUDIT_TYPES.includes(auditType as AuditType)) {
        throw new PgauditRecordError("auditType", auditType, AUDIT_TYPES.join(" or "));
    }
    const id = (name: "statementId" | "substatementId"): number => {
        const v = value(name);
        if (v === undefined) {
            return 0;
        }
        if (!DIGITS.test(v) || Number(v) < 1) {
            throw new PgauditRecordError(name, v, "a positive integer");
        }
        return Number(v);
    };
    // A cut statement keeps the text that survived: it is what the proof line shows, and the record says it is cut.
    const cutStatement = truncated && fields.length - 1 === FIELD_NAMES.indexOf("statement") ? last.value : "";
    const record: PgauditRecord = {
        auditType: (auditType ?? "") as AuditType,
        statementId: id("statementId"),
        substatementId: id("substatementId"),
        class: value("class") ?? "",
        command: value("command") ?? "",
        objectType: value("objectType") ?? "",
        objectName: value("objectName") ?? "",
        statement: value("statement") ?? cutStatement,
        parameter: value("parameter") ?? "",
    };
    const rows = value("rows");
    if (rows !== undefined) {
        if (!DIGITS.test(rows)) {
            throw new PgauditRecordError("rows", rows, "a non-negative integer (pgaudit.log_rows)");
        }
        record.rows = Number(rows);
    }
    if (truncated) {
        record.truncated = true;
    }
    return record;
}

/** A strict prefix of a fixed parameter marker: the field was cut mid-word. */
function isMarkerPrefix(value: string): boolean {
    return value.startsWith("<") && PARAMETER_MARKERS.some((m) => m !== value && m.startsWith(value));
}

/** The pgaudit record of a log entry (undefined when it holds none), marked truncated when the entry was cut, refused when it has a CONTEXT or STATEMENT. */
export function pgauditRecordOf(entry: LogEntry): PgauditRecord | undefined {
    return parsePgauditRecord(entry.message, entry);
}
