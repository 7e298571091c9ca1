import { LARGE_OBJECT_CREATE_FUNCTIONS } from "../catalog/controls/hpg-rls-01/large-objects";
import { SEQUENCE_LAST_VALUE_FUNCTION } from "../catalog/controls/hpg-rls-01/sequence-privileges";
import { AccessTarget, AUDIT_ROLE, AUDITOR_PREDEFINED_ROLES, GROUP_KINDS, RDS_IAM_ROLE, ResolvedAccessModel } from "./model";
import { dollarQuote, quoteIdent, quoteLiteral } from "./sql-quote";

/** CREATE ROLE when missing (CREATE ROLE has no IF NOT EXISTS). */
export function createRoleIfMissingSql(role: string, login: boolean): string {
    return `DO ${dollarQuote(
        [
            "BEGIN",
            `    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(role)}) THEN`,
            `        CREATE ROLE ${quoteIdent(role)} ${login ? "LOGIN" : "NOLOGIN"};`,
            "    END IF;",
            "END",
        ].join("\n"),
    )}`;
}

/**
 * The attributes every role of the model must have, restated on each apply so drift is corrected. Only a superuser may
 * even mention SUPERUSER, REPLICATION or BYPASSRLS in ALTER ROLE, so on RDS (no superuser) those stay at CREATE ROLE's
 * defaults (all off) and `verify` checks them (HPG-ROLE-01).
 */
export function roleAttributesSql(role: string, o: { login: boolean; inherit: boolean; connectionLimit: number }, target: AccessTarget): string {
    const superuserOnly = target === "self-managed" ? " NOSUPERUSER NOREPLICATION NOBYPASSRLS" : "";
    return `ALTER ROLE ${quoteIdent(role)} ${o.login ? "LOGIN" : "NOLOGIN"}${superuserOnly} NOCREATEDB NOCREATEROLE ${o.inherit ? "INHERIT" : "NOINHERIT"} CONNECTION LIMIT ${o.connectionLimit}`;
}

/** Grants `group` to `member` (a no-op notice when already a member). */
export function grantMembershipSql(group: string, member: string): string {
    return `GRANT ${quoteIdent(group)} TO ${quoteIdent(member)}`;
}

/** Revokes `group` from `member` only when it is a member (REVOKE would warn otherwise). */
export function revokeMembershipIfMemberSql(group: string, member: string): string {
    return `DO ${dollarQuote(
        [
            "BEGIN",
            "    IF EXISTS (SELECT FROM pg_catalog.pg_auth_members m",
            `               WHERE m.roleid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(group)})`,
            `                 AND m.member = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(member)})) THEN`,
            `        REVOKE ${quoteIdent(group)} FROM ${quoteIdent(member)};`,
            "    END IF;",
            "END",
        ].join("\n"),
    )}`;
}

/** Group roles, the audit role and login roles with their attributes, limits and single group membership. */
export function roleSql(m: ResolvedAccessModel, target: AccessTarget): string[] {
    const out: string[] = [];
    for (const kind of GROUP_KINDS) {
        out.push(createRoleIfMissingSql(m.groups[kind], false), roleAttributesSql(m.groups[kind], { login: false, inherit: true, connectionLimit: -1 }, target));
    }
    // RDS documents creating rds_pgaudit yourself; a self-managed server needs the same NOLOGIN role (HPG-AUD-05).
    out.push(createRoleIfMissingSql(AUDIT_ROLE, false), roleAttributesSql(AUDIT_ROLE, { login: false, inherit: true, connectionLimit: -1 }, target));
    for (const predefined of AUDITOR_PREDEFINED_ROLES) {
        out.push(grantMembershipSql(predefined, m.groups.auditor));
    }
    for (const login of m.loginRoles) {
        const actsAsOwner = login.group === "owner";
        out.push(
            createRoleIfMissingSql(login.name, true),
            // Owner members inherit nothing and start every session as the owner, so what they create is owned by the owner (HPG-ROLE-04).
            roleAttributesSql(login.name, { login: true, inherit: !actsAsOwner, connectionLimit: login.connectionLimit }, target),
            `ALTER ROLE ${quoteIdent(login.name)} SET statement_timeout = ${login.statementTimeoutMs}`,
            actsAsOwner ? ownerMemberSettingSql(login.name, m.groups.owner) : `ALTER ROLE ${quoteIdent(login.name)} RESET role`,
            grantMembershipSql(m.groups[login.group], login.name),
        );
        for (const other of GROUP_KINDS.filter((k) => k !== login.group)) {
            out.push(revokeMembershipIfMemberSql(m.groups[other], login.name));
        }
        if (target === "rds") {
            out.push(login.auth === "iam" ? grantMembershipSql(RDS_IAM_ROLE, login.name) : revokeMembershipIfMemberSql(RDS_IAM_ROLE, login.name));
        }
    }
    out.push(...publicFunctionLockdownSql(m, target));
    return out;
}

/** A login role of the owner group starts each session as the owner role. */
export function ownerMemberSettingSql(login: string, owner: string): string {
    return `ALTER ROLE ${quoteIdent(login)} SET role = ${quoteLiteral(owner)}`;
}

/** The pg_catalog functions that open an existing large object to read or write it, whichever tenant's data it holds. */
export const LARGE_OBJECT_OPEN_FUNCTIONS = ["pg_catalog.lo_open(oid,integer)", "pg_catalog.lo_get(oid)", "pg_catalog.lo_get(oid,bigint,integer)", "pg_catalog.lo_put(oid,bigint,bytea)"] as const;

/**
 * Self-managed only, as a superuser: closes what row-level security does not cover and PostgreSQL grants to PUBLIC in
 * each database (HPG-RLS-01). Large objects have no tenant column: no role may create or open one (EXECUTE on
 * lo_creat, lo_create, lo_from_bytea, lo_open, lo_get, lo_put). pg_sequence_last_value returns a sequence's last_value,
 * a count of every tenant's rows, to USAGE alone: only the owner keeps it (migration tools read pg_sequences). On RDS
 * the master user does not own these functions and cannot revoke them, so nothing is rendered and `verify` says what
 * stays open; an admin that is not a superuser skips the whole block rather than half-apply it.
 */
export function publicFunctionLockdownSql(m: ResolvedAccessModel, target: AccessTarget): string[] {
    if (target !== "self-managed") {
        return [];
    }
    // Server-side lo_import is superuser-only already (no PUBLIC grant since PostgreSQL 11).
    const largeObjects = [...LARGE_OBJECT_CREATE_FUNCTIONS.filter((f) => !f.startsWith("pg_catalog.lo_import(")), ...LARGE_OBJECT_OPEN_FUNCTIONS];
    return [
        `DO ${dollarQuote(
            [
                "BEGIN",
                "    IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN",
                "        RETURN;",
                "    END IF;",
                `    REVOKE EXECUTE ON FUNCTION ${[...largeObjects, SEQUENCE_LAST_VALUE_FUNCTION].join(", ")} FROM PUBLIC;`,
                `    GRANT EXECUTE ON FUNCTION ${SEQUENCE_LAST_VALUE_FUNCTION} TO ${quoteIdent(m.groups.owner)};`,
                "END",
            ].join("\n"),
        )}`,
    ];
}
