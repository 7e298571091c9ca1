import * as fs from "fs";
import * as path from "path";
import { renderHbaConf } from "../../../infra/local-twin/cluster";
import { CheckResult, verifyServer, VerifyReport } from "../../../policies/live";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../../support/live-cluster";
import { LIVE_CHECKS } from "../../../policies/live/pack";
import { resolveAccessModel, rlsPolicyRuleSql } from "../../../components/database-access";
import { LOCAL_ACCESS_MODEL } from "../../../infra/local-twin/local-database";

/**
 * `verify` against a real PostgreSQL 15 provisioned as `local up` provisions it, then tampered one way at a time:
 * each tamper must fail exactly the control it breaks, and no other; each is undone before the next.
 */
let db: ProvisionedCluster;
const auditor = roleOf("auditor");
const migrator = roleOf("owner");
const api = roleOf("app_rw");

beforeAll(async () => {
    db = await startProvisionedCluster();
}, 120_000);

afterAll(async () => {
    await db?.destroy();
});

const notPassing = (r: VerifyReport) => r.results.filter((x) => x.status !== "pass").map((x) => x.control);
const result = (r: VerifyReport, id: string): CheckResult => r.results.find((x) => x.control === id)!;
/** Every report this suite takes, so the last test can read every finding any tamper produced. */
const reports: VerifyReport[] = [];
const verifyAsAuditor = async () => {
    const report = await verifyServer(db.url(auditor));
    reports.push(report);
    return report;
};

/** Writes pg_hba.conf and reloads; the returned function puts the rendered file back. */
async function withHbaFile(content: string): Promise<() => Promise<void>> {
    const hba = path.join(db.cluster.handle.pgdata, "pg_hba.conf");
    const write = async (text: string) => {
        fs.writeFileSync(hba, text);
        await db.admin.query("SELECT pg_reload_conf()");
        // The postmaster rereads pg_hba.conf on SIGHUP, asynchronously.
        await new Promise((r) => setTimeout(r, 300));
    };
    await write(content);
    return () => write(renderHbaConf());
}

/** Runs `tamper`, verifies, undoes; returns the report taken while tampered. */
async function whileTampered(tamper: () => Promise<(() => Promise<void>) | void>, undo?: () => Promise<void>): Promise<VerifyReport> {
    const restore = await tamper();
    try {
        return await verifyAsAuditor();
    } finally {
        if (restore) {
            await restore();
        }
        if (undo) {
            await undo();
        }
    }
}

test("the provisioned cluster passes every live control, verified as the auditor login role", async () => {
    const report = await verifyAsAuditor();
    expect(notPassing(report)).toEqual([]);
    expect(report.results.map((r) => r.control)).toEqual(LIVE_CHECKS.map((c) => c.control.id));
    expect(report.platform).toBe("self-managed");
    expect(report.server.ssl).toBe(true);
    expect(report.server.session_user).toBe(auditor);
    // Every result that judged something carries the queries it ran and their rows; this cluster has no audit archive,
    // so HPG-AUD-06 judged nothing and says so instead of passing with evidence.
    expect(report.results.filter((r) => r.vacuous !== undefined).map((r) => [r.control, r.evidence.length])).toEqual([["HPG-AUD-06", 0]]);
    for (const r of report.results.filter((r) => r.vacuous === undefined)) {
        expect(r.evidence.length).toBeGreaterThan(0);
    }
    const tls = result(report, "HPG-TLS-01");
    expect(tls.evidence.find((e) => e.title.startsWith("Connection attempt without TLS"))!.rows[0]).toMatchObject({ outcome: "refused", sqlstate: "28000" });
    expect(tls.evidence.find((e) => e.title === "pg_hba.conf rules")!.rows.map((r) => r.type)).toEqual(["hostssl", "hostssl"]);
    const rls = result(report, "HPG-RLS-01");
    expect(rls.evidence[0].rows.map((r) => r.table)).toEqual(["app.appointments", "app.clinics", "app.patients"]);
});

test("RLS disabled on a tenant table fails HPG-RLS-01 only", async () => {
    const report = await whileTampered(
        async () => void (await db.admin.query("ALTER TABLE app.clinics DISABLE ROW LEVEL SECURITY")),
        async () => void (await db.admin.query("ALTER TABLE app.clinics ENABLE ROW LEVEL SECURITY")),
    );
    expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
    expect(result(report, "HPG-RLS-01").findings).toEqual(["row-level security is not enabled on app.clinics (tenant column tenant_id); fix: SELECT hpg.enable_tenant_isolation('app.clinics') as the owner (enables and forces RLS and (re)creates both tenant policies)"]);
});

test("RLS not forced on a classified table fails HPG-RLS-01 only", async () => {
    const report = await whileTampered(
        async () => void (await db.admin.query("ALTER TABLE app.patients NO FORCE ROW LEVEL SECURITY")),
        async () => void (await db.admin.query("ALTER TABLE app.patients FORCE ROW LEVEL SECURITY")),
    );
    expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
    expect(result(report, "HPG-RLS-01").findings).toEqual([
        "row-level security is not forced on app.patients, so its owner hpg_owner bypasses it (tenant column tenant_id; classified full_name, date_of_birth, diagnosis); fix: SELECT hpg.enable_tenant_isolation('app.patients') as the owner (enables and forces RLS and (re)creates both tenant policies)",
    ]);
});

const GUARD_MISSING = (table: string) =>
    `${table} lacks the restrictive tenant guard in its exact form (AS RESTRICTIVE FOR ALL TO PUBLIC, USING and WITH CHECK tenant_id = the app.tenant_id that hpg.set_tenant set in this very transaction, NULL otherwise); fix: SELECT hpg.enable_tenant_isolation('${table}') as the owner`;
const RULE = `(${rlsPolicyRuleSql(resolveAccessModel(LOCAL_ACCESS_MODEL))})`;

/** Runs `tamper`'s statements, verifies, runs `undo`'s: the tamper must fail HPG-RLS-01 only, for the guard of `table`. */
async function expectGuardFinding(table: string, tamper: string[], undo: string[]): Promise<void> {
    const run = (statements: string[]) => async () => {
        for (const sql of statements) {
            await db.admin.query(sql);
        }
    };
    const report = await whileTampered(run(tamper), run(undo));
    expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
    expect(result(report, "HPG-RLS-01").findings).toEqual([GUARD_MISSING(table)]);
}

const guard = (table: string, command = "ALL") =>
    `CREATE POLICY hpg_tenant_isolation_guard ON ${table} AS RESTRICTIVE FOR ${command} TO PUBLIC USING ${RULE}${command === "ALL" ? ` WITH CHECK ${RULE}` : ""}`;

test("a permissive USING (1 = 1) policy with the restrictive guard dropped fails HPG-RLS-01 only", async () => {
    await expectGuardFinding(
        "app.clinics",
        ["DROP POLICY hpg_tenant_isolation_guard ON app.clinics", "CREATE POLICY open_door ON app.clinics AS PERMISSIVE FOR ALL USING (1 = 1) WITH CHECK (1 = 1)"],
        ["DROP POLICY open_door ON app.clinics", guard("app.clinics")],
    );
});

test("both policies altered to pass when the context is empty fail HPG-RLS-01 only", async () => {
    const open = `(${RULE} OR pg_catalog.current_setting('app.tenant_id', true) IS NULL)`;
    const alter = (expression: string) => ["hpg_tenant_isolation", "hpg_tenant_isolation_guard"].map((p) => `ALTER POLICY ${p} ON app.patients USING ${expression} WITH CHECK ${expression}`);
    await expectGuardFinding("app.patients", alter(open), alter(RULE));
});

test("a guard that no longer binds the context to its transaction (a session-level SET would then leak) fails HPG-RLS-01 only", async () => {
    const unbound = "(tenant_id = (select nullif(pg_catalog.current_setting('app.tenant_id', true), '')::uuid))";
    const alter = (expression: string) => [`ALTER POLICY hpg_tenant_isolation_guard ON app.clinics USING ${expression} WITH CHECK ${expression}`];
    await expectGuardFinding("app.clinics", alter(unbound), alter(RULE));
});

test("a guard narrowed to SELECT no longer covers writes, and fails HPG-RLS-01 only", async () => {
    const drop = "DROP POLICY hpg_tenant_isolation_guard ON app.appointments";
    await expectGuardFinding("app.appointments", [drop, guard("app.appointments", "SELECT")], [drop, guard("app.appointments")]);
});

test("a default tenant context for the app role (ALTER ROLE … SET app.tenant_id) fails HPG-RLS-01 only", async () => {
    const tenant = "00000000-0000-4000-8000-0000000000a1";
    const report = await whileTampered(
        async () => void (await db.admin.query(`ALTER ROLE ${api} SET app.tenant_id = '${tenant}'`)),
        async () => void (await db.admin.query(`ALTER ROLE ${api} RESET app.tenant_id`)),
    );
    expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
    expect(result(report, "HPG-RLS-01").findings).toEqual([
        `app.tenant_id has a default '${tenant}' for role ${api} in database (every database), so those sessions see that tenant without setting it; fix: ALTER ROLE ${api} RESET app.tenant_id`,
    ]);
});

test("a server-wide default tenant context (ALTER SYSTEM SET app.tenant_id) fails HPG-RLS-01 only", async () => {
    const tenant = "00000000-0000-4000-8000-0000000000b2";
    const report = await whileTampered(() => db.setServerSetting("app.tenant_id", tenant));
    expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
    expect(result(report, "HPG-RLS-01").findings).toEqual([
        `app.tenant_id is '${tenant}' in a new session without being set, a server-wide default (ALTER SYSTEM or postgresql.conf); fix: ALTER SYSTEM RESET app.tenant_id (or remove it from postgresql.conf), then SELECT pg_reload_conf()`,
    ]);
});

test("a permissive USING (true) policy fails HPG-RLS-01 only", async () => {
    const report = await whileTampered(
        async () => void (await db.admin.query("CREATE POLICY everyone ON app.clinics AS PERMISSIVE FOR SELECT USING (true)")),
        async () => void (await db.admin.query("DROP POLICY everyone ON app.clinics")),
    );
    expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
    expect(result(report, "HPG-RLS-01").findings).toEqual(["policy everyone on app.clinics lets every row through (USING true); fix: DROP POLICY everyone ON app.clinics"]);
});

test("a login role given BYPASSRLS fails HPG-ROLE-01 only", async () => {
    const report = await whileTampered(
        async () => void (await db.admin.query(`ALTER ROLE ${api} BYPASSRLS`)),
        async () => void (await db.admin.query(`ALTER ROLE ${api} NOBYPASSRLS`)),
    );
    expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
    expect(result(report, "HPG-ROLE-01").findings).toEqual([`login role ${api} is not a declared admin but has BYPASSRLS; fix: ALTER ROLE ${api} NOBYPASSRLS, or declare ${api} with --admin-role if it is an admin`]);
});

test("a login role in a CREATEROLE group, or in pg_execute_server_program, fails HPG-ROLE-01 only", async () => {
    const report = await whileTampered(
        async () => {
            await db.admin.query("CREATE ROLE tamper_admins NOLOGIN CREATEROLE");
            await db.admin.query(`GRANT tamper_admins TO ${api}`);
            await db.admin.query(`GRANT pg_execute_server_program TO ${roleOf("analytics_ro")}`);
        },
        async () => {
            await db.admin.query(`REVOKE pg_execute_server_program FROM ${roleOf("analytics_ro")}`);
            await db.admin.query("DROP ROLE tamper_admins");
        },
    );
    expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
    expect(result(report, "HPG-ROLE-01").findings).toEqual([
        `login role ${api} is not a declared admin but has member of tamper_admins; fix: REVOKE tamper_admins FROM ${api} (or from the role it inherits tamper_admins through), or declare ${api} with --admin-role if it is an admin`,
        `login role ${roleOf("analytics_ro")} is not a declared admin but has member of pg_execute_server_program; fix: REVOKE pg_execute_server_program FROM ${roleOf("analytics_ro")} (or from the role it inherits pg_execute_server_program through), or declare ${roleOf("analytics_ro")} with --admin-role if it is an admin`,
    ]);
});

test("ssl_min_protocol_version lowered to TLSv1.1 fails HPG-TLS-02 only, though the session still runs TLS 1.3", async () => {
    const report = await whileTampered(() => db.setServerSetting("ssl_min_protocol_version", "TLSv1.1"));
    expect(report.server.tls_version).toBe("TLSv1.3");
    expect(notPassing(report)).toEqual(["HPG-TLS-02"]);
    expect(result(report, "HPG-TLS-02").findings).toEqual(["ssl_min_protocol_version is 'TLSv1.1'; required: TLSv1.2 or higher; fix: ALTER SYSTEM SET ssl_min_protocol_version = 'TLSv1.2', then SELECT pg_reload_conf()"]);
});

test("pgaudit.log without the write class fails HPG-AUD-02 only", async () => {
    const report = await whileTampered(() => db.setServerSetting("pgaudit.log", "ddl,role"));
    expect(notPassing(report)).toEqual(["HPG-AUD-02"]);
    expect(result(report, "HPG-AUD-02").findings).toEqual(["pgaudit.log is 'ddl,role'; required: classes covering ddl, write, role (e.g. 'ddl,write,role' or 'all'); fix: ALTER SYSTEM SET pgaudit.log = 'ddl,write,role', then SELECT pg_reload_conf()"]);
});

test("pgaudit.log 'all,-role' fails HPG-AUD-02 only (pgaudit subtracts classes)", async () => {
    const report = await whileTampered(() => db.setServerSetting("pgaudit.log", "all,-role"));
    expect(notPassing(report)).toEqual(["HPG-AUD-02"]);
});

test("a per-role override of pgaudit.log fails HPG-AUD-02 only", async () => {
    const report = await whileTampered(
        async () => void (await db.admin.query(`ALTER ROLE ${api} SET pgaudit.log = 'none'`)),
        async () => void (await db.admin.query(`ALTER ROLE ${api} RESET pgaudit.log`)),
    );
    expect(notPassing(report)).toEqual(["HPG-AUD-02"]);
    expect(result(report, "HPG-AUD-02").findings).toEqual([
        `pgaudit.log is overridden to 'none' for role ${api} in database (every database); required: classes covering ddl, write, role (e.g. 'ddl,write,role' or 'all'); fix: ALTER ROLE ${api} RESET pgaudit.log`,
    ]);
});

const ROUTING_FIX =
    "required: keep log_min_messages at warning (or any level up to error), pgaudit.log_client off (or pgaudit.log_level at log), and log_destination on stderr, csvlog or jsonlog; fix: set them server-wide with ALTER SYSTEM SET, then SELECT pg_reload_conf()";

test("log_min_messages=fatal silences every audit record without touching pgaudit.log, and fails HPG-AUD-02 only", async () => {
    const report = await whileTampered(() => db.setServerSetting("log_min_messages", "fatal"));
    expect(notPassing(report)).toEqual(["HPG-AUD-02"]);
    expect(result(report, "HPG-AUD-02").findings).toEqual([`pgaudit writes its records at LOG while log_min_messages is 'fatal', so the server log drops every audit record; ${ROUTING_FIX}`]);
});

test("audit records diverted to the client at NOTICE (pgaudit.log_client on) fail HPG-AUD-02 only", async () => {
    const report = await whileTampered(async () => {
        const level = await db.setServerSetting("pgaudit.log_level", "notice");
        const client = await db.setServerSetting("pgaudit.log_client", "on");
        return async () => {
            await client();
            await level();
        };
    });
    expect(notPassing(report)).toEqual(["HPG-AUD-02"]);
    expect(result(report, "HPG-AUD-02").findings).toEqual([
        `pgaudit.log_client is on and pgaudit.log_level is 'notice' while log_min_messages is 'warning', so the server log drops every audit record; ${ROUTING_FIX}`,
    ]);
});

test("pgaudit.log = all and a stricter TLS 1.3 minimum are legal: every control passes", async () => {
    const report = await whileTampered(async () => {
        const log = await db.setServerSetting("pgaudit.log", "all");
        const tls = await db.setServerSetting("ssl_min_protocol_version", "TLSv1.3");
        return async () => {
            await tls();
            await log();
        };
    });
    expect(notPassing(report)).toEqual([]);
});

test("the verifier blinded: a server-wide weakening hidden behind a compliant override on the verifier's own role fails HPG-AUD-02", async () => {
    const report = await whileTampered(async () => {
        const server = await db.setServerSetting("pgaudit.log", "none");
        await db.admin.query(`ALTER ROLE ${auditor} SET pgaudit.log = 'ddl,write,role'`);
        return async () => {
            await db.admin.query(`ALTER ROLE ${auditor} RESET pgaudit.log`);
            await server();
        };
    });
    expect(notPassing(report)).toEqual(["HPG-AUD-02"]);
    expect(result(report, "HPG-AUD-02").findings).toEqual([
        `pgaudit.log is overridden to 'ddl,write,role' for role ${auditor} in database (every database), which hides the server's value from verify and applies to those sessions only; fix: ALTER ROLE ${auditor} RESET pgaudit.log, and set it server-wide`,
    ]);
});

test("the verifier blinded on password_encryption fails HPG-PWD-01", async () => {
    const report = await whileTampered(async () => {
        const server = await db.setServerSetting("password_encryption", "md5");
        await db.admin.query(`ALTER ROLE ${auditor} SET password_encryption = 'scram-sha-256'`);
        return async () => {
            await db.admin.query(`ALTER ROLE ${auditor} RESET password_encryption`);
            await server();
        };
    });
    expect(notPassing(report)).toEqual(["HPG-PWD-01"]);
});

test("pgaudit.log_parameter on fails HPG-AUD-03 only", async () => {
    const report = await whileTampered(() => db.setServerSetting("pgaudit.log_parameter", "on"));
    expect(notPassing(report)).toEqual(["HPG-AUD-03"]);
});

test("log_connections off fails HPG-AUD-04 only", async () => {
    const report = await whileTampered(() => db.setServerSetting("log_connections", "off"));
    expect(notPassing(report)).toEqual(["HPG-AUD-04"]);
    expect(result(report, "HPG-AUD-04").findings).toEqual(["log_connections is 'off'; required: on (1); fix: ALTER SYSTEM SET log_connections = '1', then SELECT pg_reload_conf()"]);
});

test("password_encryption md5 fails HPG-PWD-01 only", async () => {
    const report = await whileTampered(() => db.setServerSetting("password_encryption", "md5"));
    expect(notPassing(report)).toEqual(["HPG-PWD-01"]);
});

test("the pgaudit extension dropped from the database fails HPG-AUD-01 only", async () => {
    const report = await whileTampered(
        async () => void (await db.admin.query("DROP EXTENSION pgaudit")),
        async () => void (await db.admin.query("CREATE EXTENSION pgaudit")),
    );
    expect(notPassing(report)).toEqual(["HPG-AUD-01"]);
    expect(result(report, "HPG-AUD-01").findings).toEqual([`the pgaudit extension is not created in database ${db.database}; fix: CREATE EXTENSION pgaudit in it (pgaudit must be in shared_preload_libraries)`]);
});

test("a classified table the audit role no longer covers fails HPG-AUD-05 only", async () => {
    const report = await whileTampered(
        async () => void (await db.admin.query("REVOKE DELETE ON app.patients FROM rds_pgaudit")),
        async () => void (await db.admin.query("GRANT DELETE ON app.patients TO rds_pgaudit")),
    );
    expect(notPassing(report)).toEqual(["HPG-AUD-05"]);
    expect(result(report, "HPG-AUD-05").findings).toEqual(["classified table app.patients is not covered by object auditing: the audit role 'rds_pgaudit' lacks DELETE; fix: SELECT hpg.audit_classified('app.patients') as the owner (or GRANT DELETE ON app.patients TO rds_pgaudit)"]);
});

describe("a table created by a migration without tenant isolation", () => {
    test("with a tenant column: fails HPG-RLS-01 only", async () => {
        const migration = await db.connectAs(migrator);
        const report = await whileTampered(
            async () => void (await migration.query("CREATE TABLE app.invoices (tenant_id uuid NOT NULL, amount numeric)")),
            async () => void (await migration.query("DROP TABLE app.invoices")),
        );
        await migration.end();
        expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
        expect(result(report, "HPG-RLS-01").findings).toEqual([
            "row-level security is not enabled on app.invoices (tenant column tenant_id); fix: SELECT hpg.enable_tenant_isolation('app.invoices') as the owner (enables and forces RLS and (re)creates both tenant policies)",
            "row-level security is not forced on app.invoices, so its owner hpg_owner bypasses it (tenant column tenant_id); fix: SELECT hpg.enable_tenant_isolation('app.invoices') as the owner (enables and forces RLS and (re)creates both tenant policies)",
            "app.invoices has no row-level security policy (tenant column tenant_id); fix: SELECT hpg.enable_tenant_isolation('app.invoices') as the owner (enables and forces RLS and (re)creates both tenant policies)",
        ]);
    });

    test("with a classified column and no audit grant: fails HPG-RLS-01 and HPG-AUD-05", async () => {
        const migration = await db.connectAs(migrator);
        const report = await whileTampered(
            async () => {
                await migration.query("CREATE TABLE app.lab_results (id bigint, result text)");
                await migration.query("COMMENT ON COLUMN app.lab_results.result IS 'classification=phi'");
            },
            async () => void (await migration.query("DROP TABLE app.lab_results")),
        );
        await migration.end();
        expect(notPassing(report)).toEqual(["HPG-AUD-05", "HPG-RLS-01"]);
    });

    test("the migration helpers make it pass again", async () => {
        const migration = await db.connectAs(migrator);
        const report = await whileTampered(
            async () => {
                await migration.query("CREATE TABLE app.invoices (tenant_id uuid NOT NULL, amount numeric)");
                await migration.query("SELECT hpg.enable_tenant_isolation('app.invoices')");
            },
            async () => void (await migration.query("DROP TABLE app.invoices")),
        );
        await migration.end();
        expect(notPassing(report)).toEqual([]);
    });
});

test("a view over a tenant table without security_invoker fails HPG-RLS-02 only, also through another view", async () => {
    const migration = await db.connectAs(migrator);
    const report = await whileTampered(
        async () => {
            await migration.query("CREATE VIEW app.clinic_names AS SELECT tenant_id, name FROM app.clinics");
            await migration.query("CREATE VIEW app.clinic_names_again WITH (security_invoker = true) AS SELECT name FROM app.clinic_names");
            await migration.query("CREATE MATERIALIZED VIEW app.patient_counts AS SELECT tenant_id, count(*) FROM app.patients GROUP BY tenant_id");
        },
        async () => void (await migration.query("DROP MATERIALIZED VIEW app.patient_counts; DROP VIEW app.clinic_names_again; DROP VIEW app.clinic_names")),
    );
    await migration.end();
    expect(notPassing(report)).toEqual(["HPG-RLS-02"]);
    expect(result(report, "HPG-RLS-02").findings).toEqual([
        "view app.clinic_names over app.clinics is not security_invoker, so it reads with its owner's privileges; fix: ALTER VIEW app.clinic_names SET (security_invoker = true)",
        "materialized view app.patient_counts stores rows of app.patients outside row-level security; fix: DROP MATERIALIZED VIEW app.patient_counts (or revoke every non-owner privilege on it and keep it out of the application's reach)",
    ]);
});

test("grants to PUBLIC fail HPG-ROLE-02 only", async () => {
    const report = await whileTampered(
        async () => {
            await db.admin.query("GRANT SELECT ON app.clinics TO PUBLIC");
            await db.admin.query("GRANT CREATE ON SCHEMA public TO PUBLIC");
        },
        async () => {
            await db.admin.query("REVOKE SELECT ON app.clinics FROM PUBLIC");
            await db.admin.query("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        },
    );
    expect(notPassing(report)).toEqual(["HPG-ROLE-02"]);
    expect(result(report, "HPG-ROLE-02").findings).toEqual([
        "PUBLIC has CREATE on schema public (granted by pg_database_owner); fix: REVOKE CREATE ON SCHEMA public FROM PUBLIC (as pg_database_owner), and grant it to the group that needs it",
        "PUBLIC has SELECT on table app.clinics (granted by hpg_owner); fix: REVOKE SELECT ON TABLE app.clinics FROM PUBLIC (as hpg_owner), and grant it to the group that needs it",
    ]);
});

test("an object owned by a login role fails HPG-ROLE-04 only", async () => {
    const report = await whileTampered(
        async () => {
            await db.admin.query("CREATE FUNCTION app.shadow() RETURNS int LANGUAGE sql AS 'SELECT 1'");
            await db.admin.query(`ALTER FUNCTION app.shadow() OWNER TO ${api}`);
        },
        async () => void (await db.admin.query("DROP FUNCTION app.shadow()")),
    );
    expect(notPassing(report)).toEqual(["HPG-ROLE-04"]);
    expect(result(report, "HPG-ROLE-04").findings).toEqual([`function app.shadow() is owned by login role ${api}; fix: ALTER FUNCTION app.shadow() OWNER TO hpg_owner, and run migrations as a member of the owner group`]);
});

test("a pg_hba.conf line without TLS fails HPG-TLS-01 only: the probe is asked for a password it never sends", async () => {
    const report = await whileTampered(() => withHbaFile(renderHbaConf() + "host all all 127.0.0.1/32 scram-sha-256\n"));
    expect(notPassing(report)).toEqual(["HPG-TLS-01"]);
    expect(result(report, "HPG-TLS-01").findings).toEqual([
        "the server accepted a connection without TLS up to authentication (it asked for a password); fix: make every pg_hba.conf line hostssl (or set rds.force_ssl = 1 on RDS)",
        "pg_hba.conf line 5 admits connections without TLS (host all all 127.0.0.1 scram-sha-256); fix: change it to hostssl (or to reject), then SELECT pg_reload_conf()",
    ]);
});

test("a `local all all trust` line (a passwordless superuser on the host) fails HPG-PWD-01", async () => {
    const report = await whileTampered(() => withHbaFile(`local all all trust\n${renderHbaConf()}`));
    expect(notPassing(report)).toEqual(["HPG-PWD-01"]);
    expect(result(report, "HPG-PWD-01").findings).toEqual(["pg_hba.conf line 1 authenticates with 'trust' (local all all ); required: scram-sha-256; fix: change line 1's method to scram-sha-256 (hostssl), then SELECT pg_reload_conf()"]);
});

test("a role without pg_read_all_settings gets 'error', never 'pass', for the settings it cannot read", async () => {
    const report = await verifyServer(db.url(api));
    const errors = report.results.filter((r) => r.status === "error").map((r) => r.control);
    // Settings only pg_read_all_settings may read (ssl_min_protocol_version, shared_preload_libraries, the statement-logging
    // settings), and pg_hba.conf, which the app role may not read: each is "could not be checked", never a pass.
    expect(errors).toEqual(["HPG-AUD-01", "HPG-AUD-03", "HPG-PWD-01", "HPG-TLS-02"]);
    expect(result(report, "HPG-TLS-02").unverified[0]).toMatch(/^could not be checked as svc_api: must be superuser or have privileges of pg_read_all_settings to examine "ssl_min_protocol_version"/);
    expect(report.failed + report.errors).toBeGreaterThan(0);
});

test("declared admin roles are configurable: the bootstrap superuser fails HPG-ROLE-01 when it is not declared", async () => {
    const report = await verifyServer(db.url(auditor), { adminRoles: ["hpg_owner"] });
    expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
    expect(result(report, "HPG-ROLE-01").findings).toEqual(["login role hpg_admin is not a declared admin but has SUPERUSER, BYPASSRLS, CREATEROLE, CREATEDB; fix: ALTER ROLE hpg_admin NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB, or declare hpg_admin with --admin-role if it is an admin"]);
});

test("every finding of every tamper above says how to fix it", () => {
    const findings = reports.flatMap((r) => r.results.flatMap((x) => x.findings));
    expect(findings.length).toBeGreaterThan(30);
    expect(findings.filter((f) => !/\b[Ff]ix: \S/.test(f))).toEqual([]);
});

test("after every tamper was undone, every control passes again", async () => {
    expect(notPassing(await verifyAsAuditor())).toEqual([]);
});

describe("--platform rds judges what RDS provides instead of pg_hba.conf", () => {
    test("a self-managed server judged as RDS fails HPG-TLS-01 and HPG-PWD-01 for the missing rds.force_ssl and rds.accepted_password_auth_method", async () => {
        const report = await verifyServer(db.url(auditor), { platform: "rds" });
        expect(report.platform).toBe("rds");
        expect(notPassing(report)).toEqual(["HPG-PWD-01", "HPG-TLS-01"]);
        expect(result(report, "HPG-PWD-01").findings).toEqual(["rds.accepted_password_auth_method is not a setting of this server (an RDS parameter); required: 'scram'; fix: on RDS, set it in the instance's DB parameter group (a server without it is not RDS: verify it without --platform rds)"]);
        expect(result(report, "HPG-TLS-01").findings).toEqual(["rds.force_ssl is not a setting of this server (an RDS parameter); required: on (1); fix: on RDS, set it in the instance's DB parameter group (a server without it is not RDS: verify it without --platform rds)"]);
        expect(result(report, "HPG-TLS-01").notes).toContain("RDS enforces TLS with rds.force_ssl instead of pg_hba.conf, which it does not expose");
    });

    test("RDS's own rdsadmin login role is exempt on RDS only", async () => {
        await db.admin.query("CREATE ROLE rdsadmin LOGIN SUPERUSER");
        try {
            const selfManaged = await verifyServer(db.url(auditor));
            expect(result(selfManaged, "HPG-ROLE-01").findings).toEqual(["login role rdsadmin is not a declared admin but has SUPERUSER; fix: ALTER ROLE rdsadmin NOSUPERUSER, or declare rdsadmin with --admin-role if it is an admin"]);
            const rds = await verifyServer(db.url(auditor), { platform: "rds" });
            expect(result(rds, "HPG-ROLE-01").status).toBe("pass");
            expect(result(rds, "HPG-ROLE-01").notes).toContain("rdsadmin is managed by RDS (SUPERUSER); customers cannot log in as it");
        } finally {
            await db.admin.query("DROP ROLE rdsadmin");
        }
    });
});

test("the inspection session is read-only: verify cannot change what it judges", async () => {
    const { connectForInspection, parseInspectionUrl } = await import("../../../policies/live");
    const client = await connectForInspection(parseInspectionUrl(db.url(roleOf("owner"))));
    try {
        expect((await client.query("SHOW transaction_read_only")).rows[0].transaction_read_only).toBe("on");
        await expect(client.query("CREATE TABLE app.should_not_exist (id int)")).rejects.toThrow("cannot execute CREATE TABLE in a read-only transaction");
    } finally {
        await client.end();
    }
});
