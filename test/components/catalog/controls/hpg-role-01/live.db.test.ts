import { DECLARED_DEFINER_FUNCTIONS, DEFAULT_MIGRATOR_ROLES, OWNER_ROLE } from "../../../../../components/catalog";
import { SAMPLE_ACCESS_MODEL } from "../../../../../components/database-access";
import { LIVE_CHECKS } from "../../../../../policies/live/pack";
import { CheckResult, verifyServer, VerifyOptions, VerifyReport } from "../../../../../policies/live";
import { runCli } from "../../../../support/cli-run";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../../../../support/live-cluster";

/**
 * HPG-ROLE-01's privileged paths on a real PostgreSQL 15 provisioned as `local up` provisions it, verified as the auditor
 * over TLS: each tamper opens one path from a login role to power beyond the access model and must fail HPG-ROLE-01 and
 * no other control; each declared path must pass. Every tamper is undone before the next test.
 */
let db: ProvisionedCluster;
const auditor = roleOf("auditor");
const migrator = roleOf("owner");
const api = roleOf("app_rw");
const reporting = roleOf("analytics_ro");
const PATIENTS = "app.patients (tenant rows; classified full_name, date_of_birth, diagnosis)";

beforeAll(async () => {
    db = await startProvisionedCluster();
}, 120_000);

afterAll(async () => {
    await db?.destroy();
});

const role01 = (r: VerifyReport): CheckResult => r.results.find((x) => x.control === "HPG-ROLE-01")!;
const notPassing = (r: VerifyReport) => r.results.filter((x) => x.status !== "pass").map((x) => x.control);

/** Runs each tamper statement as the bootstrap superuser, verifies as the auditor, then runs the undo statements. */
async function verifyWhile(tamper: string[], undo: string[], options: Partial<VerifyOptions> = {}): Promise<VerifyReport> {
    try {
        for (const statement of tamper) {
            await db.admin.query(statement);
        }
        return await verifyServer(db.url(auditor), options);
    } finally {
        for (const statement of undo) {
            await db.admin.query(statement);
        }
    }
}

const OWNER_FIX = "(only a login role that runs migrations belongs in it, declared with --migrator-role)";
const REPLICATION_FIX = "(a standby's or change-data-capture tool's login role is declared with --replication-role)";
const PUBLICATION_FIX = "(a publication that must ship them is declared with --declared-publication)";
const NOT_DECLARED_REPLICATION = "so it can read every change to every table through replication, past row-level security and pgaudit; it is neither a declared admin nor a declared replication role";
const SHIPPED = "to its subscribers by logical replication, where neither row-level security nor pgaudit reaches; it is not a declared publication";

test("the default migrator is the sample access model's owner-group login role", () => {
    expect(DEFAULT_MIGRATOR_ROLES).toEqual(SAMPLE_ACCESS_MODEL.loginRoles.filter((l) => l.group === "owner").map((l) => l.name));
    expect(DEFAULT_MIGRATOR_ROLES).toEqual([migrator]);
});

test("the provisioned cluster passes HPG-ROLE-01 and every control, and the notes name every declaration", async () => {
    const report = await verifyServer(db.url(auditor));
    expect(notPassing(report)).toEqual([]);
    expect(report.results.map((r) => r.control)).toEqual(LIVE_CHECKS.map((c) => c.control.id));
    expect(report.options).toMatchObject({ adminRoles: ["hpg_owner", "hpg_admin"], migratorRoles: [migrator], replicationRoles: [], declaredPublications: [] });
    const result = role01(report);
    expect(result.findings).toEqual([]);
    expect(result.notes).toEqual(
        expect.arrayContaining([
            "hpg_admin is a declared admin role (SUPERUSER, BYPASSRLS, CREATEROLE, CREATEDB, REPLICATION)",
            `${migrator} is a declared migrator, member of the owner group ${OWNER_ROLE}`,
            "declared admin roles: hpg_admin, hpg_owner",
            `declared migrator roles (members of ${OWNER_ROLE}): ${migrator}`,
            "declared replication roles: (none)",
            "declared publications: (none)",
            "declared SECURITY DEFINER functions: hpg.password_verifier_types() (members of hpg_auditor only), " +
                ["uuid", "text", "bigint", "integer"].map((type) => `hpg.set_actor(person text, tenant ${type}) (members of hpg_app_rw, hpg_analytics_ro only)`).join(", "),
        ]),
    );
    // Two queries: the login roles' paths, and the publications of protected tables.
    expect(result.evidence.map((e) => e.title)).toEqual([
        "Login roles: their privileged attributes, their memberships (direct or through other roles) in privileged roles and the owner group, and the SECURITY DEFINER functions of privileged owners they may execute",
        "Publications (logical replication) that ship a table with the tenant column 'tenant_id' or a classified column",
    ]);
});

describe("each privileged path fails HPG-ROLE-01 only", () => {
    test("a login role granted the owner group directly", async () => {
        const report = await verifyWhile([`GRANT ${OWNER_ROLE} TO ${api}`], [`REVOKE ${OWNER_ROLE} FROM ${api}`]);
        expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
        expect(role01(report).findings).toEqual([
            `login role ${api} is a member of the owner group ${OWNER_ROLE}, so it can SET ROLE ${OWNER_ROLE} and disable row-level security on the tables ${OWNER_ROLE} owns; ` +
                `it is neither a declared admin nor a declared migrator. Fix: REVOKE ${OWNER_ROLE} FROM ${api} ${OWNER_FIX}`,
        ]);
    });

    test("a login role in the owner group through an intermediate role", async () => {
        const report = await verifyWhile(
            ["CREATE ROLE hpg_test_bridge NOLOGIN", `GRANT ${OWNER_ROLE} TO hpg_test_bridge`, `GRANT hpg_test_bridge TO ${reporting}`],
            ["DROP ROLE hpg_test_bridge"],
        );
        expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
        expect(role01(report).findings).toEqual([
            `login role ${reporting} is a member of the owner group ${OWNER_ROLE} through hpg_test_bridge, so it can SET ROLE ${OWNER_ROLE} and disable row-level security ` +
                `on the tables ${OWNER_ROLE} owns; it is neither a declared admin nor a declared migrator. ` +
                `Fix: REVOKE hpg_test_bridge FROM ${reporting}, or REVOKE ${OWNER_ROLE} FROM hpg_test_bridge for every member of hpg_test_bridge ${OWNER_FIX}`,
        ]);
    });

    test("a superuser-owned SECURITY DEFINER function the app role may execute", async () => {
        const fn = "public.all_patients()";
        const report = await verifyWhile(
            [
                "CREATE ROLE hpg_test_evil NOLOGIN SUPERUSER",
                `CREATE FUNCTION ${fn} RETURNS SETOF app.patients LANGUAGE sql SECURITY DEFINER AS 'SELECT * FROM app.patients'`,
                `ALTER FUNCTION ${fn} OWNER TO hpg_test_evil`,
                `REVOKE EXECUTE ON FUNCTION ${fn} FROM PUBLIC`,
                `GRANT EXECUTE ON FUNCTION ${fn} TO ${api}`,
            ],
            [`DROP FUNCTION ${fn}`, "DROP ROLE hpg_test_evil"],
        );
        expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
        expect(role01(report).findings).toEqual([
            `login role ${api} may execute SECURITY DEFINER function ${fn}, which runs as hpg_test_evil (SUPERUSER); EXECUTE is granted to ${api}. ` +
                `Fix: REVOKE EXECUTE ON FUNCTION ${fn} FROM ${api}, or give it an owner without privileges`,
        ]);
    });

    test("an owner-group SECURITY DEFINER function every login role may execute through PUBLIC (the migrator already acts as the owner)", async () => {
        const fn = "app.patient_count()";
        const report = await verifyWhile(
            [`CREATE FUNCTION ${fn} RETURNS bigint LANGUAGE sql SECURITY DEFINER AS 'SELECT count(*) FROM app.patients'`, `ALTER FUNCTION ${fn} OWNER TO ${OWNER_ROLE}`],
            [`DROP FUNCTION ${fn}`],
        );
        expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
        const finding = (login: string) =>
            `login role ${login} may execute SECURITY DEFINER function ${fn}, which runs as ${OWNER_ROLE} (the owner group); EXECUTE is granted to PUBLIC. ` +
            `Fix: REVOKE EXECUTE ON FUNCTION ${fn} FROM PUBLIC, or give it an owner without privileges`;
        // The migrator is a member of the owner: calling the function gives it nothing it lacks, so it is no finding.
        expect(role01(report).findings).toEqual([finding(api), finding(auditor), finding(reporting)]);
    });

    test("a SECURITY DEFINER function owned by a member of the owner group: a finding for all but the migrator, a note for it", async () => {
        const fn = "app.patient_names()";
        const report = await verifyWhile(
            [
                "CREATE ROLE hpg_test_deputy NOLOGIN",
                `GRANT ${OWNER_ROLE} TO hpg_test_deputy`,
                `CREATE FUNCTION ${fn} RETURNS SETOF text LANGUAGE sql SECURITY DEFINER AS 'SELECT full_name FROM app.patients'`,
                `ALTER FUNCTION ${fn} OWNER TO hpg_test_deputy`,
                `REVOKE EXECUTE ON FUNCTION ${fn} FROM PUBLIC`,
                `GRANT EXECUTE ON FUNCTION ${fn} TO hpg_app_rw, ${migrator}`,
            ],
            [`DROP FUNCTION ${fn}`, "DROP ROLE hpg_test_deputy"],
        );
        expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
        const runsAs = `SECURITY DEFINER function ${fn}, which runs as hpg_test_deputy (member of ${OWNER_ROLE})`;
        expect(role01(report).findings).toEqual([
            `login role ${api} may execute ${runsAs}; EXECUTE is granted to hpg_app_rw. Fix: REVOKE EXECUTE ON FUNCTION ${fn} FROM hpg_app_rw, or give it an owner without privileges`,
        ]);
        expect(role01(report).notes).toContain(`${migrator} may execute ${runsAs}: a declared migrator already acts as the owner group`);
    });

    test("the product's declared definer function, executable by the app role outside the auditor group", async () => {
        const fn = DECLARED_DEFINER_FUNCTIONS[0].signature;
        const undo = await ensureDeclaredFunction();
        try {
            const report = await verifyWhile([`GRANT EXECUTE ON FUNCTION ${fn} TO hpg_app_rw`], [`REVOKE EXECUTE ON FUNCTION ${fn} FROM hpg_app_rw`]);
            expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
            expect(role01(report).findings).toEqual([
                expect.stringMatching(
                    new RegExp(
                        `^login role ${api} may execute SECURITY DEFINER function hpg\\.password_verifier_types\\(\\), which runs as \\w+ \\(SUPERUSER[^)]*\\); ` +
                            `EXECUTE is granted to hpg_app_rw, but the product declares it for members of hpg_auditor only\\. ` +
                            `Fix: REVOKE EXECUTE ON FUNCTION hpg\\.password_verifier_types\\(\\) FROM hpg_app_rw$`,
                    ),
                ),
            ]);
        } finally {
            await undo();
        }
    });

    test.each(["pg_read_all_data", "pg_write_all_data"])("membership in %s, which reads or writes every table past the access model's grants", async (group) => {
        const report = await verifyWhile([`GRANT ${group} TO ${reporting}`], [`REVOKE ${group} FROM ${reporting}`]);
        // Reading or writing every table includes the sequences, whose values are shared by every tenant: HPG-RLS-01 too.
        expect(notPassing(report)).toEqual(["HPG-RLS-01", "HPG-ROLE-01"]);
        expect(role01(report).findings).toEqual([
            `login role ${reporting} is not a declared admin but has member of ${group}; fix: REVOKE ${group} FROM ${reporting} (or from the role it inherits ${group} through), or declare ${reporting} with --admin-role if it is an admin`,
        ]);
    });

    test("REPLICATION on the reporting login role", async () => {
        const report = await verifyWhile([`ALTER ROLE ${reporting} REPLICATION`], [`ALTER ROLE ${reporting} NOREPLICATION`]);
        expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
        expect(role01(report).findings).toEqual([
            `login role ${reporting} has REPLICATION, ${NOT_DECLARED_REPLICATION}. Fix: ALTER ROLE ${reporting} NOREPLICATION ${REPLICATION_FIX}`,
        ]);
    });

    test("membership in a role with REPLICATION (SET ROLE, then logical decoding)", async () => {
        const report = await verifyWhile(["CREATE ROLE hpg_test_repl NOLOGIN REPLICATION", `GRANT hpg_test_repl TO ${api}`], ["DROP ROLE hpg_test_repl"]);
        expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
        expect(role01(report).findings).toEqual([
            `login role ${api} has member of hpg_test_repl, which has REPLICATION, ${NOT_DECLARED_REPLICATION}. Fix: REVOKE hpg_test_repl FROM ${api} ${REPLICATION_FIX}`,
        ]);
    });

    test("a publication FOR TABLE app.patients", async () => {
        const report = await verifyWhile(["CREATE PUBLICATION hpg_test_pub FOR TABLE app.patients"], ["DROP PUBLICATION hpg_test_pub"]);
        expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
        expect(role01(report).findings).toEqual([
            `publication hpg_test_pub (FOR TABLE app.patients) ships ${PATIENTS} ${SHIPPED}. Fix: ALTER PUBLICATION hpg_test_pub DROP TABLE app.patients ${PUBLICATION_FIX}`,
        ]);
    });

    test("a publication FOR ALL TABLES", async () => {
        const report = await verifyWhile(["CREATE PUBLICATION hpg_test_all FOR ALL TABLES"], ["DROP PUBLICATION hpg_test_all"]);
        expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
        expect(role01(report).findings).toEqual([
            `publication hpg_test_all (FOR ALL TABLES) ships ${await protectedTablesText()} ${SHIPPED}. ` +
                `Fix: DROP PUBLICATION hpg_test_all, and publish only tables without tenant rows or classified columns ${PUBLICATION_FIX}`,
        ]);
    });

    test("a publication FOR TABLES IN SCHEMA app", async () => {
        const report = await verifyWhile(["CREATE PUBLICATION hpg_test_schema FOR TABLES IN SCHEMA app"], ["DROP PUBLICATION hpg_test_schema"]);
        expect(notPassing(report)).toEqual(["HPG-ROLE-01"]);
        expect(role01(report).findings).toEqual([
            `publication hpg_test_schema (FOR TABLES IN SCHEMA app) ships ${await protectedTablesText()} ${SHIPPED}. ` +
                `Fix: ALTER PUBLICATION hpg_test_schema DROP TABLES IN SCHEMA app ${PUBLICATION_FIX}`,
        ]);
    });
});

describe("declared and harmless paths pass", () => {
    test("a second declared migrator may be a member of the owner group", async () => {
        const report = await verifyWhile([`GRANT ${OWNER_ROLE} TO ${api}`], [`REVOKE ${OWNER_ROLE} FROM ${api}`], { migratorRoles: [migrator, api] });
        expect(notPassing(report)).toEqual([]);
        expect(role01(report).notes).toContain(`${api} is a declared migrator, member of the owner group ${OWNER_ROLE}`);
    });

    test("a declared replication role may have REPLICATION", async () => {
        const report = await verifyWhile([`ALTER ROLE ${reporting} REPLICATION`], [`ALTER ROLE ${reporting} NOREPLICATION`], { replicationRoles: [reporting] });
        expect(notPassing(report)).toEqual([]);
        expect(role01(report).notes).toEqual(expect.arrayContaining([`${reporting} is a declared replication role (REPLICATION)`, `declared replication roles: ${reporting}`]));
    });

    test("a declared publication may ship a protected table", async () => {
        const report = await verifyWhile(["CREATE PUBLICATION hpg_test_pub FOR TABLE app.patients"], ["DROP PUBLICATION hpg_test_pub"], {
            declaredPublications: ["hpg_test_pub"],
        });
        expect(notPassing(report)).toEqual([]);
        expect(role01(report).notes).toEqual(expect.arrayContaining([`publication hpg_test_pub is declared; it ships ${PATIENTS}`, "declared publications: hpg_test_pub"]));
    });

    test("a SECURITY DEFINER function of an unprivileged owner, executable by every login role", async () => {
        const report = await verifyWhile(
            [
                "CREATE ROLE hpg_test_plain NOLOGIN",
                "CREATE FUNCTION public.hpg_test_now() RETURNS timestamptz LANGUAGE sql SECURITY DEFINER AS 'SELECT now()'",
                "ALTER FUNCTION public.hpg_test_now() OWNER TO hpg_test_plain",
            ],
            ["DROP FUNCTION public.hpg_test_now()", "DROP ROLE hpg_test_plain"],
        );
        expect(notPassing(report)).toEqual([]);
    });

    test("a superuser-owned SECURITY DEFINER function only the declared admin may execute", async () => {
        const fn = "public.hpg_test_admin_only()";
        const report = await verifyWhile(
            [
                "CREATE ROLE hpg_test_evil NOLOGIN SUPERUSER",
                `CREATE FUNCTION ${fn} RETURNS bigint LANGUAGE sql SECURITY DEFINER AS 'SELECT count(*) FROM app.patients'`,
                `ALTER FUNCTION ${fn} OWNER TO hpg_test_evil`,
                `REVOKE EXECUTE ON FUNCTION ${fn} FROM PUBLIC`,
                `GRANT EXECUTE ON FUNCTION ${fn} TO hpg_admin`,
            ],
            [`DROP FUNCTION ${fn}`, "DROP ROLE hpg_test_evil"],
        );
        expect(notPassing(report)).toEqual([]);
    });

    test("the product's declared definer function, executable by the auditor group only, is a note", async () => {
        const undo = await ensureDeclaredFunction();
        try {
            const report = await verifyServer(db.url(auditor));
            expect(notPassing(report)).toEqual([]);
            expect(role01(report).notes).toEqual(
                expect.arrayContaining([
                    expect.stringMatching(
                        new RegExp(
                            `^${auditor} may execute SECURITY DEFINER function hpg\\.password_verifier_types\\(\\), which runs as \\w+ \\(SUPERUSER[^)]*\\): ` +
                                `declared by the product for members of hpg_auditor; it lets auditors see`,
                        ),
                    ),
                ]),
            );
        } finally {
            await undo();
        }
    });

    test("the CLI's declaration flags reach the check: a declared replication role and publication pass (exit 0)", async () => {
        const tamper = [`ALTER ROLE ${reporting} REPLICATION`, "CREATE PUBLICATION hpg_test_pub FOR TABLE app.patients", `GRANT ${OWNER_ROLE} TO ${api}`];
        const undo = [`ALTER ROLE ${reporting} NOREPLICATION`, "DROP PUBLICATION hpg_test_pub", `REVOKE ${OWNER_ROLE} FROM ${api}`];
        for (const statement of tamper) {
            await db.admin.query(statement);
        }
        try {
            const undeclared = await runCli(["verify", "--url", db.url(auditor), "--json"]);
            expect(undeclared.code).toBe(1);
            expect(JSON.parse(undeclared.stdout).results.find((r: CheckResult) => r.control === "HPG-ROLE-01").findings).toHaveLength(3);
            const run = await runCli([
                "verify",
                "--url",
                db.url(auditor),
                "--replication-role",
                reporting,
                "--declared-publication=hpg_test_pub",
                "--migrator-role",
                `${migrator},${api}`,
                "--json",
            ]);
            expect(run.code).toBe(0);
            expect(JSON.parse(run.stdout).options).toMatchObject({ migratorRoles: [migrator, api], replicationRoles: [reporting], declaredPublications: ["hpg_test_pub"] });
        } finally {
            for (const statement of undo) {
                await db.admin.query(statement);
            }
        }
    });
});

test("after every tamper was undone, every control passes again", async () => {
    expect(notPassing(await verifyServer(db.url(auditor)))).toEqual([]);
});

/** The protected tables of the sample schema as a publication finding lists them, in the order the catalog sorts them. */
async function protectedTablesText(): Promise<string> {
    const described: Record<string, string> = {
        "app.appointments": "app.appointments (tenant rows; classified notes)",
        "app.clinics": "app.clinics (tenant rows)",
        "app.patients": PATIENTS,
    };
    const { rows } = await db.admin.query<{ t: string }>("SELECT c.oid::regclass::text AS t FROM pg_class AS c WHERE c.relnamespace = 'app'::regnamespace AND c.relkind = 'r' ORDER BY 1");
    return rows.map((r) => described[r.t] ?? r.t).join(", ");
}

/**
 * The product's declared definer function, as provisioning creates it (owned by a superuser, EXECUTE for the auditor group
 * only); when this cluster's provisioning does not create it yet, a stand-in with the same signature owned by a NOLOGIN
 * superuser. Returns what drops the stand-in.
 */
async function ensureDeclaredFunction(): Promise<() => Promise<void>> {
    const fn = DECLARED_DEFINER_FUNCTIONS[0].signature;
    const { rows } = await db.admin.query("SELECT to_regprocedure($1) IS NOT NULL AS present", [fn]);
    if (rows[0].present) {
        return async () => undefined;
    }
    await db.admin.query("CREATE ROLE hpg_test_definer NOLOGIN SUPERUSER");
    await db.admin.query(`CREATE FUNCTION ${fn} RETURNS TABLE (role name, verifier_type text) LANGUAGE sql STABLE SECURITY DEFINER AS 'SELECT NULL::name, NULL::text WHERE false'`);
    await db.admin.query(`ALTER FUNCTION ${fn} OWNER TO hpg_test_definer`);
    await db.admin.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
    await db.admin.query(`GRANT EXECUTE ON FUNCTION ${fn} TO hpg_auditor`);
    return async () => {
        await db.admin.query(`DROP FUNCTION ${fn}`);
        await db.admin.query("DROP ROLE hpg_test_definer");
    };
}
