import { DEFAULT_ADMIN_ROLES } from "../catalog";
import {
    AccessModel,
    ALLOWED_TABLE_PRIVILEGES,
    CLASSIFICATIONS,
    GRANTEE_KINDS,
    GROUP_KINDS,
    GranteeKind,
    HELPER_SCHEMA,
    LOGIN_AUTHS,
    resolveAccessModel,
    TABLE_PRIVILEGES,
    TENANT_ID_TYPES,
} from "./model";

/** One problem in a model: the field (a path such as `tables[0].privileges.app_rw[1]`), the value, and what is allowed. */
export interface AccessModelIssue {
    field: string;
    value: unknown;
    message: string;
}

/** A model that must not be applied. Thrown by `validateAccessModel` before any statement is rendered or run. */
export class AccessModelError extends Error {
    constructor(public readonly issues: AccessModelIssue[]) {
        super(issues.map((i) => i.message).join("\n"));
        this.name = "AccessModelError";
    }
}

/** Lower-case SQL identifiers only: they need no quoting to be read, and `$` would end a dollar-quoted DO body. */
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const MAX_IDENTIFIER_BYTES = 63;
/** A custom setting needs a prefix (PostgreSQL: "placeholder" parameters are two-part names). */
const SETTING_NAME = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;
const MAX_CONNECTION_LIMIT = 10_000;
const MAX_STATEMENT_TIMEOUT_MS = 24 * 3600 * 1000;

const MODEL_KEYS = ["schema", "groups", "loginRoles", "tenant", "tables", "analytics"];
const LOGIN_KEYS = ["name", "service", "group", "auth", "connectionLimit", "statementTimeoutMs", "superuser", "createRole", "createDatabase", "bypassRowLevelSecurity", "replication"];
const TABLE_KEYS = ["name", "tenantScoped", "classified", "privileges"];
const TENANT_KEYS = ["setting", "column", "type"];
const ANALYTICS_KEYS = ["excludeClassified"];
type LoginAttribute = "superuser" | "createRole" | "createDatabase" | "bypassRowLevelSecurity" | "replication";
const LOGIN_ATTRIBUTES: Array<[LoginAttribute, string]> = [
    ["superuser", "SUPERUSER"],
    ["createRole", "CREATEROLE"],
    ["createDatabase", "CREATEDB"],
    ["bypassRowLevelSecurity", "BYPASSRLS"],
    ["replication", "REPLICATION"],
];

function show(value: unknown): string {
    if (typeof value === "string") {
        return `'${value}'`;
    }
    if (value === undefined) {
        return "undefined";
    }
    return JSON.stringify(value);
}

function list(values: readonly string[]): string {
    return values.join(", ");
}

/** Role names the model may not take: PostgreSQL's and RDS's reserved prefixes, PUBLIC, and the catalog's admin roles. */
function reservedRoleReason(name: string): string | undefined {
    if (name.startsWith("pg_") || name.startsWith("rds")) {
        return "the pg_ and rds prefixes are reserved for PostgreSQL and RDS roles";
    }
    if (["public", "postgres", "none", "current_user", "current_role", "session_user"].includes(name)) {
        return "it is a reserved role name";
    }
    return undefined;
}

/**
 * Checks a model before anything is rendered or applied. Throws `AccessModelError` listing every problem, each naming
 * the field, the value and what is allowed; returns the model unchanged when it is valid.
 */
export function validateAccessModel(model: AccessModel): AccessModel {
    const issues: AccessModelIssue[] = [];
    const fail = (field: string, value: unknown, message: string) => issues.push({ field, value, message: `[${field}] ${message}` });
    const identifier = (field: string, value: unknown): value is string => {
        if (typeof value !== "string" || !IDENTIFIER.test(value) || Buffer.byteLength(value) > MAX_IDENTIFIER_BYTES) {
            fail(field, value, `${show(value)} is not a valid identifier: use lower-case letters, digits and _, starting with a letter or _, at most ${MAX_IDENTIFIER_BYTES} bytes`);
            return false;
        }
        return true;
    };
    const onlyKeys = (field: string, value: unknown, allowed: string[]) => {
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            fail(field, value, `must be an object`);
            return false;
        }
        for (const key of Object.keys(value)) {
            if (!allowed.includes(key)) {
                fail(field ? `${field}.${key}` : key, (value as Record<string, unknown>)[key], `is not a field of the access model here (allowed: ${list(allowed)})`);
            }
        }
        return true;
    };

    if (!onlyKeys("", model, MODEL_KEYS)) {
        throw new AccessModelError(issues);
    }
    if (model.schema !== undefined && identifier("schema", model.schema) && ["public", HELPER_SCHEMA, "information_schema"].includes(model.schema)) {
        fail("schema", model.schema, `${show(model.schema)} is reserved: the application schema must be its own (not public, ${HELPER_SCHEMA} or information_schema)`);
    }
    if (typeof model.schema === "string" && model.schema.startsWith("pg_")) {
        fail("schema", model.schema, `${show(model.schema)} is reserved: schema names starting with pg_ belong to PostgreSQL`);
    }

    // Group roles.
    const roleNames = new Map<string, string>();
    const claim = (field: string, name: string) => {
        const other = roleNames.get(name);
        if (other !== undefined) {
            fail(field, name, `${show(name)} is already the name of ${other}: every role of the model has its own name`);
        } else {
            roleNames.set(name, field);
        }
    };
    if (model.groups !== undefined && onlyKeys("groups", model.groups, [...GROUP_KINDS])) {
        for (const [kind, name] of Object.entries(model.groups)) {
            const field = `groups.${kind}`;
            if (identifier(field, name)) {
                const reserved = reservedRoleReason(name);
                if (reserved) {
                    fail(field, name, `${show(name)} cannot be used: ${reserved}`);
                } else if (kind !== "owner" && DEFAULT_ADMIN_ROLES.includes(name)) {
                    fail(field, name, `${show(name)} is an admin role name in the control catalog; only the owner group may use it`);
                }
            }
        }
    }
    const groupNames = { ...resolveGroupNames(model) };
    for (const kind of GROUP_KINDS) {
        if (typeof groupNames[kind] === "string") {
            claim(`groups.${kind}`, groupNames[kind]);
        }
    }

    // Login roles.
    if (!Array.isArray(model.loginRoles)) {
        fail("loginRoles", model.loginRoles, "must be a list of login roles (one per service)");
    } else {
        const services = new Map<string, string>();
        model.loginRoles.forEach((login, i) => {
            const at = `loginRoles[${i}]`;
            if (!onlyKeys(at, login, LOGIN_KEYS)) {
                return;
            }
            if (identifier(`${at}.name`, login.name)) {
                const reserved = reservedRoleReason(login.name);
                if (reserved) {
                    fail(`${at}.name`, login.name, `${show(login.name)} cannot be used: ${reserved}`);
                } else if (DEFAULT_ADMIN_ROLES.includes(login.name)) {
                    fail(`${at}.name`, login.name, `${show(login.name)} is an admin role name in the control catalog; a service login role must not use it`);
                } else {
                    const previous = roleNames.get(login.name);
                    if (previous !== undefined && previous.startsWith("loginRoles[")) {
                        fail(`${at}.name`, login.name, `${show(login.name)} is declared twice (also ${previous}): a login role belongs to one service and is never shared`);
                    } else {
                        claim(`${at}.name`, login.name);
                    }
                }
            }
            if (typeof login.service !== "string" || login.service.trim() === "") {
                fail(`${at}.service`, login.service, `must name the service that uses this login role`);
            } else if (services.has(login.service)) {
                fail(`${at}.service`, login.service, `service ${show(login.service)} already has login role ${show(services.get(login.service))}: one login role per service`);
            } else {
                services.set(login.service, String(login.name));
            }
            if (!(GROUP_KINDS as readonly unknown[]).includes(login.group)) {
                fail(`${at}.group`, login.group, `${show(login.group)} is not a group role: a login role is a member of exactly one of ${list(GROUP_KINDS)}`);
            }
            if (!(LOGIN_AUTHS as readonly unknown[]).includes(login.auth)) {
                fail(`${at}.auth`, login.auth, `${show(login.auth)} is not an authentication method (allowed: ${list(LOGIN_AUTHS)})`);
            }
            if (login.connectionLimit !== undefined && !(Number.isInteger(login.connectionLimit) && login.connectionLimit >= 1 && login.connectionLimit <= MAX_CONNECTION_LIMIT)) {
                fail(`${at}.connectionLimit`, login.connectionLimit, `${show(login.connectionLimit)} must be a whole number from 1 to ${MAX_CONNECTION_LIMIT}`);
            }
            if (login.statementTimeoutMs !== undefined && !(Number.isInteger(login.statementTimeoutMs) && login.statementTimeoutMs >= 1 && login.statementTimeoutMs <= MAX_STATEMENT_TIMEOUT_MS)) {
                fail(`${at}.statementTimeoutMs`, login.statementTimeoutMs, `${show(login.statementTimeoutMs)} must be a whole number of milliseconds from 1 to ${MAX_STATEMENT_TIMEOUT_MS} (24 hours)`);
            }
            for (const [attribute, sql] of LOGIN_ATTRIBUTES) {
                if (login[attribute] !== undefined && login[attribute] !== false) {
                    fail(`${at}.${attribute}`, login[attribute], `must be false: a login role never holds ${sql} (HPG-ROLE-01)`);
                }
            }
        });
    }

    // Tenant context.
    if (model.tenant !== undefined && onlyKeys("tenant", model.tenant, TENANT_KEYS)) {
        const { setting, column, type } = model.tenant;
        if (setting !== undefined && (typeof setting !== "string" || !SETTING_NAME.test(setting))) {
            fail("tenant.setting", setting, `${show(setting)} is not a custom setting name: use a prefixed lower-case name such as 'app.tenant_id'`);
        }
        if (column !== undefined) {
            identifier("tenant.column", column);
        }
        if (type !== undefined && !(TENANT_ID_TYPES as readonly unknown[]).includes(type)) {
            fail("tenant.type", type, `${show(type)} is not a supported tenant id type (allowed: ${list(TENANT_ID_TYPES)})`);
        }
    }
    let excludeClassified = true;
    if (model.analytics !== undefined && onlyKeys("analytics", model.analytics, ANALYTICS_KEYS)) {
        if (model.analytics.excludeClassified !== undefined && typeof model.analytics.excludeClassified !== "boolean") {
            fail("analytics.excludeClassified", model.analytics.excludeClassified, `must be true or false`);
        } else {
            excludeClassified = model.analytics.excludeClassified ?? true;
        }
    }

    // Tables.
    if (!Array.isArray(model.tables)) {
        fail("tables", model.tables, "must be a list of tables (it may be empty)");
    } else {
        const tableNames = new Map<string, number>();
        model.tables.forEach((table, i) => {
            const at = `tables[${i}]`;
            if (!onlyKeys(at, table, TABLE_KEYS)) {
                return;
            }
            if (identifier(`${at}.name`, table.name)) {
                if (tableNames.has(table.name)) {
                    fail(`${at}.name`, table.name, `${show(table.name)} is declared twice (also tables[${tableNames.get(table.name)}])`);
                } else {
                    tableNames.set(table.name, i);
                }
            }
            if (table.tenantScoped !== undefined && typeof table.tenantScoped !== "boolean") {
                fail(`${at}.tenantScoped`, table.tenantScoped, `must be true or false`);
            }
            let classified = false;
            if (table.classified !== undefined && onlyKeys(`${at}.classified`, table.classified, Object.keys(table.classified ?? {}))) {
                for (const [column, classification] of Object.entries(table.classified)) {
                    identifier(`${at}.classified.${column}`, column);
                    if (!(CLASSIFICATIONS as readonly unknown[]).includes(classification)) {
                        fail(`${at}.classified.${column}`, classification, `${show(classification)} is not a classification (allowed: ${list(CLASSIFICATIONS)})`);
                    }
                    classified = true;
                }
            }
            if (table.privileges !== undefined && typeof table.privileges === "object" && table.privileges !== null) {
                for (const [grantee, privileges] of Object.entries(table.privileges)) {
                    const field = `${at}.privileges.${grantee}`;
                    if (grantee === "owner") {
                        fail(field, privileges, `the owner owns the table and is never granted privileges on it (grantees: ${list(GRANTEE_KINDS)})`);
                        continue;
                    }
                    if (!(GRANTEE_KINDS as readonly string[]).includes(grantee)) {
                        fail(field, privileges, `${show(grantee)} is not a group role of the model (grantees: ${list(GRANTEE_KINDS)})`);
                        continue;
                    }
                    if (!Array.isArray(privileges)) {
                        fail(field, privileges, `must be a list of privileges (allowed: ${list(ALLOWED_TABLE_PRIVILEGES[grantee as GranteeKind])})`);
                        continue;
                    }
                    privileges.forEach((privilege: unknown, j: number) => {
                        if (!(TABLE_PRIVILEGES as readonly unknown[]).includes(privilege)) {
                            fail(`${field}[${j}]`, privilege, `${show(privilege)} is not a table privilege (allowed: ${list(TABLE_PRIVILEGES)})`);
                        } else if (!ALLOWED_TABLE_PRIVILEGES[grantee as GranteeKind].includes(privilege as never)) {
                            fail(`${field}[${j}]`, privilege, `${grantee} is read-only: ${show(privilege)} is not allowed (allowed: ${list(ALLOWED_TABLE_PRIVILEGES[grantee as GranteeKind])})`);
                        }
                    });
                    if (grantee === "analytics_ro" && classified && excludeClassified && privileges.length > 0) {
                        fail(field, privileges, `the table is classified and analytics.excludeClassified is true: analytics_ro gets no privilege on it`);
                    }
                }
            } else if (table.privileges !== undefined) {
                fail(`${at}.privileges`, table.privileges, `must be an object of group role → privileges`);
            }
        });
    }

    if (issues.length > 0) {
        throw new AccessModelError(issues);
    }
    return model;
}

function resolveGroupNames(model: AccessModel): Record<string, string> {
    const groups = model.groups && typeof model.groups === "object" ? model.groups : {};
    return resolveAccessModel({ loginRoles: [], tables: [], groups }).groups;
}
