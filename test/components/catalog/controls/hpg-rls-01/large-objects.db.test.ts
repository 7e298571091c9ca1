import { tenantRowSecurity } from "../../../../../components/catalog/controls/hpg-rls-01/live";
import { CheckResult, connectForInspection, parseInspectionUrl, resolveVerifyOptions, runCheck, verifyServer, VerifyReport } from "../../../../../policies/live";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../../../../support/live-cluster";

/**
 * HPG-RLS-01's large-object half on a real PostgreSQL 15 provisioned as `local up` provisions it: large objects have no
 * tenant column and no row-level security, so a login role that can create one, or read one, fails the control, and
 * so does lo_compat_privileges (which turns their privilege checks off). As the auditor, over TLS.
 */
let db: ProvisionedCluster;
const api = roleOf("app_rw");
const LOGIN_ROLES = [roleOf("auditor"), roleOf("owner"), roleOf("analytics_ro"), api].sort();

beforeAll(async () => {
    db = await startProvisionedCluster();
}, 120_000);

afterAll(async () => {
    await db?.destroy();
});

const notPassing = (r: VerifyReport) => r.results.filter((x) => x.status !== "pass").map((x) => x.control);
const rls01 = (r: VerifyReport): CheckResult => r.results.find((x) => x.control === "HPG-RLS-01")!;
const verifyAsAuditor = () => verifyServer(db.url(roleOf("auditor")));

/** Runs `tamper` as the bootstrap superuser, runs `judge`, then runs `undo`. */
async function whileTampered<T>(tamper: string[], undo: string[], judge: () => Promise<T>): Promise<T> {
    try {
        for (const statement of tamper) {
            await db.admin.query(statement);
        }
        return await judge();
    } finally {
        for (const statement of undo) {
            await db.admin.query(statement);
        }
    }
}

/** HPG-RLS-01 alone, judged as on RDS (the other controls read RDS settings this server lacks). */
async function rls01AsOnRds(): Promise<CheckResult> {
    const connection = parseInspectionUrl(db.url(roleOf("auditor")));
    const client = await connectForInspection(connection);
    try {
        return await runCheck(tenantRowSecurity, { client, connection, platform: "rds", options: resolveVerifyOptions(), target: connection.target });
    } finally {
        await client.end();
    }
}

const CREATE_FINDING = (role: string, functions: string) =>
    `login role ${role} can create large objects (EXECUTE on ${functions}), which have no tenant column and no row-level security; ` +
    "fix: as a superuser, revoke EXECUTE on them from PUBLIC and from the roles it inherits them from (the access model's self-managed SQL revokes them from PUBLIC)";

test("no login role can create or read a large object on the twin, with the query as evidence", async () => {
    const report = await verifyAsAuditor();
    expect(notPassing(report)).toEqual([]);
    const evidence = rls01(report).evidence.filter((e) => /large objects|lo_compat_privileges/.test(e.title));
    expect(evidence.map((e) => e.rows)).toEqual([[{ lo_compat_privileges: "off" }], []]);
});

test("EXECUTE on lo_create granted to the app group fails HPG-RLS-01 only", async () => {
    const report = await whileTampered(["GRANT EXECUTE ON FUNCTION pg_catalog.lo_create(oid) TO hpg_app_rw"], ["REVOKE EXECUTE ON FUNCTION pg_catalog.lo_create(oid) FROM hpg_app_rw"], verifyAsAuditor);
    expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
    expect(rls01(report).findings).toEqual([CREATE_FINDING(api, "lo_create(oid)")]);
});

describe("PostgreSQL's own grant of lo_creat and lo_from_bytea to PUBLIC, back in place", () => {
    const tamper = ["GRANT EXECUTE ON FUNCTION pg_catalog.lo_creat(integer), pg_catalog.lo_from_bytea(oid, bytea) TO PUBLIC"];
    const undo = ["REVOKE EXECUTE ON FUNCTION pg_catalog.lo_creat(integer), pg_catalog.lo_from_bytea(oid, bytea) FROM PUBLIC"];

    test("lets every login role create one; on a self-managed server it fails HPG-RLS-01 only", async () => {
        const report = await whileTampered(tamper, undo, verifyAsAuditor);
        expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
        expect(rls01(report).findings).toEqual(LOGIN_ROLES.map((r) => CREATE_FINDING(r, "lo_creat(integer), lo_from_bytea(oid,bytea)")));
    });

    test("on RDS, where the master user cannot revoke it, it is a note saying what stays open, not a finding", async () => {
        const result = await whileTampered(tamper, undo, rls01AsOnRds);
        expect([result.status, result.findings]).toEqual(["pass", []]);
        expect(result.notes.filter((n) => n.startsWith("not closed on RDS"))).toEqual([
            `not closed on RDS: ${LOGIN_ROLES.join(", ")} can create large objects (EXECUTE on lo_creat(integer), lo_from_bytea(oid,bytea)), which row-level security does not cover; ` +
                "only the functions' owner (rdsadmin) can revoke it from PUBLIC, so keep tenant data out of large objects",
        ]);
    });
});

test("a large object readable by PUBLIC fails HPG-RLS-01 only, on RDS too, for every login role", async () => {
    const oid = Number((await db.admin.query("SELECT lo_from_bytea(0, 'a tenant''s scan'::bytea) AS oid")).rows[0].oid);
    const { report, rds } = await whileTampered([`GRANT SELECT ON LARGE OBJECT ${oid} TO PUBLIC`], [`SELECT lo_unlink(${oid})`], async () => ({
        report: await verifyAsAuditor(),
        rds: await rls01AsOnRds(),
    }));
    const findings = LOGIN_ROLES.map(
        (r) =>
            `login role ${r} can read 1 large object, which no tenant policy filters; fix: move the data into a tenant table (bytea), or revoke SELECT ON LARGE OBJECT from it and PUBLIC and make the owner a non-login role`,
    );
    expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
    expect(rls01(report).findings).toEqual(findings);
    expect(rds.findings).toEqual(findings);
});

test("lo_compat_privileges on fails HPG-RLS-01 only", async () => {
    const restore = await db.setServerSetting("lo_compat_privileges", "on");
    let report: VerifyReport;
    try {
        report = await verifyAsAuditor();
    } finally {
        await restore();
    }
    expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
    expect(rls01(report).findings).toEqual([
        "lo_compat_privileges is on, so every role reads and writes every large object whatever its owner and grants; turn it off (ALTER SYSTEM RESET lo_compat_privileges, or the parameter group)",
    ]);
});
