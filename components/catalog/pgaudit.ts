/** pgaudit's statement classes (pgaudit README, "pgaudit.log"). */
export const PGAUDIT_CLASSES = ["read", "write", "function", "role", "ddl", "misc", "misc_set"] as const;
export type PgauditClass = (typeof PGAUDIT_CLASSES)[number];

/**
 * The set of classes a `pgaudit.log` value enables, as pgaudit evaluates it: a comma-separated list,
 * case-insensitive, spaces ignored, `all` adds every class, `none` adds nothing and `-class` removes one.
 * pgaudit applies the entries left to right; so do we.
 * Unknown class names are returned in `unknown` (pgaudit rejects them, so the value is invalid).
 */
export function pgauditLogClasses(value: string | undefined): { classes: Set<PgauditClass>; unknown: string[] } {
    const classes = new Set<PgauditClass>();
    const unknown: string[] = [];
    for (const raw of (value ?? "").split(",")) {
        const token = raw.trim().toLowerCase();
        if (token === "") {
            continue;
        }
        const subtract = token.startsWith("-");
        const name = subtract ? token.slice(1).trim() : token;
        const names: PgauditClass[] =
            name === "all" ? [...PGAUDIT_CLASSES] : name === "none" ? [] : (PGAUDIT_CLASSES as readonly string[]).includes(name) ? [name as PgauditClass] : [];
        if (names.length === 0 && name !== "none" && name !== "all") {
            unknown.push(token);
            continue;
        }
        for (const c of names) {
            if (subtract) {
                classes.delete(c);
            } else {
                classes.add(c);
            }
        }
    }
    return { classes, unknown };
}

/** The required classes that `value` does not enable. */
export function pgauditMissingClasses(value: string | undefined, required: readonly PgauditClass[]): PgauditClass[] {
    const { classes } = pgauditLogClasses(value);
    return required.filter((c) => !classes.has(c));
}
