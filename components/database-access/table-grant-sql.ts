import { classificationComment, classificationCommentPattern } from "../catalog";
import { AUDIT_ROLE, Classification, GRANTEE_KINDS, GranteeKind, isClassifiedTable, ResolvedAccessModel, TABLE_PRIVILEGES, TablePrivilege } from "./model";
import { dollarQuote, qualified, quoteIdent, quoteLiteral } from "./sql-quote";
import { tenantIsolationSql } from "./tenant-isolation-sql";

/** One table's privileges for one group role: the exact set, possibly empty (then everything is revoked). */
export interface TableGrant {
    table: string;
    grantee: GranteeKind;
    privileges: TablePrivilege[];
}

/** Every (table, group role) pair of the model with its exact privileges. */
export function tableGrantsFor(m: ResolvedAccessModel): TableGrant[] {
    return m.tables.flatMap((t) => GRANTEE_KINDS.map((grantee) => ({ table: t.name, grantee, privileges: t.privileges[grantee] })));
}

/** The classified tables the audit role covers, with every privilege pgaudit object auditing keys on (HPG-AUD-05). */
export function auditGrantsFor(m: ResolvedAccessModel): Array<{ table: string; privileges: TablePrivilege[] }> {
    return m.tables.filter(isClassifiedTable).map((t) => ({ table: t.name, privileges: [...TABLE_PRIVILEGES] }));
}

/** Fails the apply when a declared table is missing or owned by another role than the owner (HPG-ROLE-04). */
export function tableOwnedByOwnerCheckSql(m: ResolvedAccessModel, table: string): string {
    const name = quoteLiteral(qualified(m.schema, table));
    const shown = `${m.schema}.${table}`;
    return `DO ${dollarQuote(
        [
            "DECLARE",
            "    current_owner text;",
            "BEGIN",
            `    IF pg_catalog.to_regclass(${name}) IS NULL THEN`,
            `        RAISE EXCEPTION ${quoteLiteral(`table ${shown} is declared in the access model but does not exist: run the migrations that create it first`)};`,
            "    END IF;",
            `    SELECT c.relowner::regrole::text INTO current_owner FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(${name});`,
            `    IF current_owner <> ${quoteLiteral(quoteIdentIfNeeded(m.groups.owner))} THEN`,
            `        RAISE EXCEPTION ${quoteLiteral(`table ${shown} is owned by %, not ${m.groups.owner}: run migrations as the owner role (HPG-ROLE-04)`)}, current_owner;`,
            "    END IF;",
            "END",
        ].join("\n"),
    )}`;
}

/** regrole::text output: valid model identifiers are lower-case and need no quotes. */
function quoteIdentIfNeeded(name: string): string {
    return /^[a-z_][a-z0-9_]*$/.test(name) ? name : quoteIdent(name);
}

/** Exact privileges on one table: revoke everything the model governs, then grant what it declares. */
export function tableGrantSql(m: ResolvedAccessModel, table: string): string[] {
    const t = qualified(m.schema, table);
    const governed = [...GRANTEE_KINDS.map((k) => quoteIdent(m.groups[k])), quoteIdent(AUDIT_ROLE)];
    const out = [`REVOKE ALL ON TABLE ${t} FROM PUBLIC, ${governed.join(", ")}`];
    for (const g of tableGrantsFor(m).filter((g) => g.table === table && g.privileges.length > 0)) {
        out.push(`GRANT ${g.privileges.join(", ")} ON TABLE ${t} TO ${quoteIdent(m.groups[g.grantee])}`);
    }
    for (const a of auditGrantsFor(m).filter((a) => a.table === table)) {
        out.push(auditGrantSql(m, a.table));
    }
    return out;
}

/**
 * Exact privileges on the sequences that one table's columns own: none for anyone, except USAGE (nextval) for app_rw
 * on a serial column's sequence where it may INSERT. Identity columns draw their values without any privilege on
 * their sequence. Never SELECT or UPDATE: a sequence is shared by every tenant, and its last_value counts every
 * tenant's rows (HPG-RLS-01). Runs as the owner; also takes back what earlier default privileges gave.
 */
export function sequenceGrantSql(m: ResolvedAccessModel, table: string): string {
    const spec = m.tables.find((t) => t.name === table);
    const governed = [...GRANTEE_KINDS.map((k) => m.groups[k]), AUDIT_ROLE];
    const usage = spec?.privileges.app_rw.includes("INSERT")
        ? ["        IF kind = 'a' THEN", `            EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I', seq, ${quoteLiteral(m.groups.app_rw)});`, "        END IF;"]
        : [];
    return `DO ${dollarQuote(
        [
            "DECLARE",
            "    seq regclass;",
            "    kind \"char\";",
            "BEGIN",
            // deptype 'a': a serial column's sequence (OWNED BY); 'i': an identity column's.
            "    FOR seq, kind IN SELECT d.objid::regclass, d.deptype FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class s ON s.oid = d.objid",
            "               WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass",
            `                 AND d.refobjid = ${quoteLiteral(qualified(m.schema, table))}::regclass AND d.deptype IN ('a', 'i') AND s.relkind = 'S'`,
            "    LOOP",
            `        EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM PUBLIC, ${governed.map(() => "%I").join(", ")}', seq, ${governed.map(quoteLiteral).join(", ")});`,
            ...usage,
            "    END LOOP;",
            "END",
        ].join("\n"),
    )}`;
}

/** The audit role's grant on one classified table (pgaudit logs a statement when the audit role holds its privilege). */
export function auditGrantSql(m: ResolvedAccessModel, table: string): string {
    return `GRANT ${TABLE_PRIVILEGES.join(", ")} ON TABLE ${qualified(m.schema, table)} TO ${quoteIdent(AUDIT_ROLE)}`;
}

/**
 * Marks each classified column of `table` with `classification=<class>` in its comment, so the database itself says
 * which data is regulated (read by `verify`). Keeps any comment the application wrote; idempotent. Runs as the owner.
 */
export function classificationCommentSql(m: ResolvedAccessModel, table: string, classified: Record<string, Classification>): string[] {
    const tbl = quoteLiteral(qualified(m.schema, table));
    return Object.entries(classified).map(([column, classification]) => {
        const body = [
            "DECLARE",
            `    existing text := pg_catalog.col_description(${tbl}::regclass, (SELECT attnum FROM pg_catalog.pg_attribute WHERE attrelid = ${tbl}::regclass AND attname = ${quoteLiteral(column)}));`,
            "BEGIN",
            `    IF existing IS NULL OR existing !~ ${quoteLiteral(classificationCommentPattern(classification))} THEN`,
            `        EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', ${tbl}::regclass, ${quoteLiteral(column)}, concat_ws('; ', nullif(existing, ''), ${quoteLiteral(classificationComment(classification))}));`,
            "    END IF;",
            "END",
        ].join("\n");
        return `DO ${dollarQuote(body)}`;
    });
}

/**
 * Everything per declared table, run as the owner (who owns the tables): existence and ownership checks, exact grants,
 * audit grants and tenant isolation.
 */
export function tableSql(m: ResolvedAccessModel): string[] {
    if (m.tables.length === 0) {
        return [];
    }
    const out = m.tables.map((t) => tableOwnedByOwnerCheckSql(m, t.name));
    out.push(`SET ROLE ${quoteIdent(m.groups.owner)}`);
    for (const t of m.tables) {
        out.push(...tableGrantSql(m, t.name), sequenceGrantSql(m, t.name));
        out.push(...classificationCommentSql(m, t.name, t.classified));
        if (t.tenantScoped) {
            out.push(tenantIsolationSql(m, t.name));
        }
    }
    out.push("RESET ROLE");
    return out;
}
