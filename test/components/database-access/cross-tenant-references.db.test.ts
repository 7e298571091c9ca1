/**
 * Foreign-key checks bypass row-level security: the sample schema's keys between tenant tables include the tenant
 * column, so no tenant can reference (or probe) another tenant's rows; the migration upgrades a schema made with the
 * earlier single-column key; and `hpg.isolation_gaps` names any key that leaves the tenant column out. Real roles over
 * TLS (verify-full) on PostgreSQL 15.
 */
import { Client } from "pg";
import { sampleSchemaMigrationSql } from "../../../components/database-access/sample-model";
import { provisionSampleDatabase, ProvisionedDatabase, withTenant } from "../../support/pg-access";
import { startThrowawayCluster, ThrowawayCluster } from "../../support/pg-cluster";

const TENANT_A = "11111111-1111-4111-8111-111111111111";
const TENANT_B = "22222222-2222-4222-8222-222222222222";
const COMPOSITE_FK_VIOLATION = 'insert or update on table "appointments" violates foreign key constraint "appointments_tenant_id_patient_id_fkey"';
const LEGACY_GAP = {
    object: "app.appointments",
    control: "HPG-RLS-01",
    problem: "foreign key appointments_patient_id_fkey references app.patients without the tenant column: reference (tenant_id, patient_id) → app.patients (tenant_id, id) with a UNIQUE (tenant_id, id)",
    kind: "control",
};

let cluster: ThrowawayCluster;
let db: ProvisionedDatabase;
let api: Client;
let migrator: Client;
let audit: Client;
const patientOf: Record<string, number> = {};

beforeAll(async () => {
    cluster = await startThrowawayCluster();
    db = await provisionSampleDatabase(cluster);
    [api, migrator, audit] = await Promise.all([db.connectAs("svc_api"), db.connectAs("svc_migrate"), db.connectAs("svc_audit")]);
    for (const tenant of [TENANT_A, TENANT_B]) {
        patientOf[tenant] = await withTenant(api, tenant, async () =>
            Number((await api.query("INSERT INTO app.patients (tenant_id, full_name) VALUES ($1, 'someone') RETURNING id", [tenant])).rows[0].id),
        );
    }
}, 120_000);

afterAll(async () => {
    await cluster?.destroy();
});

/** Keys of the sample's tables, as PostgreSQL prints them. */
async function keys(): Promise<string[]> {
    const { rows } = await db.admin.query(
        `SELECT format('%s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) AS k FROM pg_constraint
         WHERE connamespace = 'app'::regnamespace AND contype IN ('p', 'u', 'f') ORDER BY 1`,
    );
    return rows.map((r) => r.k);
}

/** Tables of the sample whose owner is subject to row-level security (FORCE). */
async function forcedTables(): Promise<string[]> {
    const { rows } = await db.admin.query("SELECT relname FROM pg_class WHERE relnamespace = 'app'::regnamespace AND relforcerowsecurity ORDER BY 1");
    return rows.map((r) => r.relname);
}

const controlGaps = async () => (await audit.query("SELECT object, control, problem, kind FROM hpg.isolation_gaps WHERE kind = 'control' ORDER BY 1, 3")).rows;

/** Inserts an appointment as svc_api in `tenant`'s context for `patient`, and rolls it back. */
async function appointmentFor(tenant: string, patient: number): Promise<void> {
    await api.query("BEGIN");
    try {
        await api.query("SELECT hpg.set_tenant($1)", [tenant]);
        await api.query("INSERT INTO app.appointments (tenant_id, patient_id, scheduled_at) VALUES ($1, $2, now())", [tenant, patient]);
    } finally {
        await api.query("ROLLBACK");
    }
}

test("the sample schema's only foreign key pairs the tenant columns, and references a unique key that includes them", async () => {
    expect(await keys()).toEqual([
        "app.appointments appointments_pkey PRIMARY KEY (id)",
        "app.appointments appointments_tenant_id_patient_id_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES app.patients(tenant_id, id)",
        "app.clinics clinics_pkey PRIMARY KEY (id)",
        "app.patients patients_id_tenant_id_key UNIQUE (id, tenant_id)",
        "app.patients patients_pkey PRIMARY KEY (id)",
    ]);
    expect(await controlGaps()).toEqual([]);
});

describe("as svc_api in tenant A's context", () => {
    test("an appointment for its own patient is accepted", async () => {
        await expect(appointmentFor(TENANT_A, patientOf[TENANT_A])).resolves.toBeUndefined();
    });

    test("an appointment that references tenant B's patient is refused by the foreign key", async () => {
        await expect(appointmentFor(TENANT_A, patientOf[TENANT_B])).rejects.toThrow(COMPOSITE_FK_VIOLATION);
    });

    test("the refusal is the same for B's patient and for an id no tenant has, so it reveals nothing about B", async () => {
        const probe = async (patient: number) => appointmentFor(TENANT_A, patient).then(() => "accepted", (e: { message: string; detail?: string }) => [e.message, e.detail?.replace(String(patient), "<id>")]);
        expect(await probe(patientOf[TENANT_B])).toEqual(await probe(999_999));
    });
});

describe("a schema made by the sample's earlier version (appointments.patient_id REFERENCES patients (id))", () => {
    beforeAll(async () => {
        await migrator.query("ALTER TABLE app.appointments DROP CONSTRAINT appointments_tenant_id_patient_id_fkey");
        await migrator.query("ALTER TABLE app.patients DROP CONSTRAINT patients_id_tenant_id_key");
        await migrator.query("ALTER TABLE app.appointments ADD CONSTRAINT appointments_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES app.patients (id)");
    });

    test("lets tenant A attach its appointment to tenant B's patient, and hpg.isolation_gaps names the key with its fix", async () => {
        await expect(appointmentFor(TENANT_A, patientOf[TENANT_B])).resolves.toBeUndefined();
        expect(await controlGaps()).toEqual([LEGACY_GAP]);
    });

    test("the migration refuses to upgrade while an appointment points at another tenant's patient, and changes nothing", async () => {
        const before = await keys();
        const crossing = await withTenant(api, TENANT_A, async () =>
            Number(
                (await api.query("INSERT INTO app.appointments (tenant_id, patient_id, scheduled_at) VALUES ($1, $2, now()) RETURNING id", [TENANT_A, patientOf[TENANT_B]])).rows[0]
                    .id,
            ),
        );
        try {
            const upgrade = sampleSchemaMigrationSql().find((s) => s.includes("appointments_patient_id_fkey"))!;
            // As the owner, FORCE ROW LEVEL SECURITY would hide the row from PostgreSQL's validation: the upgrade lifts it.
            await expect(migrator.query(upgrade)).rejects.toThrow(COMPOSITE_FK_VIOLATION);
            expect(await keys()).toEqual(before);
            expect(await forcedTables()).toEqual(["appointments", "clinics", "patients"]);
        } finally {
            await withTenant(api, TENANT_A, () => api.query("DELETE FROM app.appointments WHERE id = $1", [crossing]));
        }
    });

    test("the migration upgrades it to the tenant-scoped key, and running it again changes nothing", async () => {
        for (const statement of sampleSchemaMigrationSql()) {
            await migrator.query(statement);
        }
        const upgraded = await keys();
        expect(upgraded).toContain("app.appointments appointments_tenant_id_patient_id_fkey FOREIGN KEY (tenant_id, patient_id) REFERENCES app.patients(tenant_id, id)");
        expect(upgraded.filter((k) => k.includes("appointments_patient_id_fkey"))).toEqual([]);
        expect(await controlGaps()).toEqual([]);
        expect(await forcedTables()).toEqual(["appointments", "clinics", "patients"]);
        await expect(appointmentFor(TENANT_A, patientOf[TENANT_B])).rejects.toThrow(COMPOSITE_FK_VIOLATION);
        for (const statement of sampleSchemaMigrationSql()) {
            await migrator.query(statement);
        }
        expect(await keys()).toEqual(upgraded);
    });
});

describe("hpg.isolation_gaps and foreign keys added later", () => {
    afterEach(async () => {
        await migrator.query("ALTER TABLE app.patients DROP COLUMN IF EXISTS guardian_id");
        await migrator.query("ALTER TABLE app.appointments DROP COLUMN IF EXISTS clinic_id");
        await migrator.query("ALTER TABLE app.clinics DROP CONSTRAINT IF EXISTS clinics_tenant_id_id_key");
    });

    test("a single-column self-reference is a gap", async () => {
        await migrator.query("ALTER TABLE app.patients ADD COLUMN guardian_id bigint REFERENCES app.patients (id)");
        expect(await controlGaps()).toEqual([
            {
                object: "app.patients",
                control: "HPG-RLS-01",
                problem: "foreign key patients_guardian_id_fkey references app.patients without the tenant column: reference (tenant_id, guardian_id) → app.patients (tenant_id, id) with a UNIQUE (tenant_id, id)",
                kind: "control",
            },
        ]);
    });

    test("a composite key that pairs the tenant columns is not", async () => {
        await migrator.query("ALTER TABLE app.clinics ADD CONSTRAINT clinics_tenant_id_id_key UNIQUE (tenant_id, id)");
        await migrator.query("ALTER TABLE app.appointments ADD COLUMN clinic_id bigint, ADD FOREIGN KEY (tenant_id, clinic_id) REFERENCES app.clinics (tenant_id, id)");
        expect(await controlGaps()).toEqual([]);
    });
});
