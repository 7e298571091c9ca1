import { AccessTarget, HELPER_SCHEMA, ResolvedAccessModel } from "./model";
import { quoteIdent } from "./sql-quote";

/** Privileges granted by default on what the owner creates later in the application schema. */
export interface DefaultPrivilege {
    grantee: "app_rw" | "analytics_ro";
    objectType: "table" | "sequence";
    privileges: string[];
}

/**
 * Default privileges for tables and sequences the owner creates later (migrations). app_rw never gets DELETE by
 * default (only where the model lists it); analytics_ro gets SELECT only when classified tables are not excluded, so
 * a new classified table is never readable by analytics before the model says so.
 */
export function defaultPrivilegesFor(m: ResolvedAccessModel): DefaultPrivilege[] {
    return [
        { grantee: "app_rw", objectType: "table", privileges: ["SELECT", "INSERT", "UPDATE"] },
        // USAGE (nextval) only: SELECT reads last_value, which counts every tenant's rows (HPG-RLS-01).
        { grantee: "app_rw", objectType: "sequence", privileges: ["USAGE"] },
        { grantee: "analytics_ro", objectType: "table", privileges: m.analytics.excludeClassified ? [] : ["SELECT"] },
    ];
}

/** Schemas the model creates, each owned by the owner role, with the groups that get USAGE. */
export function schemaUsage(m: ResolvedAccessModel): Array<{ schema: string; usage: Array<"app_rw" | "analytics_ro" | "auditor"> }> {
    return [
        { schema: m.schema, usage: ["app_rw", "analytics_ro"] },
        // The helper schema holds the isolation helpers, the gaps view the auditor reads, and hpg.set_tenant, which the
        // application roles call to set the tenant of their transaction.
        { schema: HELPER_SCHEMA, usage: ["app_rw", "analytics_ro", "auditor"] },
    ];
}

/**
 * On RDS the master user is not a superuser: it must be a member of the owner role to set its default privileges
 * and to act as it for table statements. A CREATEROLE user may grant itself the roles it manages.
 */
export function adminActsAsOwnerSql(m: ResolvedAccessModel, target: AccessTarget): string[] {
    return target === "rds" ? [`GRANT ${quoteIdent(m.groups.owner)} TO CURRENT_USER`] : [];
}

/** Schemas, the public schema lockdown, the pgaudit extension and default privileges. */
export function schemaSql(m: ResolvedAccessModel): string[] {
    const owner = quoteIdent(m.groups.owner);
    const grantees = ["app_rw", "analytics_ro", "auditor"] as const;
    const out: string[] = [];
    for (const { schema, usage } of schemaUsage(m)) {
        const s = quoteIdent(schema);
        out.push(
            `CREATE SCHEMA IF NOT EXISTS ${s} AUTHORIZATION ${owner}`,
            `ALTER SCHEMA ${s} OWNER TO ${owner}`,
            `REVOKE ALL ON SCHEMA ${s} FROM PUBLIC, ${grantees.map((g) => quoteIdent(m.groups[g])).join(", ")}`,
            `GRANT USAGE ON SCHEMA ${s} TO ${usage.map((g) => quoteIdent(m.groups[g])).join(", ")}`,
        );
    }
    out.push(publicSchemaLockdownSql(), `CREATE EXTENSION IF NOT EXISTS ${quoteIdent("pgaudit")}`);
    for (const d of defaultPrivilegesFor(m)) {
        const on = d.objectType === "table" ? "TABLES" : "SEQUENCES";
        const prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${quoteIdent(m.schema)}`;
        out.push(`${prefix} REVOKE ALL ON ${on} FROM ${quoteIdent(m.groups[d.grantee])}`);
        if (d.privileges.length > 0) {
            out.push(`${prefix} GRANT ${d.privileges.join(", ")} ON ${on} TO ${quoteIdent(m.groups[d.grantee])}`);
        }
    }
    return out;
}

/** PUBLIC cannot create in schema public (HPG-ROLE-02; PostgreSQL 15's default, restated for databases upgraded from older versions). */
export function publicSchemaLockdownSql(): string {
    return "REVOKE CREATE ON SCHEMA public FROM PUBLIC";
}
