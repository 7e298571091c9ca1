/** One CSV record as stored: its fields, the 1-based line it starts on, its exact text, and whether it ended. */
export interface CsvRecord {
    fields: string[];
    line: number;
    raw: string;
    /** False when the text ended inside the record (inside quotes, or without the newline that ends every record). */
    complete: boolean;
    /** The 0-based index of the field the text ended in, when incomplete. */
    cutField?: number;
    /** Set when a quoted field is followed by something other than a comma or newline (RFC 4180 forbids it). */
    malformedAt?: number;
}

/**
 * Splits CSV text into records (RFC 4180, as PostgreSQL's csvlog writes it: strings always quoted with quotes doubled,
 * newlines kept inside quotes, records ended by a newline). A record with a stray character after a closing quote is
 * returned with `malformedAt` set to that field rather than guessed at.
 */
export function splitCsvRecords(text: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    let i = 0;
    let line = 1;
    while (i < text.length) {
        const start = i;
        const startLine = line;
        const fields: string[] = [];
        let complete = false;
        let malformedAt: number | undefined;
        for (;;) {
            if (text[i] === '"') {
                let value = "";
                let j = i + 1;
                let closed = false;
                for (;;) {
                    const q = text.indexOf('"', j);
                    if (q < 0) {
                        value += text.slice(j);
                        j = text.length;
                        break;
                    }
                    value += text.slice(j, q);
                    if (text[q + 1] === '"') {
                        value += '"';
                        j = q + 2;
                        continue;
                    }
                    j = q + 1;
                    closed = true;
                    break;
                }
                line += countNewlines(text, i, j);
                fields.push(value);
                i = j;
                if (!closed) {
                    break;
                }
                if (text[i] === ",") {
                    i++;
                    continue;
                }
                if (text[i] === "\n") {
                    i++;
                    line++;
                    complete = true;
                    break;
                }
                if (i >= text.length) {
                    break;
                }
                // A stray character after a closing quote: note it, and read on to the field's end so the quoting
                // of the fields after it still decides where the record ends.
                malformedAt ??= fields.length - 1;
                while (i < text.length && text[i] !== "," && text[i] !== "\n") i++;
                if (text[i] === ",") {
                    i++;
                    continue;
                }
                if (text[i] === "\n") {
                    i++;
                    line++;
                    complete = true;
                }
                break;
            }
            let end = i;
            while (end < text.length && text[end] !== "," && text[end] !== "\n") end++;
            fields.push(text.slice(i, end));
            i = end;
            if (text[i] === ",") {
                i++;
                continue;
            }
            if (text[i] === "\n") {
                i++;
                line++;
                complete = true;
            }
            break;
        }
        const raw = text.slice(start, complete ? i - 1 : i);
        const record: CsvRecord = { fields, line: startLine, raw, complete };
        if (!complete) record.cutField = fields.length - 1;
        if (malformedAt !== undefined) record.malformedAt = malformedAt;
        records.push(record);
    }
    return records;
}

function countNewlines(text: string, from: number, to: number): number {
    let n = 0;
    for (let k = text.indexOf("\n", from); k >= 0 && k < to; k = text.indexOf("\n", k + 1)) n++;
    return n;
}
