/** Classes of regulated data a column can hold; their tables are object-audited (HPG-AUD-05) and isolated (HPG-RLS-01). */
export type ColumnClassification = "phi" | "pii" | "pci";
export const COLUMN_CLASSIFICATIONS: readonly ColumnClassification[] = ["phi", "pii", "pci"];

/**
 * How the database itself records that a column is regulated: its COMMENT holds `classification=<class>`
 * (e.g. `COMMENT ON COLUMN app.patients.diagnosis IS 'classification=phi'`). The access model writes it for the
 * columns it declares, migrations write it for new ones, and `verify` reads it, so no copy of the model is needed.
 * A POSIX regular expression (PostgreSQL `~`) that matches a comment carrying any class.
 */
export const CLASSIFICATION_COMMENT_PATTERN = classificationCommentPatternFor(COLUMN_CLASSIFICATIONS);

/** The marker for one class, as written into a column comment. */
export function classificationComment(classification: ColumnClassification): string {
    return `classification=${classification}`;
}

/** A POSIX regular expression matching a comment that already carries the marker for `classification`. */
export function classificationCommentPattern(classification: ColumnClassification): string {
    return classificationCommentPatternFor([classification]);
}

/** A POSIX regular expression matching a comment that carries the marker for any of `classes`. */
function classificationCommentPatternFor(classes: readonly ColumnClassification[]): string {
    return `(^|[\\s;,])classification\\s*=\\s*(${classes.join("|")})\\M`;
}
