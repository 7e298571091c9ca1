/** An identifier quoted as PostgreSQL's quote_ident does when quoting: in double quotes, inner quotes doubled. */
export function quoteIdent(name: string): string {
    if (name.includes("\0")) {
        throw new Error("an identifier cannot contain a NUL character");
    }
    return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name`, each part quoted. */
export function qualified(schema: string, name: string): string {
    return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * A string literal as PostgreSQL's quote_literal writes it: single quotes doubled, and an E'' literal with doubled
 * backslashes when the text holds a backslash (so it reads the same whatever standard_conforming_strings is).
 */
export function quoteLiteral(value: string): string {
    if (value.includes("\0")) {
        throw new Error("a string literal cannot contain a NUL character");
    }
    const quoted = value.replace(/'/g, "''");
    return value.includes("\\") ? `E'${quoted.replace(/\\/g, "\\\\")}'` : `'${quoted}'`;
}

/** A dollar-quoted body for DO blocks; the tag cannot occur in the body (identifiers of a valid model hold no `$`). */
export function dollarQuote(body: string, tag = "hpg"): string {
    const fence = `$${tag}$`;
    if (body.includes(fence)) {
        throw new Error(`a DO body cannot contain ${fence}`);
    }
    return `${fence}\n${body}\n${fence}`;
}
