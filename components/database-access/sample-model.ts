import { AccessModel, DEFAULT_SCHEMA, HELPER_SCHEMA } from "./model";
import { qualified, quoteIdent } from "./sql-quote";

/**
 * The sample model `local up` applies and the tests use: a multi-tenant clinic schema with PHI and PII columns,
 * one login role per service, one per group.
 */
export const SAMPLE_ACCESS_MODEL: AccessModel = {
    schema: DEFAULT_SCHEMA,
    loginRoles: [
        { name: "svc_migrate", service: "migrations", group: "owner", auth: "password" },
        { name: "svc_api", service: "api", group: "app_rw", auth: "password" },
        { name: "svc_reporting", service: "reporting", group: "analytics_ro", auth: "password" },
        { name: "svc_audit", service: "audit-evidence", group: "auditor", auth: "password" },
    ],
    tables: [
        { name: "clinics" },
        { name: "patients", classified: { full_name: "pii", date_of_birth: "phi", diagnosis: "phi" } },
        { name: "appointments", classified: { notes: "phi" }, privileges: { app_rw: ["SELECT", "INSERT", "UPDATE", "DELETE"] } },
    ],
};

/**
 * The sample schema's migration, as an application would run it: as a member of the owner group (whose sessions act as
 * the owner), creating the tables, then calling the helpers for tenant isolation and auditing. Idempotent.
 */
export function sampleSchemaMigrationSql(schema = DEFAULT_SCHEMA): string[] {
    const t = (name: string) => qualified(schema, name);
    const h = (name: string) => qualified(HELPER_SCHEMA, name);
    const lit = (name: string) => `'${t(name).replace(/'/g, "''")}'`;
    return [
        `CREATE TABLE IF NOT EXISTS ${t("clinics")} (
    tenant_id uuid NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL
)`,
        `CREATE TABLE IF NOT EXISTS ${t("patients")} (
    tenant_id uuid NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    full_name text NOT NULL,
    date_of_birth date,
    diagnosis text
)`,
        `CREATE TABLE IF NOT EXISTS ${t("appointments")} (
    tenant_id uuid NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id bigint NOT NULL REFERENCES ${t("patients")} (id),
    scheduled_at timestamptz NOT NULL,
    notes text
)`,
        // An index leading on the tenant column per tenant table: without it every RLS-filtered query reads the whole table.
        ...["clinics", "patients", "appointments"].map((name) => `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${name}_tenant_id_idx`)} ON ${t(name)} (tenant_id)`),
        `SELECT ${h("enable_tenant_isolation")}(${lit("clinics")}::regclass)`,
        `SELECT ${h("enable_tenant_isolation")}(${lit("patients")}::regclass)`,
        `SELECT ${h("enable_tenant_isolation")}(${lit("appointments")}::regclass)`,
        `SELECT ${h("audit_classified")}(${lit("patients")}::regclass)`,
        `SELECT ${h("audit_classified")}(${lit("appointments")}::regclass)`,
        // Views over tenant tables run with the caller's privileges, so RLS applies to the caller (HPG-RLS-02).
        `CREATE OR REPLACE VIEW ${t("upcoming_appointments")} WITH (security_invoker = true) AS
SELECT a.tenant_id, a.id, a.scheduled_at, p.full_name
FROM ${t("appointments")} a JOIN ${t("patients")} p ON p.id = a.patient_id AND p.tenant_id = a.tenant_id
WHERE a.scheduled_at >= now()`,
    ];
}
