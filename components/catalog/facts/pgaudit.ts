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

/** pgaudit statement classes every posture logs (HPG-AUD-02). */
export const REQUIRED_PGAUDIT_CLASSES: PgauditClass[] = ["ddl", "write", "role"];

/**
 * The object-audit role (`pgaudit.role`, HPG-AUD-05): pgaudit logs a statement on a relation when this role holds a
 * privilege on it. RDS documents this name; the local twin and the access model use the same one.
 */
export const AUDIT_ROLE = "rds_pgaudit";

/** The privileges granted to the audit role on each classified table, so reads and writes of it are logged (HPG-AUD-05). */
export const AUDITED_PRIVILEGES = ["SELECT", "INSERT", "UPDATE", "DELETE"] as const;
export type AuditedPrivilege = (typeof AUDITED_PRIVILEGES)[number];
