/**
 * pgaudit on a real PostgreSQL 15 (HPG-AUD-02, -03, -04, -05): what the hardened profile and the access model make
 * the server log, read back from its JSON log files.
 */
import { Client } from "pg";
import { setRolePasswords } from "../../../components/database-access/apply";
import { SAMPLE_ACCESS_MODEL } from "../../../components/database-access/sample-model";
import { generatePassword } from "../../../infra/local-twin/secrets";
import { provisionSampleDatabase, ProvisionedDatabase, withTenant } from "../../support/pg-access";
import { startThrowawayCluster, ThrowawayCluster } from "../../support/pg-cluster";
import { JsonLogEntry, readRawLog, waitForLog } from "../../support/pg-log";

const TENANT = "33333333-3333-4333-8333-333333333333";

let cluster: ThrowawayCluster;
let db: ProvisionedDatabase;
let api: Client;

beforeAll(async () => {
    cluster = await startThrowawayCluster();
    db = await provisionSampleDatabase(cluster);
    api = await db.connectAs("svc_api");
}, 120_000);

afterAll(async () => {
    await cluster?.destroy();
});

const audit = (user: string, ...parts: string[]) => (e: JsonLogEntry) => e.user === user && e.message.startsWith("AUDIT: ") && parts.every((p) => e.message.includes(p));

describe("session auditing (pgaudit.log = ddl,write,role)", () => {
    test("DDL is logged with the session user's name, not the owner it acts as", async () => {
        const migrator = await db.connectAs("svc_migrate");
        await migrator.query("CREATE TABLE app.audit_probe (tenant_id uuid NOT NULL)");
        await migrator.query("DROP TABLE app.audit_probe");
        await migrator.end();
        const [entry] = await waitForLog(cluster.handle, audit("svc_migrate", "SESSION,", ",DDL,CREATE TABLE,TABLE,app.audit_probe,"));
        expect(entry.dbname).toBe(db.database);
        await waitForLog(cluster.handle, audit("svc_migrate", "SESSION,", ",DDL,DROP TABLE,"));
    });

    test("writes are logged with the session user's name", async () => {
        await withTenant(api, TENANT, () => api.query("INSERT INTO app.clinics (tenant_id, name) VALUES ($1, $2)", [TENANT, "a clinic"]));
        // Session entries name the relation only with pgaudit.log_relation; the statement text names it.
        await waitForLog(cluster.handle, audit("svc_api", "SESSION,", ",WRITE,INSERT,", "INSERT INTO app.clinics (tenant_id, name) VALUES ($1, $2)"));
    });

    test("role statements are logged, and a password set through the model never appears in the log", async () => {
        const password = `pw-${generatePassword()}`;
        await setRolePasswords(db.admin, SAMPLE_ACCESS_MODEL, { svc_reporting: password });
        await db.admin.query("ALTER ROLE svc_reporting CONNECTION LIMIT 5");
        const [entry] = await waitForLog(cluster.handle, audit("hpg_admin", "SESSION,", ",ROLE,ALTER ROLE,", "CONNECTION LIMIT 5"));
        expect(entry.user).toBe("hpg_admin");
        await waitForLog(cluster.handle, audit("hpg_admin", ",ROLE,ALTER ROLE,"));
        expect(readRawLog(cluster.handle)).not.toContain(password);
        const passwordEntries = await waitForLog(cluster.handle, audit("hpg_admin", ",ROLE,ALTER ROLE,", "PASSWORD"));
        // pgaudit redacts the PASSWORD clause; the verifier we send (never the password) is not logged either.
        expect(passwordEntries[passwordEntries.length - 1].message).toMatch(/^AUDIT: SESSION,\d+,1,ROLE,ALTER ROLE,,,"ALTER ROLE ""svc_reporting"" PASSWORD <REDACTED>",<not logged>,0$/);
        expect(readRawLog(cluster.handle)).not.toContain("SCRAM-SHA-256$");
        const reporting = await cluster.connect("svc_reporting", password, db.database);
        await reporting.end();
    });

    test("no bound parameter value is logged (HPG-AUD-03)", async () => {
        const marker = `Zq-${generatePassword()}`;
        await withTenant(api, TENANT, () => api.query("INSERT INTO app.patients (tenant_id, full_name, diagnosis) VALUES ($1, $2, $3)", [TENANT, marker, marker]));
        const entries = await waitForLog(cluster.handle, audit("svc_api", ",WRITE,INSERT,", "INSERT INTO app.patients"));
        // Both the session entry and the object entry (patients is classified) carry the placeholders, not the values.
        expect(entries.map((e) => e.message.split(",")[0])).toEqual(expect.arrayContaining(["AUDIT: SESSION", "AUDIT: OBJECT"]));
        for (const entry of entries) {
            expect(entry.message).toContain("VALUES ($1, $2, $3)");
            // The parameter field says <not logged>; pgaudit.log_rows (HPG-AUD-07) adds the row count after it.
            expect(entry.message.endsWith(",<not logged>,1")).toBe(true);
        }
        expect(readRawLog(cluster.handle)).not.toContain(marker);
    });

    test("connections and disconnections are logged with the user (HPG-AUD-04)", async () => {
        await waitForLog(cluster.handle, (e) => e.message.startsWith("connection authorized: user=svc_api database=hpg_app") && e.message.includes("SSL enabled"));
        await waitForLog(cluster.handle, (e) => e.user === "svc_migrate" && e.message.startsWith("disconnection: session time:"));
    });
});

describe("object auditing of classified tables (pgaudit.role = rds_pgaudit)", () => {
    test("a read of a classified table is logged, with the reader's name", async () => {
        await withTenant(api, TENANT, () => api.query("SELECT full_name FROM app.patients WHERE id = $1", [0]));
        const [entry] = await waitForLog(cluster.handle, audit("svc_api", "OBJECT,", ",READ,SELECT,TABLE,app.patients,"));
        expect(entry.message).toContain("<not logged>");
    });

    test("a read of a non-classified table is not object-audited", async () => {
        await withTenant(api, TENANT, () => api.query("SELECT name FROM app.clinics"));
        // The read above and a later classified read arrive in order: once the later one is in, the first would be too.
        await withTenant(api, TENANT, () => api.query("SELECT notes FROM app.appointments"));
        await waitForLog(cluster.handle, audit("svc_api", "OBJECT,", ",READ,SELECT,TABLE,app.appointments,"));
        const clinicReads = await waitForLog(cluster.handle, audit("svc_api", "OBJECT,", "app.clinics"), 0).catch(() => []);
        expect(clinicReads).toEqual([]);
    });
});
