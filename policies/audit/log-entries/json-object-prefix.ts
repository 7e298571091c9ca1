/** The fields of a flat JSON object that was cut before its end, and the field the cut fell in. */
export interface JsonObjectPrefix {
    fields: Record<string, unknown>;
    /** The key whose string value the cut fell in (its value holds the text that survived), if any. */
    cutInside?: string;
}

const KEY = /^\s*"((?:[^"\\]|\\.)*)"\s*:\s*/;
const SCALAR = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?=\s*[,}]|\s*$)/;

/**
 * Reads what survives of a one-line flat JSON object cut mid-write (PostgreSQL's jsonlog: string, number and null
 * values only). Fields read whole are kept; a string value cut short is kept with its key in `cutInside`; a key or a
 * number cut short is dropped. Returns undefined when the text isn't the start of such an object.
 */
export function readJsonObjectPrefix(text: string): JsonObjectPrefix | undefined {
    if (!text.startsWith("{")) {
        return undefined;
    }
    const fields: Record<string, unknown> = {};
    let rest = text.slice(1);
    for (;;) {
        const key = KEY.exec(rest);
        if (!key) {
            return { fields };
        }
        const name = JSON.parse(`"${key[1]}"`) as string;
        rest = rest.slice(key[0].length);
        if (rest.startsWith('"')) {
            const end = closingQuote(rest);
            if (end < 0) {
                fields[name] = decodeCutString(rest.slice(1));
                return { fields, cutInside: name };
            }
            fields[name] = JSON.parse(rest.slice(0, end + 1));
            rest = rest.slice(end + 1);
        } else {
            const scalar = SCALAR.exec(rest);
            if (!scalar || scalar[0].length === rest.trimEnd().length) {
                // A value with nothing after it may itself be cut (`12` of `123`): not read.
                return { fields };
            }
            fields[name] = JSON.parse(scalar[1]);
            rest = rest.slice(scalar[0].length);
        }
        rest = rest.trimStart();
        if (!rest.startsWith(",")) {
            return { fields };
        }
        rest = rest.slice(1);
    }
}

/** Index of the quote closing the string that starts at 0, or -1. */
function closingQuote(text: string): number {
    for (let i = 1; i < text.length; i++) {
        if (text[i] === "\\") {
            i++;
        } else if (text[i] === '"') {
            return i;
        }
    }
    return -1;
}

/** A JSON string body cut anywhere, decoded: a trailing half escape (`\`, `\u12`) is dropped. */
function decodeCutString(body: string): string {
    const whole = body.replace(/\\(u[0-9a-fA-F]{0,3})?$/, "");
    return JSON.parse(`"${whole}"`) as string;
}
