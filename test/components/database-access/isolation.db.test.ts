/**
 * Issue 4 on a real PostgreSQL 15 with pgaudit: least privilege and tenant isolation, checked by connecting as each
 * role of the sample model over TLS (verify-full).
 */
import { Client, Pool } from "pg";
import { applyAccessModel } from "../../../components/database-access/apply";
import { SAMPLE_ACCESS_MODEL } from "../../../components/database-access/sample-model";
import { AccessModelError } from "../../../components/database-access/validate";
import { clientConfig } from "../../../infra/local-twin/cluster";
import { provisionSampleDatabase, ProvisionedDatabase, withTenant } from "../../support/pg-access";
import { startThrowawayCluster, ThrowawayCluster } from "../../support/pg-cluster";

const TENANT_A = "11111111-1111-4111-8111-111111111111";
const TENANT_B = "22222222-2222-4222-8222-222222222222";

let cluster: ThrowawayCluster;
let db: ProvisionedDatabase;
let api: Client;
let ids: Record<string, { clinic: number; patient: number; appointment: number }>;

beforeAll(async () => {
    cluster = await startThrowawayCluster();
    db = await provisionSampleDatabase(cluster);
    api = await db.connectAs("svc_api");
    ids = {};
    for (const tenant of [TENANT_A, TENANT_B]) {
        ids[tenant] = await withTenant(api, tenant, async () => {
            const clinic = (await api.query("INSERT INTO app.clinics (tenant_id, name) VALUES ($1, $2) RETURNING id", [tenant, `clinic of ${tenant}`])).rows[0].id;
            const patient = (await api.query("INSERT INTO app.patients (tenant_id, full_name) VALUES ($1, $2) RETURNING id", [tenant, `patient of ${tenant}`])).rows[0].id;
            const appointment = (
                await api.query("INSERT INTO app.appointments (tenant_id, patient_id, scheduled_at) VALUES ($1, $2, now() + interval '1 day') RETURNING id", [tenant, patient])
            ).rows[0].id;
            return { clinic: Number(clinic), patient: Number(patient), appointment: Number(appointment) };
        });
    }
}, 120_000);

afterAll(async () => {
    await cluster?.destroy();
});

/** Privileges of the model's roles on the database's objects, as the catalogs hold them. */
async function privilegeSnapshot(client: Client): Promise<string[]> {
    const { rows } = await client.query(`
        SELECT format('%s %s %s', c.relname, a.grantee::regrole, a.privilege_type) AS p
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
        WHERE n.nspname IN ('app', 'hpg')
        UNION ALL
        SELECT format('%s member of %s', m.member::regrole, m.roleid::regrole) FROM pg_auth_members m
        UNION ALL
        SELECT format('%s %s', r.rolname, array_to_string(s.setconfig, ',')) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
        UNION ALL
        SELECT format('%s %s %s %s', rolname, rolconnlimit, rolinherit, rolcanlogin) FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%'
        ORDER BY 1`);
    return rows.map((r) => r.p);
}

describe("the app role (svc_api, member of hpg_app_rw)", () => {
    test.each([
        ["CREATE TABLE app.x (id int)", 'permission denied for schema app'],
        ["CREATE TABLE public.x (id int)", 'permission denied for schema public'],
        ["ALTER TABLE app.patients ADD COLUMN x int", "must be owner of table patients"],
        ["DROP TABLE app.clinics", "must be owner of table clinics"],
        ["ALTER TABLE app.patients DISABLE ROW LEVEL SECURITY", "must be owner of table patients"],
        ["DROP POLICY hpg_tenant_isolation ON app.patients", "must be owner of relation patients"],
        ["CREATE SCHEMA x", "permission denied for database hpg_app"],
        ["TRUNCATE app.clinics", "permission denied for table clinics"],
        ["SELECT hpg.enable_tenant_isolation('app.clinics')", "permission denied for function enable_tenant_isolation"],
    ])("cannot run DDL: %s", async (sql, message) => {
        await expect(api.query(sql)).rejects.toThrow(message);
    });

    test("is not BYPASSRLS, owns nothing, and has no admin attribute", async () => {
        const { rows } = await db.admin.query(
            "SELECT rolname, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication FROM pg_roles WHERE rolname IN ('svc_api', 'hpg_app_rw') ORDER BY 1",
        );
        for (const r of rows) {
            expect(r).toEqual({ rolname: r.rolname, rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false });
        }
    });

    test("SELECT sees only its tenant's rows, through tables and the security_invoker view", async () => {
        const rows = await withTenant(api, TENANT_A, async () => ({
            clinics: (await api.query("SELECT tenant_id FROM app.clinics")).rows,
            patients: (await api.query("SELECT tenant_id FROM app.patients")).rows,
            upcoming: (await api.query("SELECT tenant_id FROM app.upcoming_appointments")).rows,
        }));
        expect(rows).toEqual({ clinics: [{ tenant_id: TENANT_A }], patients: [{ tenant_id: TENANT_A }], upcoming: [{ tenant_id: TENANT_A }] });
    });

    test("UPDATE and DELETE cannot reach another tenant's rows", async () => {
        const other = ids[TENANT_B];
        const counts = await withTenant(api, TENANT_A, async () => ({
            update: (await api.query("UPDATE app.patients SET diagnosis = 'x' WHERE id = $1", [other.patient])).rowCount,
            updateAll: (await api.query("UPDATE app.clinics SET name = name")).rowCount,
            delete: (await api.query("DELETE FROM app.appointments WHERE id = $1", [other.appointment])).rowCount,
        }));
        expect(counts).toEqual({ update: 0, updateAll: 1, delete: 0 });
        const b = await db.admin.query("SELECT count(*)::int AS n FROM app.appointments WHERE tenant_id = $1", [TENANT_B]);
        expect(b.rows[0].n).toBe(1);
    });

    test("INSERT into another tenant, or moving a row to another tenant, is refused by WITH CHECK", async () => {
        await expect(withTenant(api, TENANT_A, () => api.query("INSERT INTO app.clinics (tenant_id, name) VALUES ($1, 'intruder')", [TENANT_B]))).rejects.toThrow(
            'new row violates row-level security policy for table "clinics"',
        );
        await expect(withTenant(api, TENANT_A, () => api.query("UPDATE app.clinics SET tenant_id = $1", [TENANT_B]))).rejects.toThrow(
            /new row violates row-level security policy/,
        );
    });

    test("DELETE only where the model allows it", async () => {
        await expect(withTenant(api, TENANT_A, () => api.query("DELETE FROM app.patients"))).rejects.toThrow("permission denied for table patients");
        await expect(withTenant(api, TENANT_A, () => api.query("DELETE FROM app.appointments WHERE false"))).resolves.toBeDefined();
    });

    test("without a tenant context (unset or empty) it sees nothing and writes nothing", async () => {
        const fresh = await db.connectAs("svc_api");
        expect((await fresh.query("SELECT count(*)::int AS n FROM app.patients")).rows[0].n).toBe(0);
        expect((await fresh.query("UPDATE app.clinics SET name = name")).rowCount).toBe(0);
        await expect(fresh.query("INSERT INTO app.clinics (tenant_id, name) VALUES ($1, 'x')", [TENANT_A])).rejects.toThrow(/violates row-level security policy/);
        await fresh.query("SET app.tenant_id = ''");
        expect((await fresh.query("SELECT count(*)::int AS n FROM app.clinics")).rows[0].n).toBe(0);
        await fresh.end();
    });

    describe("the tenant context cannot outlive the transaction that set it, whatever the client does", () => {
        const count = async (c: Client) => (await c.query("SELECT count(*)::int AS n FROM app.patients")).rows[0].n as number;
        const tenants = async (c: Client) => (await c.query("SELECT DISTINCT tenant_id::text AS t FROM app.patients ORDER BY 1")).rows.map((r) => r.t);

        test("a session-level SET (no LOCAL) grants no row, in its own transaction or a later one", async () => {
            const c = await db.connectAs("svc_api");
            try {
                await c.query(`SET app.tenant_id = '${TENANT_A}'`);
                expect(await count(c)).toBe(0);
                await c.query("BEGIN");
                expect(await count(c)).toBe(0);
                await c.query("COMMIT");
                await c.query("SELECT set_config('app.tenant_id', $1, false)", [TENANT_A]);
                expect(await count(c)).toBe(0);
                await expect(c.query("INSERT INTO app.clinics (tenant_id, name) VALUES ($1, 'x')", [TENANT_A])).rejects.toThrow(/violates row-level security policy/);
            } finally {
                await c.end();
            }
        });

        test("SET LOCAL of the tenant setting alone grants nothing: only hpg.set_tenant binds a context to the transaction", async () => {
            const c = await db.connectAs("svc_api");
            try {
                await c.query("BEGIN");
                await c.query(`SET LOCAL app.tenant_id = '${TENANT_A}'`);
                expect(await count(c)).toBe(0);
                await c.query("COMMIT");
            } finally {
                await c.end();
            }
        });

        test("the issue's leak: a session SET for A, then a transaction for B; the next context-less query sees nothing", async () => {
            const c = await db.connectAs("svc_api");
            try {
                await c.query(`SET app.tenant_id = '${TENANT_A}'`);
                await c.query("BEGIN");
                await c.query("SELECT hpg.set_tenant($1)", [TENANT_B]);
                expect(await tenants(c)).toEqual([TENANT_B]);
                await c.query("COMMIT");
                expect(await count(c)).toBe(0);
                // The session value A is still there, unbound: it grants nothing.
                expect((await c.query("SELECT current_setting('app.tenant_id') AS v")).rows[0].v).toBe(TENANT_A);
                expect(await count(c)).toBe(0);
            } finally {
                await c.end();
            }
        });

        test("hpg.set_tenant outside an explicit transaction binds only its own statement's transaction", async () => {
            const c = await db.connectAs("svc_api");
            try {
                await c.query("SELECT hpg.set_tenant($1)", [TENANT_A]);
                expect(await count(c)).toBe(0);
                expect((await c.query("SELECT current_setting('app.tenant_id', true) AS v")).rows[0].v).toBe("");
            } finally {
                await c.end();
            }
        });

        test("a session-level copy of the transaction binding, taken from an earlier transaction, grants nothing later", async () => {
            const c = await db.connectAs("svc_api");
            try {
                await c.query("BEGIN");
                await c.query("SELECT hpg.set_tenant($1)", [TENANT_A]);
                const token = (await c.query("SELECT current_setting('hpg.tenant_transaction') AS v")).rows[0].v as string;
                await c.query("COMMIT");
                await c.query("SELECT set_config('hpg.tenant_transaction', $1, false), set_config('app.tenant_id', $2, false)", [token, TENANT_A]);
                expect(await count(c)).toBe(0);
                await c.query("BEGIN");
                expect(await count(c)).toBe(0);
                await c.query("ROLLBACK");
            } finally {
                await c.end();
            }
        });

        test("a rolled-back transaction's context is gone too", async () => {
            const c = await db.connectAs("svc_api");
            try {
                await c.query("BEGIN");
                await c.query("SELECT hpg.set_tenant($1)", [TENANT_A]);
                expect(await tenants(c)).toEqual([TENANT_A]);
                await c.query("ROLLBACK");
                expect(await count(c)).toBe(0);
            } finally {
                await c.end();
            }
        });

        test("only the application roles and the owner may call hpg.set_tenant; it is SECURITY INVOKER", async () => {
            const row = (
                await db.admin.query(
                    "SELECT p.prosecdef, has_function_privilege('svc_api', p.oid, 'EXECUTE') AS api, has_function_privilege('svc_reporting', p.oid, 'EXECUTE') AS reporting, has_function_privilege('svc_audit', p.oid, 'EXECUTE') AS audit FROM pg_proc p WHERE p.oid = 'hpg.set_tenant(text)'::regprocedure",
                )
            ).rows[0];
            expect(row).toEqual({ prosecdef: false, api: true, reporting: true, audit: false });
        });
    });

    test("isolation holds on a pooled connection reused across tenants (hpg.set_tenant per transaction)", async () => {
        const pool = new Pool({ ...clientConfig(cluster.handle, "svc_api", db.passwords.svc_api, db.database), max: 1 });
        const pids = new Set<number>();
        const seen: Array<[string, string[]]> = [];
        try {
            for (const tenant of [TENANT_A, TENANT_B, TENANT_A]) {
                const client = await pool.connect();
                try {
                    await client.query("BEGIN");
                    await client.query("SELECT hpg.set_tenant($1)", [tenant]);
                    pids.add((await client.query("SELECT pg_backend_pid() AS pid")).rows[0].pid);
                    seen.push([tenant, (await client.query("SELECT DISTINCT tenant_id FROM app.patients")).rows.map((r) => r.tenant_id)]);
                    await client.query("COMMIT");
                    // After the transaction the context is gone: the next user of this connection sees nothing.
                    expect((await client.query("SELECT count(*)::int AS n FROM app.patients")).rows[0].n).toBe(0);
                } finally {
                    client.release();
                }
            }
        } finally {
            await pool.end();
        }
        expect(pids.size).toBe(1);
        expect(seen).toEqual([
            [TENANT_A, [TENANT_A]],
            [TENANT_B, [TENANT_B]],
            [TENANT_A, [TENANT_A]],
        ]);
    });
});

describe("analytics (svc_reporting, member of hpg_analytics_ro)", () => {
    let reporting: Client;
    beforeAll(async () => {
        reporting = await db.connectAs("svc_reporting");
    });

    test.each([
        ["INSERT INTO app.clinics (tenant_id, name) VALUES ('11111111-1111-4111-8111-111111111111', 'x')", "permission denied for table clinics"],
        ["UPDATE app.clinics SET name = 'x'", "permission denied for table clinics"],
        ["DELETE FROM app.clinics", "permission denied for table clinics"],
        ["CREATE TABLE app.y (id int)", "permission denied for schema app"],
    ])("cannot write: %s", async (sql, message) => {
        await expect(reporting.query(sql)).rejects.toThrow(message);
    });

    test("reads non-classified tables within its tenant context, and no classified table", async () => {
        expect((await withTenant(reporting, TENANT_B, () => reporting.query("SELECT tenant_id FROM app.clinics"))).rows).toEqual([{ tenant_id: TENANT_B }]);
        await expect(reporting.query("SELECT * FROM app.patients")).rejects.toThrow("permission denied for table patients");
        await expect(reporting.query("SELECT * FROM app.appointments")).rejects.toThrow("permission denied for table appointments");
    });

    test("has its statement timeout and connection limit", async () => {
        expect((await reporting.query("SHOW statement_timeout")).rows[0].statement_timeout).toBe("5min");
        const { rows } = await db.admin.query("SELECT rolconnlimit FROM pg_roles WHERE rolname = 'svc_reporting'");
        expect(rows[0].rolconnlimit).toBe(5);
    });
});

describe("the auditor (svc_audit)", () => {
    test("reads the isolation gaps and settings, not application data", async () => {
        const audit = await db.connectAs("svc_audit");
        expect((await audit.query("SELECT * FROM hpg.isolation_gaps")).rows).toEqual([]);
        expect((await audit.query("SHOW pgaudit.log")).rows[0]["pgaudit.log"]).toBe("ddl,write,role");
        await expect(audit.query("SELECT * FROM app.clinics")).rejects.toThrow("permission denied for schema app");
    });

    test("its connection limit is enforced", async () => {
        const extra: Client[] = [];
        try {
            extra.push(await db.connectAs("svc_audit"));
            await expect(db.connectAs("svc_audit")).rejects.toThrow('too many connections for role "svc_audit"');
        } finally {
            await Promise.all(extra.map((c) => c.end()));
        }
    });
});

describe("roles and ownership", () => {
    test.each(["svc_api", "svc_reporting", "svc_audit"])("%s cannot SET ROLE to the owner", async (role) => {
        const client = await db.connectAs(role);
        await expect(client.query("SET ROLE hpg_owner")).rejects.toThrow('permission denied to set role "hpg_owner"');
        await client.end();
    });

    test("the migrator's sessions act as the owner, under its own session user name", async () => {
        const migrator = await db.connectAs("svc_migrate");
        expect((await migrator.query("SELECT session_user, current_user")).rows[0]).toEqual({ session_user: "svc_migrate", current_user: "hpg_owner" });
        await migrator.end();
    });

    test("no role but the owner owns objects (HPG-ROLE-04), and no login role owns anything", async () => {
        const { rows } = await db.admin.query(`
            SELECT DISTINCT owner FROM (
                SELECT c.relowner::regrole::text AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('app', 'hpg')
                UNION ALL SELECT p.proowner::regrole::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname IN ('app', 'hpg')
                UNION ALL SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname IN ('app', 'hpg')
            ) o`);
        expect(rows).toEqual([{ owner: "hpg_owner" }]);
        const logins = await db.admin.query(`
            SELECT count(*)::int AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolcanlogin AND r.rolname <> current_user`);
        expect(logins.rows[0].n).toBe(0);
    });

    test("every tenant table has RLS enabled and forced, with the tenant policy and its restrictive guard", async () => {
        const { rows } = await db.admin.query(`
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   array_agg(p.polname || ':' || CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END ORDER BY p.polname) AS policies
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_policy p ON p.polrelid = c.oid
            WHERE n.nspname = 'app' AND c.relkind = 'r' GROUP BY 1, 2, 3 ORDER BY 1`);
        const policies = ["hpg_tenant_isolation:permissive", "hpg_tenant_isolation_guard:restrictive"];
        expect(rows).toEqual(
            ["appointments", "clinics", "patients"].map((relname) => ({ relname, relrowsecurity: true, relforcerowsecurity: true, policies })),
        );
    });
});

describe("applying the model", () => {
    test("is idempotent: a second apply changes no privilege, membership, setting or role", async () => {
        const before = await privilegeSnapshot(db.admin);
        await applyAccessModel(db.admin, SAMPLE_ACCESS_MODEL);
        expect(await privilegeSnapshot(db.admin)).toEqual(before);
    });

    test("a bad model is rejected with a clear error before anything is applied", async () => {
        const before = await privilegeSnapshot(db.admin);
        const bad = {
            ...SAMPLE_ACCESS_MODEL,
            loginRoles: [...SAMPLE_ACCESS_MODEL.loginRoles, { name: "svc_new", service: "new", group: "app_rw" as const, auth: "password" as const, superuser: true }],
            tables: [...SAMPLE_ACCESS_MODEL.tables, { name: "invoices", privileges: { app_rw: ["SELECT", "UPDTE"], billing: ["SELECT"] } as never }],
        };
        const error = await applyAccessModel(db.admin, bad).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AccessModelError);
        expect((error as Error).message).toBe(
            [
                "[loginRoles[4].superuser] must be false: a login role never holds SUPERUSER (HPG-ROLE-01)",
                "[tables[3].privileges.app_rw[1]] 'UPDTE' is not a table privilege (allowed: SELECT, INSERT, UPDATE, DELETE)",
                "[tables[3].privileges.billing] 'billing' is not a group role of the model (grantees: app_rw, analytics_ro, auditor)",
            ].join("\n"),
        );
        expect(await privilegeSnapshot(db.admin)).toEqual(before);
        expect((await db.admin.query("SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'svc_new'")).rows[0].n).toBe(0);
    });

    test("a declared table that migrations have not created fails the table phase and rolls back", async () => {
        const before = await privilegeSnapshot(db.admin);
        const model = { ...SAMPLE_ACCESS_MODEL, tables: [...SAMPLE_ACCESS_MODEL.tables, { name: "invoices" }] };
        await expect(applyAccessModel(db.admin, model)).rejects.toThrow(
            "table app.invoices is declared in the access model but does not exist: run the migrations that create it first",
        );
        expect(await privilegeSnapshot(db.admin)).toEqual(before);
    });
});

describe("tables created after provisioning", () => {
    test("a tenant table or view without isolation is detectable, and the helper closes the gap", async () => {
        const migrator = await db.connectAs("svc_migrate");
        const audit = await db.connectAs("svc_audit");
        await migrator.query("CREATE TABLE app.late (tenant_id uuid NOT NULL, body text)");
        await migrator.query("CREATE VIEW app.late_view AS SELECT * FROM app.late");
        const gaps = async () => (await audit.query("SELECT object, control, problem FROM hpg.isolation_gaps WHERE kind = 'control' ORDER BY 1, 3")).rows;
        expect(await gaps()).toEqual([
            { object: "app.late", control: "HPG-RLS-01", problem: "no tenant isolation policy" },
            { object: "app.late", control: "HPG-RLS-01", problem: "row-level security is not enabled" },
            { object: "app.late", control: "HPG-RLS-01", problem: "row-level security is not forced" },
            { object: "app.late_view", control: "HPG-RLS-02", problem: "view over a tenant table is not security_invoker" },
        ]);
        // Default privileges already gave the app role its grants (no DELETE, as by default); the owner owns the table.
        const grants = await db.admin.query(
            "SELECT privilege_type FROM information_schema.role_table_grants WHERE table_name = 'late' AND grantee = 'hpg_app_rw' ORDER BY 1",
        );
        expect(grants.rows.map((r) => r.privilege_type)).toEqual(["INSERT", "SELECT", "UPDATE"]);
        await migrator.query("SELECT hpg.enable_tenant_isolation('app.late')");
        await migrator.query("ALTER VIEW app.late_view SET (security_invoker = true)");
        expect(await gaps()).toEqual([]);
        await migrator.query("REVOKE DELETE ON app.patients FROM rds_pgaudit");
        expect(await gaps()).toEqual([{ object: "app.patients", control: "HPG-AUD-05", problem: "classified table is not covered by pgaudit object auditing" }]);
        await migrator.query("SELECT hpg.audit_classified('app.patients')");
        expect(await gaps()).toEqual([]);
        await migrator.query("DROP VIEW app.late_view");
        await migrator.query("DROP TABLE app.late");
        await Promise.all([migrator.end(), audit.end()]);
    });

    test("a permissive policy added later cannot widen access past the tenant (restrictive guard)", async () => {
        const migrator = await db.connectAs("svc_migrate");
        await migrator.query("CREATE POLICY everything ON app.clinics FOR SELECT USING (true)");
        try {
            const rows = (await withTenant(api, TENANT_A, () => api.query("SELECT tenant_id FROM app.clinics"))).rows;
            expect(rows).toEqual([{ tenant_id: TENANT_A }]);
            expect((await api.query("SELECT count(*)::int AS n FROM app.clinics")).rows[0].n).toBe(0);
        } finally {
            await migrator.query("DROP POLICY everything ON app.clinics");
            await migrator.end();
        }
    });
});

describe("classified columns are marked in the database (read by verify)", () => {
    const comments = async () =>
        (
            await db.admin.query(
                `SELECT c.relname || '.' || a.attname AS col, pg_catalog.col_description(c.oid, a.attnum) AS comment
                 FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'app' AND a.attnum > 0 AND pg_catalog.col_description(c.oid, a.attnum) IS NOT NULL ORDER BY 1`,
            )
        ).rows;

    test("every declared classified column carries classification=<class>, and nothing else does", async () => {
        expect(await comments()).toEqual([
            { col: "appointments.notes", comment: "classification=phi" },
            { col: "patients.date_of_birth", comment: "classification=phi" },
            { col: "patients.diagnosis", comment: "classification=phi" },
            { col: "patients.full_name", comment: "classification=pii" },
        ]);
    });

    test("keeps an application's own comment and is idempotent on re-apply", async () => {
        await db.admin.query("SET ROLE hpg_owner");
        await db.admin.query("COMMENT ON COLUMN app.appointments.notes IS 'free text from clinicians'");
        await db.admin.query("RESET ROLE");
        await applyAccessModel(db.admin, SAMPLE_ACCESS_MODEL, { phase: "tables" });
        await applyAccessModel(db.admin, SAMPLE_ACCESS_MODEL, { phase: "tables" });
        expect((await comments()).find((r) => r.col === "appointments.notes")).toEqual({ col: "appointments.notes", comment: "free text from clinicians; classification=phi" });
    });
});
