import { ARCHIVE_PARTITION_KEYS, ARCHIVE_TABLE_COLUMNS, DETECTIONS, DetectionId, validateDetectionSettings } from "../../../../components/audit-trail";
import { athenaTableName, phiAccessReportSql } from "../../../../components/audit-trail/detections/athena-sql";

// No Athena here: these check the SQL's text (configured values in, deterministic, the agreed columns); it isn't run.
const settings = validateDetectionSettings({
    classifiedTables: ["clinic.charts", "clinic.labs"],
    migratorRoles: ["svc_deploy"],
    allowedCidrs: ["10.20.0.0/16", "fd00:20::/32"],
    bulkRead: { rowsPerStatement: 777, rowsPerPersonPerWindow: 8888, windowMinutes: 45 },
    businessHours: { timeZone: "Europe/Berlin", days: [1, 2, 3, 4, 6], start: "06:30", end: "20:15", holidays: ["2026-12-24"] },
    failedAuth: { attempts: 9, windowMinutes: 7 },
    auditGap: { maxSilenceMinutes: 42 },
});
const TABLE = "audit.postgresql_logs";

test.each(DETECTIONS.map((d) => [d.id, d] as const))("%s: deterministic, over the agreed table, unnesting logevents of DATA_MESSAGE batches, within the projected partitions", (_id, d) => {
    const sql = d.athena(settings, TABLE);
    expect(d.athena(settings, TABLE)).toBe(sql);
    expect(sql).toContain(`FROM ${TABLE} a`);
    expect(sql).toContain("CROSS JOIN UNNEST(a.logevents) AS t (e)");
    expect(sql).toContain("a.messagetype = 'DATA_MESSAGE'");
    expect(sql).toContain("concat(a.year, '/', a.month, '/', a.day)");
    for (const column of ["messagetype", "loggroup", "logstream", "logevents"]) {
        expect(ARCHIVE_TABLE_COLUMNS.map((c) => c.name)).toContain(column);
    }
    expect(ARCHIVE_PARTITION_KEYS.map((c) => c.name)).toEqual(["year", "month", "day", "hour"]);
    expect(sql).not.toMatch(/;\s*$/);
});

const contains: Record<DetectionId, string[]> = {
    "bulk-read": ["'clinic.charts', 'clinic.labs'", "row_count > 777", "> 8888", "INTERVAL '45' MINUTE", "audit_class = 'READ'"],
    "after-hours": ["AT TIME ZONE 'Europe/Berlin'", "NOT IN (1, 2, 3, 4, 6)", "('2026-12-24')", "< 390", ">= 1215", "'clinic.charts', 'clinic.labs'"],
    "outside-network": ["contains('10.20.0.0/16', TRY_CAST(source_address AS IPADDRESS))", "contains('fd00:20::/32', TRY_CAST(source_address AS IPADDRESS))", "'connection authorized'"],
    "privilege-change": ["audit_class = 'ROLE'"],
    "classified-ddl": ["audit_class = 'DDL'", "role NOT IN ('svc_deploy')", "('clinic.charts', 'clinic.labs')", "clinic\\.)?charts"],
    "failed-auth-burst": ["'password authentication failed for user'", "'no pg_hba.conf entry for host'", "count(*) >= 9", "INTERVAL '7' MINUTE"],
    "audit-gap": ["> 2520", "lag(event_time)"],
    "unattributed-access": ["person IS NULL", "('clinic.charts', 'clinic.labs')", "IN ('READ', 'WRITE')"],
};

test.each(Object.entries(contains))("%s: the configured thresholds, tables, roles and ranges are in the query", (id, parts) => {
    const sql = DETECTIONS.find((d) => d.id === id)!.athena(settings, TABLE);
    for (const part of parts) {
        expect(sql).toContain(part);
    }
});

test("attribution in SQL, as the analyzer's: the backend's latest context record is a genuine open whose next context record is its close", () => {
    const sql = DETECTIONS[0].athena(settings, TABLE);
    expect(sql).toContain("PARTITION BY c.log_stream, c.pid ORDER BY c.event_time, c.event_id");
    expect(sql).toContain("LEFT JOIN closed k ON k.open_marker = s.context_marker");
    expect(sql).toContain("WHERE starts_with(marker, 'open ') AND next_marker = concat('close ', substr(marker, 6))");
    // Genuine: the CONTEXT line that follows names the product's functions, not a DO block's inline_code_block.
    expect(sql).toContain("starts_with(message, 'hpg-audit-context open ') AND next_severity = 'CONTEXT' AND starts_with(next_message, 'PL/pgSQL function hpg.set_actor(')");
    expect(sql).toContain("starts_with(message, 'hpg-audit-context close ') AND next_severity = 'CONTEXT' AND starts_with(next_message, 'PL/pgSQL function hpg.close_actor_context(')");
    // An error or a new connection on the backend ends any context.
    expect(sql).toContain("WHEN severity IN ('ERROR', 'FATAL', 'PANIC') OR regexp_like(message, '^(connection received|connection authenticated|connection authorized|disconnection):') THEN 'end'");
});

test("a quote in a configured value is doubled, never ends the literal", () => {
    const sql = DETECTIONS[1].athena(validateDetectionSettings({ classifiedTables: ["app.o'brien"] }), TABLE);
    expect(sql).toContain("('app.o''brien')");
});

test("a table name that isn't a Glue name is refused", () => {
    expect(() => athenaTableName("logs; DROP TABLE x")).toThrow('[table] is "logs; DROP TABLE x"; it must be a Glue table name');
    expect(athenaTableName('"audit-db"."logs"')).toBe('"audit-db"."logs"');
});

test("the PHI-access report over the archive uses the same attribution, the classified tables and its lookback", () => {
    const sql = phiAccessReportSql(TABLE, ["App.Patients"], 365);
    expect(sql).toBe(phiAccessReportSql(TABLE, ["App.Patients"], 365));
    expect(sql).toContain("current_date - INTERVAL '365' DAY");
    expect(sql).toContain("LEFT JOIN closed k ON k.open_marker = s.context_marker");
    expect(sql).toContain("object_name IN ('app.patients')");
    expect(sql).toContain("coalesce(person, '(unattributed)') AS person");
    expect(() => phiAccessReportSql(TABLE, [], 0)).toThrow("[lookbackDays] is 0; it must be a whole number of days ≥ 1");
});
