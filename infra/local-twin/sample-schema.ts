import { AccessModel, HELPER_SCHEMA, qualified, quoteIdent, quoteLiteral, resolveAccessModel, sampleSchemaMigrationSql } from "../../components/database-access";

/**
 * The sample application's migrations, run by its migrator login role (whose sessions act as the owner role), as an
 * application's own migrations would run. The access model's table phase then marks the classified columns
 * (`classification=phi`), which is how the database itself tells `verify` which data is regulated. Idempotent.
 */
export function sampleMigrationSql(model: AccessModel): string[] {
    return sampleSchemaMigrationSql(resolveAccessModel(model).schema);
}

/** Two fictitious tenants, so `svc_api` has something to isolate. */
export const SAMPLE_TENANTS = ["7d1e0c4a-3b8f-4f5e-9a61-2c0d5b8e4f11", "c2a9f6e8-1d47-4b3c-8e25-6f7a0b9d3c22"] as const;

/**
 * Seed rows per tenant, written with the tenant context set (the owner is subject to its own forced RLS, so it
 * writes as a tenant too). Each insert runs only when the tenant has no row yet: a second `local up` adds nothing.
 * All names are invented.
 */
export function sampleSeedSql(model: AccessModel, tenant: string, index: number): string[] {
    const m = resolveAccessModel(model);
    const t = (name: string) => qualified(m.schema, name);
    const clinic = index === 0 ? "Harbor Street Clinic" : "Northfield Family Practice";
    const patients = index === 0 ? ["Ada Example", "Ben Sample"] : ["Cleo Placeholder", "Dev Fictional"];
    return [
        `SELECT ${qualified(HELPER_SCHEMA, "set_tenant")}(${quoteLiteral(tenant)})`,
        `INSERT INTO ${t("clinics")} (tenant_id, name)
SELECT ${quoteLiteral(tenant)}, ${quoteLiteral(clinic)} WHERE NOT EXISTS (SELECT FROM ${t("clinics")})`,
        `INSERT INTO ${t("patients")} (tenant_id, full_name, date_of_birth, diagnosis)
SELECT ${quoteLiteral(tenant)}, v.full_name, v.dob::date, v.diagnosis
FROM (VALUES (${quoteLiteral(patients[0])}, '1980-04-02', 'seasonal allergy'), (${quoteLiteral(patients[1])}, '1992-11-17', 'sprained ankle')) AS v(full_name, dob, diagnosis)
WHERE NOT EXISTS (SELECT FROM ${t("patients")})`,
        `INSERT INTO ${t("appointments")} (tenant_id, patient_id, scheduled_at, notes)
SELECT p.tenant_id, p.id, TIMESTAMPTZ '2030-01-15 09:00:00+00' + (p.id % 5) * INTERVAL '1 day', 'follow-up'
FROM ${t("patients")} AS p
WHERE NOT EXISTS (SELECT FROM ${t("appointments")})`,
    ];
}
