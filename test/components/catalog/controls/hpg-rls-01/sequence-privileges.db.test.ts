import { tenantRowSecurity } from "../../../../../components/catalog/controls/hpg-rls-01/live";
import { CheckResult, connectForInspection, parseInspectionUrl, resolveVerifyOptions, runCheck, verifyServer, VerifyReport } from "../../../../../policies/live";
import { ProvisionedCluster, roleOf, startProvisionedCluster } from "../../../../support/live-cluster";

/**
 * HPG-RLS-01's sequence half on a real PostgreSQL 15 provisioned as `local up` provisions it: a sequence is shared by
 * every tenant and its last_value counts every tenant's rows, so a login role that can read it (SELECT, or USAGE while
 * pg_sequence_last_value is executable) or set it (UPDATE) fails the control, and nothing else. As the auditor, over TLS.
 */
let db: ProvisionedCluster;
const api = roleOf("app_rw");

beforeAll(async () => {
    db = await startProvisionedCluster();
}, 120_000);

afterAll(async () => {
    await db?.destroy();
});

const notPassing = (r: VerifyReport) => r.results.filter((x) => x.status !== "pass").map((x) => x.control);
const rls01 = (r: VerifyReport): CheckResult => r.results.find((x) => x.control === "HPG-RLS-01")!;

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

const verifyAsAuditor = () => verifyServer(db.url(roleOf("auditor")));

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

test("no login role but the owner's members can read a sequence's last_value on the twin, with the query as evidence", async () => {
    const report = await verifyAsAuditor();
    expect(notPassing(report)).toEqual([]);
    const evidence = rls01(report).evidence.find((e) => e.title.startsWith("Login roles (not superusers, declared admins or members of the owner) that can read a sequence's last_value"))!;
    expect(evidence.rows).toEqual([]);
});

test("GRANT SELECT ON SEQUENCE … TO svc_api fails HPG-RLS-01 only", async () => {
    const report = await whileTampered([`GRANT SELECT ON SEQUENCE app.patients_id_seq TO ${api}`], [`REVOKE SELECT ON SEQUENCE app.patients_id_seq FROM ${api}`], verifyAsAuditor);
    expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
    expect(rls01(report).findings).toEqual([
        `login role ${api} has SELECT on sequence app.patients_id_seq (granted to ${api}): SELECT reads last_value, a count of every tenant's rows; ` +
            `grant application roles USAGE only (REVOKE SELECT, UPDATE ON SEQUENCE app.patients_id_seq FROM ${api})`,
    ]);
});

test("SELECT and UPDATE granted to the analytics group fail HPG-RLS-01 only, naming the group to revoke from", async () => {
    const reporting = roleOf("analytics_ro");
    const report = await whileTampered(
        ["GRANT SELECT, UPDATE ON SEQUENCE app.clinics_id_seq TO hpg_analytics_ro"],
        ["REVOKE SELECT, UPDATE ON SEQUENCE app.clinics_id_seq FROM hpg_analytics_ro"],
        verifyAsAuditor,
    );
    expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
    expect(rls01(report).findings).toEqual([
        `login role ${reporting} has SELECT and UPDATE on sequence app.clinics_id_seq (granted to hpg_analytics_ro): SELECT reads last_value, a count of every tenant's rows; UPDATE lets setval move every tenant's next id; ` +
            "grant application roles USAGE only (REVOKE SELECT, UPDATE ON SEQUENCE app.clinics_id_seq FROM hpg_analytics_ro)",
    ]);
});

describe("USAGE with pg_sequence_last_value executable", () => {
    const tamper = ["GRANT USAGE ON SEQUENCE app.clinics_id_seq, app.patients_id_seq TO hpg_app_rw", "GRANT EXECUTE ON FUNCTION pg_catalog.pg_sequence_last_value(regclass) TO PUBLIC"];
    const undo = ["REVOKE USAGE ON SEQUENCE app.clinics_id_seq, app.patients_id_seq FROM hpg_app_rw", "REVOKE EXECUTE ON FUNCTION pg_catalog.pg_sequence_last_value(regclass) FROM PUBLIC"];

    test("reads last_value, which svc_api really does; on a self-managed server it fails HPG-RLS-01 only", async () => {
        const { report, read } = await whileTampered(tamper, undo, async () => {
            const client = await db.connectAs(api);
            try {
                const value = (await client.query("SELECT pg_sequence_last_value('app.patients_id_seq') AS v")).rows[0].v;
                return { report: await verifyAsAuditor(), read: value };
            } finally {
                await client.end();
            }
        });
        expect(Number(read)).toBeGreaterThan(0);
        expect(notPassing(report)).toEqual(["HPG-RLS-01"]);
        expect(rls01(report).findings).toEqual([
            `login role ${api} reads the last_value of app.clinics_id_seq, app.patients_id_seq with USAGE alone, through pg_catalog.pg_sequence_last_value(regclass) (and the pg_sequences view); ` +
                "fix: as a superuser, REVOKE EXECUTE ON FUNCTION pg_catalog.pg_sequence_last_value(regclass) FROM PUBLIC (the access model's self-managed SQL does)",
        ]);
    });

    test("on RDS, where the master user cannot revoke it, it is a note saying what stays open, not a finding", async () => {
        const result = await whileTampered(tamper, undo, rls01AsOnRds);
        expect([result.status, result.findings]).toEqual(["pass", []]);
        expect(result.notes.filter((n) => n.startsWith("not closed on RDS"))).toEqual([
            `not closed on RDS: ${api} read the last_value of sequences they have USAGE on through pg_catalog.pg_sequence_last_value(regclass), which only its owner (rdsadmin) can revoke from PUBLIC; ` +
                "identity columns need no privilege on their sequence (the access model grants none on theirs), so prefer them to serial columns and revoke USAGE where no serial default needs it",
        ]);
    });
});
