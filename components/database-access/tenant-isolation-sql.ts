import { TENANT_TRANSACTION_SETTING } from "../catalog";
import { AUDIT_ROLE, HELPER_SCHEMA, ResolvedAccessModel, TENANT_POLICY } from "./model";
import { isolationGapsViewSql } from "./isolation-gaps-sql";
import { dollarQuote, qualified, quoteIdent, quoteLiteral } from "./sql-quote";

const fn = (name: string) => qualified(HELPER_SCHEMA, name);

/** A restrictive twin of the tenant policy: a permissive policy someone adds later can never widen access past the tenant. */
export const TENANT_GUARD_POLICY = `${TENANT_POLICY}_guard`;

/** The start time of the current transaction, as text: what `hpg.set_tenant` binds the context to. */
const TRANSACTION_TOKEN_SQL = "(extract(epoch from pg_catalog.transaction_timestamp()))::text";

/**
 * The tenant context, read once per statement (an initPlan). It is the tenant setting only while the context was set
 * by `hpg.set_tenant` in this very transaction (TENANT_TRANSACTION_SETTING holds that transaction's start time);
 * otherwise, and when unset or empty, it is NULL, so `column = NULL` matches no row and admits no write (HPG-RLS-01
 * fails closed). A session-level `SET app.tenant_id` therefore never grants a row, now or on a later transaction.
 */
export function tenantContextSql(m: ResolvedAccessModel): string {
    return (
        `(select case when pg_catalog.current_setting(${quoteLiteral(TENANT_TRANSACTION_SETTING)}, true) = ${TRANSACTION_TOKEN_SQL}` +
        ` then nullif(pg_catalog.current_setting(${quoteLiteral(m.tenant.setting)}, true), '')::${m.tenant.type} end)`
    );
}

/**
 * One statement that sets the tenant context of the current transaction to `$1`, as `hpg.set_tenant` does; for
 * databases without the helper schema (the bench's own tables).
 */
export function setTenantContextStatementSql(m: ResolvedAccessModel): string {
    return `SELECT pg_catalog.set_config(${quoteLiteral(TENANT_TRANSACTION_SETTING)}, ${TRANSACTION_TOKEN_SQL}, true), pg_catalog.set_config(${quoteLiteral(m.tenant.setting)}, $1, true)`;
}

/**
 * `hpg.set_tenant(text)`: what the application calls inside each transaction (`BEGIN; SELECT hpg.set_tenant($1); …`).
 * Both settings are transaction-local (set_config's third argument), so commit or rollback forgets them.
 */
export function setTenantFunctionSql(m: ResolvedAccessModel): string {
    const body = [
        `SELECT pg_catalog.set_config(${quoteLiteral(TENANT_TRANSACTION_SETTING)}, ${TRANSACTION_TOKEN_SQL}, true);`,
        `SELECT pg_catalog.set_config(${quoteLiteral(m.tenant.setting)}, tenant::text, true);`,
    ].join("\n");
    return [
        `CREATE OR REPLACE FUNCTION ${fn("set_tenant")}(tenant text)`,
        "RETURNS void LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp",
        `AS ${dollarQuote(body)}`,
    ].join("\n");
}

/** The policy rule for one table: its tenant column equals the context. */
export function rlsPolicyRuleSql(m: ResolvedAccessModel, column = m.tenant.column): string {
    return `${quoteIdent(column)} = ${tenantContextSql(m)}`;
}

/**
 * `hpg.enable_tenant_isolation(regclass [, column])`: what migrations call for every new tenant table. Enables and forces
 * RLS and (re)creates the tenant policy (permissive, for reads and writes) and its restrictive guard. Runs as the caller,
 * who must own the table: migrations run as the owner.
 */
export function enableTenantIsolationFunctionSql(m: ResolvedAccessModel): string {
    const body = [
        "DECLARE",
        `    tenant_context constant text := ${quoteLiteral(tenantContextSql(m))};`,
        "    rule text;",
        "BEGIN",
        "    IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = tbl AND attname = tenant_column AND attnum > 0 AND NOT attisdropped) THEN",
        "        RAISE EXCEPTION 'table % has no column %: tenant isolation needs the tenant column', tbl, tenant_column;",
        "    END IF;",
        "    rule := format('%I = %s', tenant_column, tenant_context);",
        "    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);",
        "    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);",
        `    IF EXISTS (SELECT FROM pg_policy WHERE polrelid = tbl AND polname = ${quoteLiteral(TENANT_POLICY)}) THEN`,
        `        EXECUTE format('ALTER POLICY %I ON %s USING (%s) WITH CHECK (%s)', ${quoteLiteral(TENANT_POLICY)}, tbl, rule, rule);`,
        "    ELSE",
        `        EXECUTE format('CREATE POLICY %I ON %s AS PERMISSIVE FOR ALL TO PUBLIC USING (%s) WITH CHECK (%s)', ${quoteLiteral(TENANT_POLICY)}, tbl, rule, rule);`,
        "    END IF;",
        `    IF EXISTS (SELECT FROM pg_policy WHERE polrelid = tbl AND polname = ${quoteLiteral(TENANT_GUARD_POLICY)}) THEN`,
        `        EXECUTE format('ALTER POLICY %I ON %s USING (%s) WITH CHECK (%s)', ${quoteLiteral(TENANT_GUARD_POLICY)}, tbl, rule, rule);`,
        "    ELSE",
        `        EXECUTE format('CREATE POLICY %I ON %s AS RESTRICTIVE FOR ALL TO PUBLIC USING (%s) WITH CHECK (%s)', ${quoteLiteral(TENANT_GUARD_POLICY)}, tbl, rule, rule);`,
        "    END IF;",
        "END",
    ].join("\n");
    return [
        `CREATE OR REPLACE FUNCTION ${fn("enable_tenant_isolation")}(tbl regclass, tenant_column name DEFAULT ${quoteLiteral(m.tenant.column)})`,
        "RETURNS void LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp",
        `AS ${dollarQuote(body)}`,
    ].join("\n");
}

/** `hpg.audit_classified(regclass)`: what migrations call for every new classified table (HPG-AUD-05). */
export function auditClassifiedFunctionSql(): string {
    const body = ["BEGIN", `    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %s TO %I', tbl, ${quoteLiteral(AUDIT_ROLE)});`, "END"].join("\n");
    return [
        `CREATE OR REPLACE FUNCTION ${fn("audit_classified")}(tbl regclass)`,
        "RETURNS void LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp",
        `AS ${dollarQuote(body)}`,
    ].join("\n");
}

/** The helpers in the helper schema, created as the owner so the owner owns them; callable by the owner only. */
export function helperSql(m: ResolvedAccessModel): string[] {
    const owner = quoteIdent(m.groups.owner);
    return [
        `SET ROLE ${owner}`,
        setTenantFunctionSql(m),
        enableTenantIsolationFunctionSql(m),
        auditClassifiedFunctionSql(),
        isolationGapsViewSql(m),
        `REVOKE ALL ON FUNCTION ${fn("enable_tenant_isolation")}(regclass, name), ${fn("audit_classified")}(regclass) FROM PUBLIC`,
        `REVOKE ALL ON FUNCTION ${fn("set_tenant")}(text) FROM PUBLIC`,
        `GRANT EXECUTE ON FUNCTION ${fn("set_tenant")}(text) TO ${[m.groups.owner, m.groups.app_rw, m.groups.analytics_ro].map(quoteIdent).join(", ")}`,
        `REVOKE ALL ON TABLE ${fn("isolation_gaps")} FROM PUBLIC`,
        `GRANT SELECT ON TABLE ${fn("isolation_gaps")} TO ${quoteIdent(m.groups.auditor)}`,
        "RESET ROLE",
    ];
}

/** Tenant isolation on one declared table, through the same helper migrations call. */
export function tenantIsolationSql(m: ResolvedAccessModel, table: string): string {
    return `SELECT ${fn("enable_tenant_isolation")}(${quoteLiteral(qualified(m.schema, table))}::regclass, ${quoteLiteral(m.tenant.column)})`;
}

/** What removing the helpers and the tenant policies leaves: RLS still forced and no policy, so no rows (fails closed). */
export function dropTenantIsolationSql(m: ResolvedAccessModel): string[] {
    const out: string[] = [];
    for (const t of m.tables.filter((t) => t.tenantScoped)) {
        for (const policy of [TENANT_POLICY, TENANT_GUARD_POLICY]) {
            out.push(ifTableExists(m, t.name, `DROP POLICY IF EXISTS ${quoteIdent(policy)} ON ${qualified(m.schema, t.name)};`));
        }
    }
    out.push(
        `DROP VIEW IF EXISTS ${fn("isolation_gaps")}`,
        `DROP FUNCTION IF EXISTS ${fn("set_tenant")}(text)`,
        `DROP FUNCTION IF EXISTS ${fn("enable_tenant_isolation")}(regclass, name)`,
        `DROP FUNCTION IF EXISTS ${fn("audit_classified")}(regclass)`,
    );
    return out;
}

/** Runs `statement` only when the table exists (for delete paths, where a missing table is not an error). */
export function ifTableExists(m: ResolvedAccessModel, table: string, statement: string): string {
    return `DO ${dollarQuote(["BEGIN", `    IF pg_catalog.to_regclass(${quoteLiteral(qualified(m.schema, table))}) IS NOT NULL THEN`, `        ${statement}`, "    END IF;", "END"].join("\n"))}`;
}
