/**
 * What row-level security does not cover, closed by the access model on a self-managed PostgreSQL 15: sequences are
 * shared by every tenant (their last_value counts every tenant's rows), and large objects have no tenant column.
 * Real roles over TLS (verify-full).
 */
import { Client } from "pg";
import { applyAccessModel } from "../../../components/database-access/apply";
import { renderRoleSql } from "../../../components/database-access/access-sql";
import { resolveAccessModel } from "../../../components/database-access/model";
import { publicFunctionLockdownSql } from "../../../components/database-access/role-sql";
import { SAMPLE_ACCESS_MODEL } from "../../../components/database-access/sample-model";
import { provisionSampleDatabase, ProvisionedDatabase, withTenant } from "../../support/pg-access";
import { startThrowawayCluster, ThrowawayCluster } from "../../support/pg-cluster";

const TENANT = "11111111-1111-4111-8111-111111111111";

let cluster: ThrowawayCluster;
let db: ProvisionedDatabase;
let api: Client;
let reporting: Client;

beforeAll(async () => {
    cluster = await startThrowawayCluster();
    db = await provisionSampleDatabase(cluster);
    [api, reporting] = await Promise.all([db.connectAs("svc_api"), db.connectAs("svc_reporting")]);
}, 120_000);

afterAll(async () => {
    await cluster?.destroy();
});

/** Who holds what on the application schema's sequences, besides their owner. */
async function sequenceGrants(): Promise<string[]> {
    const { rows } = await db.admin.query(
        `SELECT format('%s %s %s', c.relname, a.grantee::regrole, a.privilege_type) AS g
         FROM pg_class c, aclexplode(c.relacl) a WHERE c.relnamespace = 'app'::regnamespace AND c.relkind = 'S' AND a.grantee <> c.relowner ORDER BY 1`,
    );
    return rows.map((r) => r.g);
}

describe("sequences", () => {
    test("svc_api inserts (its identity columns draw from their sequences) but cannot read a sequence's last_value", async () => {
        const id = await withTenant(api, TENANT, async () => (await api.query("INSERT INTO app.patients (tenant_id, full_name) VALUES ($1, 'x') RETURNING id", [TENANT])).rows[0].id);
        expect(Number(id)).toBeGreaterThan(0);
        await expect(api.query("SELECT last_value FROM app.patients_id_seq")).rejects.toThrow("permission denied for sequence patients_id_seq");
        await expect(api.query("SELECT pg_sequence_last_value('app.patients_id_seq')")).rejects.toThrow("permission denied for function pg_sequence_last_value");
        await expect(api.query("SELECT last_value FROM pg_sequences")).rejects.toThrow("permission denied for function pg_sequence_last_value");
    });

    test("svc_reporting cannot read one either", async () => {
        await expect(reporting.query("SELECT last_value FROM app.clinics_id_seq")).rejects.toThrow("permission denied for sequence clinics_id_seq");
    });

    test("no group holds anything on the identity columns' sequences, and later sequences get USAGE only by default", async () => {
        expect(await sequenceGrants()).toEqual([]);
        const { rows } = await db.admin.query(
            `SELECT format('%s %s', a.grantee::regrole, a.privilege_type) AS d FROM pg_default_acl d, aclexplode(d.defaclacl) a WHERE d.defaclobjtype = 'S' ORDER BY 1`,
        );
        expect(rows.map((r) => r.d)).toEqual(["hpg_app_rw USAGE"]);
    });

    test("a serial column's sequence gives svc_api USAGE (nextval) once the table is declared, never SELECT", async () => {
        const migrator = await db.connectAs("svc_migrate");
        const model = { ...SAMPLE_ACCESS_MODEL, tables: [...SAMPLE_ACCESS_MODEL.tables, { name: "invoices" }] };
        try {
            await migrator.query("CREATE TABLE app.invoices (tenant_id uuid NOT NULL, number serial NOT NULL, PRIMARY KEY (tenant_id, number))");
            await migrator.query("CREATE INDEX invoices_tenant_id_idx ON app.invoices (tenant_id)");
            // What the model's earlier default privileges gave, which the table phase takes back.
            await migrator.query("GRANT SELECT, UPDATE ON SEQUENCE app.invoices_number_seq TO hpg_app_rw, hpg_analytics_ro");
            await applyAccessModel(db.admin, model, { phase: "tables" });
            expect(await sequenceGrants()).toEqual(["invoices_number_seq hpg_app_rw USAGE"]);
            const number = await withTenant(api, TENANT, async () => (await api.query("INSERT INTO app.invoices (tenant_id) VALUES ($1) RETURNING number", [TENANT])).rows[0].number);
            expect(number).toBe(1);
            await expect(api.query("SELECT last_value FROM app.invoices_number_seq")).rejects.toThrow("permission denied for sequence invoices_number_seq");
            await expect(api.query("SELECT pg_sequence_last_value('app.invoices_number_seq')")).rejects.toThrow("permission denied for function pg_sequence_last_value");
        } finally {
            await migrator.query("DROP TABLE IF EXISTS app.invoices");
            await migrator.end();
        }
    });

    test("the owner keeps pg_sequence_last_value, so migration tools can still read pg_sequences", async () => {
        const migrator = await db.connectAs("svc_migrate");
        try {
            const { rows } = await migrator.query("SELECT sequencename FROM pg_sequences WHERE schemaname = 'app' ORDER BY 1");
            expect(rows.map((r) => r.sequencename)).toEqual(["appointments_id_seq", "clinics_id_seq", "patients_id_seq"]);
        } finally {
            await migrator.end();
        }
    });
});

describe("large objects", () => {
    test.each([
        ["SELECT lo_creat(-1)", "lo_creat"],
        ["SELECT lo_create(0)", "lo_create"],
        ["SELECT lo_from_bytea(0, '\\x01')", "lo_from_bytea"],
    ])("no application role can create one: %s", async (sql, fn) => {
        for (const client of [api, reporting]) {
            await expect(client.query(sql)).rejects.toThrow(`permission denied for function ${fn}`);
        }
    });

    test("even one granted to the app group by mistake cannot be opened or read", async () => {
        const oid = (await db.admin.query("SELECT lo_from_bytea(0, 'secret'::bytea) AS oid")).rows[0].oid;
        try {
            await db.admin.query(`GRANT SELECT ON LARGE OBJECT ${Number(oid)} TO hpg_app_rw`);
            await expect(api.query("SELECT lo_get($1)", [oid])).rejects.toThrow("permission denied for function lo_get");
            await expect(api.query("SELECT lo_open($1, 262144)", [oid])).rejects.toThrow("permission denied for function lo_open");
        } finally {
            await db.admin.query("SELECT lo_unlink($1)", [oid]);
        }
    });
});

describe("the superuser-only lockdown", () => {
    test("is rendered for a self-managed server and never for RDS, whose master user does not own pg_catalog's functions", () => {
        const m = resolveAccessModel(SAMPLE_ACCESS_MODEL);
        const [lockdown] = publicFunctionLockdownSql(m, "self-managed");
        expect(renderRoleSql(SAMPLE_ACCESS_MODEL, "self-managed")).toContain(lockdown);
        expect(renderRoleSql(SAMPLE_ACCESS_MODEL, "rds").some((s) => s.includes("lo_create"))).toBe(false);
        expect(publicFunctionLockdownSql(m, "rds")).toEqual([]);
    });

    test("an admin that is not a superuser runs it without error and changes nothing, rather than half of it", async () => {
        const acl = async () =>
            (await db.admin.query("SELECT proname, proacl::text FROM pg_proc WHERE proname IN ('lo_create', 'pg_sequence_last_value') ORDER BY 1")).rows;
        await db.admin.query("GRANT EXECUTE ON FUNCTION lo_create(oid) TO PUBLIC");
        await db.admin.query("CREATE ROLE hpg_test_admin NOLOGIN CREATEROLE");
        try {
            const before = await acl();
            await db.admin.query("SET ROLE hpg_test_admin");
            await db.admin.query(publicFunctionLockdownSql(resolveAccessModel(SAMPLE_ACCESS_MODEL), "self-managed")[0]);
            await db.admin.query("RESET ROLE");
            expect(await acl()).toEqual(before);
        } finally {
            await db.admin.query("RESET ROLE");
            await db.admin.query("DROP ROLE hpg_test_admin");
            await db.admin.query("REVOKE EXECUTE ON FUNCTION lo_create(oid) FROM PUBLIC");
        }
    });
});
