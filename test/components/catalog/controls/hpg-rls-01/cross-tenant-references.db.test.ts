import { CheckResult, verifyServer, VerifyReport } from "../../../../../policies/live";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../../../../support/live-cluster";

/**
 * HPG-RLS-01's foreign-key half on a real PostgreSQL 15 provisioned as `local up` provisions it: foreign-key checks
 * bypass row-level security, so a key between tenant tables that leaves out the tenant column fails the control (and
 * nothing else), while a key that pairs the tenant columns passes. Verified as the auditor login role over TLS.
 */
let db: ProvisionedCluster;

beforeAll(async () => {
    db = await startProvisionedCluster();
}, 120_000);

afterAll(async () => {
    await db?.destroy();
});

const verifyAsAuditor = () => verifyServer(db.url(roleOf("auditor")));
const notPassing = (r: VerifyReport) => r.results.filter((x) => x.status !== "pass").map((x) => x.control);
const rls01 = (r: VerifyReport): CheckResult => r.results.find((x) => x.control === "HPG-RLS-01")!;
const FK_EVIDENCE = /^Foreign keys between tables with the tenant column 'tenant_id'/;

const gaps = async () => (await db.admin.query("SELECT object, problem FROM hpg.isolation_gaps WHERE kind = 'control' ORDER BY 1, 2")).rows;

/** Runs `tamper` as the bootstrap superuser, verifies and reads hpg.isolation_gaps, then runs `undo`. */
async function whileTampered(tamper: string[], undo: string[]): Promise<{ report: VerifyReport; gaps: unknown[] }> {
    try {
        for (const statement of tamper) {
            await db.admin.query(statement);
        }
        return { report: await verifyAsAuditor(), gaps: await gaps() };
    } finally {
        for (const statement of undo) {
            await db.admin.query(statement);
        }
    }
}

test("the provisioned twin's foreign key pairs the tenant columns: HPG-RLS-01 passes, with the query as evidence", async () => {
    const report = await verifyAsAuditor();
    expect(notPassing(report)).toEqual([]);
    const evidence = rls01(report).evidence.find((e) => FK_EVIDENCE.test(e.title))!;
    expect([evidence.params, evidence.rows]).toEqual([["tenant_id"], []]);
});

test.each([
    {
        form: "a single-column key to another tenant table",
        tamper: ["ALTER TABLE app.appointments ADD CONSTRAINT appointments_patient_fkey FOREIGN KEY (patient_id) REFERENCES app.patients (id)"],
        undo: ["ALTER TABLE app.appointments DROP CONSTRAINT appointments_patient_fkey"],
        finding:
            "foreign key appointments_patient_fkey on app.appointments references app.patients without the tenant column, so a row can point at another tenant's row and its violations reveal which of that tenant's keys exist (foreign-key checks bypass row-level security); " +
            "fix: reference (tenant_id, patient_id) → app.patients (tenant_id, id) with a UNIQUE (tenant_id, id) on app.patients",
        gap: {
            object: "app.appointments",
            problem: "foreign key appointments_patient_fkey references app.patients without the tenant column: reference (tenant_id, patient_id) → app.patients (tenant_id, id) with a UNIQUE (tenant_id, id)",
        },
    },
    {
        form: "a key that pairs the tenant column with a column that is not the referenced table's tenant column",
        tamper: [
            "ALTER TABLE app.clinics ADD COLUMN owner_tenant uuid, ADD CONSTRAINT clinics_owner_key UNIQUE (owner_tenant, id)",
            "ALTER TABLE app.appointments ADD COLUMN clinic_id bigint, ADD CONSTRAINT appointments_clinic_fkey FOREIGN KEY (tenant_id, clinic_id) REFERENCES app.clinics (owner_tenant, id)",
        ],
        undo: ["ALTER TABLE app.appointments DROP COLUMN clinic_id", "ALTER TABLE app.clinics DROP COLUMN owner_tenant"],
        finding:
            "foreign key appointments_clinic_fkey on app.appointments references app.clinics without the tenant column, so a row can point at another tenant's row and its violations reveal which of that tenant's keys exist (foreign-key checks bypass row-level security); " +
            "fix: reference (tenant_id, clinic_id) → app.clinics (tenant_id, id) with a UNIQUE (tenant_id, id) on app.clinics",
        gap: {
            object: "app.appointments",
            problem: "foreign key appointments_clinic_fkey references app.clinics without the tenant column: reference (tenant_id, clinic_id) → app.clinics (tenant_id, id) with a UNIQUE (tenant_id, id)",
        },
    },
])("$form fails HPG-RLS-01 only, and is a gap in hpg.isolation_gaps", async ({ tamper, undo, finding, gap }) => {
    const { report, gaps: tampered } = await whileTampered(tamper, undo);
    expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
    expect(rls01(report).findings).toEqual([finding]);
    expect(tampered).toEqual([gap]);
});

test("a second key that pairs the tenant columns passes", async () => {
    const { report, gaps: tampered } = await whileTampered(
        [
            "ALTER TABLE app.clinics ADD CONSTRAINT clinics_tenant_id_id_key UNIQUE (tenant_id, id)",
            "ALTER TABLE app.appointments ADD COLUMN clinic_id bigint, ADD CONSTRAINT appointments_clinic_fkey FOREIGN KEY (tenant_id, clinic_id) REFERENCES app.clinics (tenant_id, id)",
        ],
        ["ALTER TABLE app.appointments DROP COLUMN clinic_id", "ALTER TABLE app.clinics DROP CONSTRAINT clinics_tenant_id_id_key"],
    );
    expect(notPassing(report)).toEqual([]);
    expect(tampered).toEqual([]);
});
