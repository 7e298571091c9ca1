import { AccessModel, DEFAULT_SCHEMA, HELPER_SCHEMA } from "./model";
import { dollarQuote, qualified, quoteIdent, quoteLiteral } from "./sql-quote";

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
 * the owner), creating the tables, then calling the helpers for tenant isolation and auditing. Idempotent, and it
 * upgrades a schema made by its earlier version (a single-column foreign key from appointments to patients).
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
        // Keys referenced by another tenant table include the tenant column: foreign-key checks bypass RLS (HPG-RLS-01).
        // The PRIMARY KEY makes id unique alone; this constraint exists to be referenced, and leads on id like the PK.
        `CREATE TABLE IF NOT EXISTS ${t("patients")} (
    tenant_id uuid NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    full_name text NOT NULL,
    date_of_birth date,
    diagnosis text,
    CONSTRAINT ${quoteIdent(PATIENT_TENANT_KEY)} UNIQUE (id, tenant_id)
)`,
        `CREATE TABLE IF NOT EXISTS ${t("appointments")} (
    tenant_id uuid NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id bigint NOT NULL,
    scheduled_at timestamptz NOT NULL,
    notes text,
    CONSTRAINT ${quoteIdent(APPOINTMENT_PATIENT_KEY)} FOREIGN KEY (tenant_id, patient_id) REFERENCES ${t("patients")} (tenant_id, id)
)`,
        tenantScopedReferenceUpgradeSql(schema),
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

/** The unique key of patients that appointments reference: (id, tenant_id). */
export const PATIENT_TENANT_KEY = "patients_id_tenant_id_key";
/** appointments' foreign key to patients, tenant column included. */
export const APPOINTMENT_PATIENT_KEY = "appointments_tenant_id_patient_id_fkey";
/** The single-column foreign key the sample's earlier version declared (PostgreSQL's name for `REFERENCES patients (id)`). */
export const LEGACY_APPOINTMENT_PATIENT_KEY = "appointments_patient_id_fkey";

/**
 * Upgrades a sample schema created with `patient_id … REFERENCES patients (id)`: adds patients' (id, tenant_id) key and
 * the tenant-scoped foreign key where missing, then drops the old key, in one statement, so a failure (an appointment
 * that already points at another tenant's patient) changes nothing and names the row. A no-op on the current schema.
 *
 * PostgreSQL validates a new foreign key with a query run as the current user when it owns both tables, and FORCE ROW
 * LEVEL SECURITY applies that user's policies to it: without a tenant context it sees no row and accepts any data.
 * So FORCE is lifted for the validation and put back in the same transaction, whose locks keep every other session out.
 */
export function tenantScopedReferenceUpgradeSql(schema = DEFAULT_SCHEMA): string {
    const patients = qualified(schema, "patients");
    const appointments = qualified(schema, "appointments");
    const hasConstraint = (table: string, name: string) =>
        `EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = ${quoteLiteral(table)}::pg_catalog.regclass AND conname = ${quoteLiteral(name)})`;
    const forced = (table: string) => `(SELECT relforcerowsecurity FROM pg_catalog.pg_class WHERE oid = ${quoteLiteral(table)}::pg_catalog.regclass)`;
    return `DO ${dollarQuote(
        [
            "DECLARE",
            `    patients_forced constant boolean := ${forced(patients)};`,
            `    appointments_forced constant boolean := ${forced(appointments)};`,
            "BEGIN",
            `    IF NOT ${hasConstraint(patients, PATIENT_TENANT_KEY)} THEN`,
            `        ALTER TABLE ${patients} ADD CONSTRAINT ${quoteIdent(PATIENT_TENANT_KEY)} UNIQUE (id, tenant_id);`,
            "    END IF;",
            `    IF NOT ${hasConstraint(appointments, APPOINTMENT_PATIENT_KEY)} THEN`,
            `        ALTER TABLE ${patients} NO FORCE ROW LEVEL SECURITY;`,
            `        ALTER TABLE ${appointments} NO FORCE ROW LEVEL SECURITY;`,
            `        ALTER TABLE ${appointments} ADD CONSTRAINT ${quoteIdent(APPOINTMENT_PATIENT_KEY)} FOREIGN KEY (tenant_id, patient_id) REFERENCES ${patients} (tenant_id, id);`,
            "        IF patients_forced THEN",
            `            ALTER TABLE ${patients} FORCE ROW LEVEL SECURITY;`,
            "        END IF;",
            "        IF appointments_forced THEN",
            `            ALTER TABLE ${appointments} FORCE ROW LEVEL SECURITY;`,
            "        END IF;",
            "    END IF;",
            `    ALTER TABLE ${appointments} DROP CONSTRAINT IF EXISTS ${quoteIdent(LEGACY_APPOINTMENT_PATIENT_KEY)};`,
            "END",
        ].join("\n"),
    )}`;
}
