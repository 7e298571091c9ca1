import { classifiedDdl } from "../../../../components/audit-trail/detections/classified-ddl";
import { defaultDetectionSettings } from "../../../../components/audit-trail";
import { auditEvent, inputOf } from "./fixtures";

const ddl = (user: string, command: string, objectName: string, statement: string, objectType = "TABLE") =>
    auditEvent({ time: "2026-11-02T10:00:00Z", user, class: "DDL", command, objectName, objectType, statement });

test("DDL on a classified table by a non-migrator raises an alert naming role, table and operation", () => {
    const event = ddl("hpg_admin", "ALTER TABLE", "app.patients", "ALTER TABLE app.patients DISABLE ROW LEVEL SECURITY");
    expect(classifiedDdl.evaluate(inputOf([event]), defaultDetectionSettings())).toEqual([
        {
            detection: "classified-ddl",
            severity: "high",
            summary: "role hpg_admin with no person, not a migrator, ran ALTER TABLE on app.patients: ALTER TABLE app.patients DISABLE ROW LEVEL SECURITY",
            person: undefined,
            tenant: undefined,
            role: "hpg_admin",
            table: "app.patients",
            operation: "ALTER TABLE",
            time: "2026-11-02T10:00:00Z",
            sourceAddress: "10.0.1.5",
            evidence: [event.entry.raw],
        },
    ]);
});

test("the same DDL by a migrator raises nothing", () => {
    expect(classifiedDdl.evaluate(inputOf([ddl("svc_migrate", "ALTER TABLE", "app.patients", "ALTER TABLE app.patients ADD COLUMN x int")]), defaultDetectionSettings())).toEqual([]);
});

test("DDL on an unclassified table raises nothing", () => {
    expect(classifiedDdl.evaluate(inputOf([ddl("hpg_admin", "ALTER TABLE", "app.clinics", "ALTER TABLE app.clinics ADD COLUMN x int")]), defaultDetectionSettings())).toEqual([]);
});

test("a column's comment (object schema.table.column) is DDL on the table", () => {
    const [alert] = classifiedDdl.evaluate(inputOf([ddl("svc_api", "COMMENT", "app.patients.diagnosis", "COMMENT ON COLUMN app.patients.diagnosis IS ''", "COLUMN")]), defaultDetectionSettings());
    expect(alert.table).toBe("app.patients");
});

test("an index or policy on a classified table names it in the statement, qualified or bare", () => {
    const settings = defaultDetectionSettings();
    const index = ddl("svc_api", "CREATE INDEX", "app.p_idx", "CREATE INDEX p_idx ON app.patients (diagnosis)", "INDEX");
    const policy = ddl("svc_api", "DROP POLICY", "", 'DROP POLICY tenant ON "patients"', "POLICY");
    expect(classifiedDdl.evaluate(inputOf([index]), settings).map((a) => a.table)).toEqual(["app.patients"]);
    expect(classifiedDdl.evaluate(inputOf([{ ...policy, record: { ...policy.record, statementId: 2 } }]), settings).map((a) => a.table)).toEqual(["app.patients"]);
});

test("a table of the same name in another schema is not the classified one", () => {
    expect(classifiedDdl.evaluate(inputOf([ddl("svc_api", "CREATE INDEX", "other.i", "CREATE INDEX i ON other.patients (x)", "INDEX")]), defaultDetectionSettings())).toEqual([]);
});

test("CloudWatch: DDL records, excluding the migrators by RDS's `:<user>@` prefix text", () => {
    const form = classifiedDdl.cloudwatch(defaultDetectionSettings());
    expect(form.kind === "metric-filter" && form.filterPattern).toBe('"AUDIT: SESSION," ",DDL," -":svc_migrate@"');
});
