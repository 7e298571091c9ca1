import { AUDIT_ROLE, AUDITOR_PREDEFINED_ROLES, GROUP_KINDS, RDS_IAM_ROLE, ResolvedAccessModel } from "./model";
import { createRoleIfMissingSql } from "./role-sql";
import { publicSchemaLockdownSql } from "./schema-sql";
import { dollarQuote, quoteIdent, quoteLiteral } from "./sql-quote";

/** The role DatabaseAccess applies the model as, logging in with IAM database authentication (never a password). */
export const ADMIN_ROLE = "hpg_access_admin";

/** Every role the model declares, which the admin role creates, alters and drops. */
export function modelRoleNames(m: ResolvedAccessModel): string[] {
    return [...GROUP_KINDS.map((k) => m.groups[k]), AUDIT_ROLE, ...m.loginRoles.map((l) => l.name)];
}

/**
 * Run once per apply as the RDS master user (a member of rds_superuser), idempotently: the admin role and exactly what
 * the @pulumi/postgresql resources and the access SQL need beyond what CREATEROLE gives it.
 */
export function adminRoleBootstrapSql(m: ResolvedAccessModel, database: string, admin: string = ADMIN_ROLE): string[] {
    const a = quoteIdent(admin);
    return [
        masterIsNotAdminSql(admin),
        createRoleIfMissingSql(admin, true),
        // CREATEROLE: create, alter and drop the model's roles (on 16+ only those it created or holds ADMIN OPTION on).
        // PASSWORD NULL: it logs in only with an IAM token (RDS authenticates rds_iam members through IAM alone).
        `ALTER ROLE ${a} LOGIN NOCREATEDB CREATEROLE INHERIT CONNECTION LIMIT -1 PASSWORD NULL`,
        // ADMIN OPTION: PostgreSQL 16 lets CREATEROLE grant only roles it holds ADMIN OPTION on; rds_iam is also its own login path.
        `GRANT ${quoteIdent(RDS_IAM_ROLE)} TO ${a} WITH ADMIN OPTION`,
        ...AUDITOR_PREDEFINED_ROLES.map((r) => `GRANT ${quoteIdent(r)} TO ${a} WITH ADMIN OPTION`),
        // The model's schemas (app, hpg) are created in this database.
        `GRANT CREATE ON DATABASE ${quoteIdent(database)} TO ${a}`,
        // Only the database owner (the master user) can revoke it; the admin role's REVOKE would be a silent no-op.
        publicSchemaLockdownSql(),
        // RDS lets rds_superuser members create pgaudit; the admin role is not one.
        `CREATE EXTENSION IF NOT EXISTS ${quoteIdent("pgaudit")}`,
        adoptRolesSql(modelRoleNames(m), admin),
    ];
}

/** The master user must be another role: the bootstrap would otherwise strip its own password. */
function masterIsNotAdminSql(admin: string): string {
    return `DO ${dollarQuote(
        [
            "BEGIN",
            `    IF current_user = ${quoteLiteral(admin)} THEN`,
            `        RAISE EXCEPTION 'the master user is named %, the role DatabaseAccess applies the model as: give HardenedPostgres another masterUsername', current_user;`,
            "    END IF;",
            "END",
        ].join("\n"),
    )}`;
}

/**
 * Model roles that already exist (a stack that applied the model as the master user) are granted to the admin role
 * WITH ADMIN OPTION, so on PostgreSQL 16+ it may alter and drop them too. Roles it created itself are skipped.
 */
function adoptRolesSql(roles: string[], admin: string): string {
    return `DO ${dollarQuote(
        [
            "DECLARE",
            "    r text;",
            "BEGIN",
            `    FOREACH r IN ARRAY ARRAY[${roles.map(quoteLiteral).join(", ")}]::text[] LOOP`,
            "        IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) AND NOT EXISTS (",
            "            SELECT FROM pg_catalog.pg_auth_members m",
            "            WHERE m.roleid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = r)",
            `              AND m.member = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(admin)}) AND m.admin_option) THEN`,
            `            EXECUTE format('GRANT %I TO %I WITH ADMIN OPTION', r, ${quoteLiteral(admin)});`,
            "        END IF;",
            "    END LOOP;",
            "END",
        ].join("\n"),
    )}`;
}

/**
 * Run as the master user when DatabaseAccess leaves the stack, after every resource the admin role applied is gone:
 * drops the admin role and what it still owns or was granted. The pgaudit extension stays (it logs DDL for every role).
 */
export function adminRoleRemovalSql(admin: string = ADMIN_ROLE): string[] {
    const a = quoteIdent(admin);
    return [
        `DO ${dollarQuote(
            [
                "BEGIN",
                `    IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(admin)}) THEN`,
                // REASSIGN OWNED and DROP OWNED need the privileges of the role (PostgreSQL 16: membership with INHERIT).
                `        GRANT ${a} TO CURRENT_USER;`,
                `        REASSIGN OWNED BY ${a} TO CURRENT_USER;`,
                `        DROP OWNED BY ${a};`,
                `        DROP ROLE ${a};`,
                "    END IF;",
                "END",
            ].join("\n"),
        )}`,
    ];
}
