import * as pulumi from "@pulumi/pulumi";
import { ARCHIVE_PARTITION_KEYS, ARCHIVE_TABLE_COLUMNS } from "../../../components/audit-trail/archive-table";
import { defaultDetectionSettings, DetectionDefinition, DETECTIONS } from "../../../components/audit-trail/detections";
import { CONTEXT_CLOSE_PREFIX, CONTEXT_OPEN_PREFIX } from "../../../components/audit-trail/events";
import {
    archiveTableReference,
    AuditAthenaSettings,
    createAuditAthena,
    partitionProjectionParameters,
    phiAccessReportSql,
} from "../../../components/hardened-postgres/audit-athena";
import { PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

const BUCKET = "hpg-audit-orders-db-20261126";
const TAGS = { "data-classification": "phi", "compliance-posture": "hipaa", "managed-by": "hardened-postgres" };
const settings = (): AuditAthenaSettings => ({
    identifier: "orders-db",
    tags: {},
    dataClassification: "phi",
    posture: "hipaa",
    optOuts: {},
    detections: { ...defaultDetectionSettings(), classifiedTables: ["app.patients"] },
});

async function build(name: string, detections: readonly DetectionDefinition[] = DETECTIONS) {
    const parent = new pulumi.ComponentResource("test:index:Parent", name, {}, { transformations: [recorder.captureOptions] });
    const athena = createAuditAthena(name, settings(), BUCKET, parent, detections);
    await valueOf(pulumi.all(athena.namedQueries.map((q) => q.id)));
    await recorder.settle();
    return athena;
}

describe("createAuditAthena", () => {
    beforeAll(async () => {
        await build("orders");
    });

    it("creates the Glue database named after the instance", () => {
        expect(recorder.one("aws:glue/catalogDatabase:CatalogDatabase", "orders-audit-catalog").inputs).toEqual({
            name: "hpg_audit_orders_db",
            description: "Audit trail archive of RDS instance orders-db",
            tags: TAGS,
        });
    });

    it("creates the table over the instance's prefix with the agreed envelope columns, gzip'd JSON lines", () => {
        const table = recorder.one("aws:glue/catalogTable:CatalogTable", "orders-audit-table").inputs;
        expect(table.databaseName).toBe("hpg_audit_orders_db");
        expect(table.name).toBe("postgresql_log");
        expect(table.tableType).toBe("EXTERNAL_TABLE");
        expect(table.storageDescriptor).toEqual({
            location: `s3://${BUCKET}/postgresql/orders-db/`,
            inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
            outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            compressed: true,
            serDeInfo: { serializationLibrary: "org.openx.data.jsonserde.JsonSerDe", parameters: { "serialization.format": "1" } },
            columns: ARCHIVE_TABLE_COLUMNS.map((c) => ({ ...c })),
        });
        expect(table.storageDescriptor.columns.map((c: { name: string; type: string }) => `${c.name} ${c.type}`)).toEqual([
            "messagetype string",
            "owner string",
            "loggroup string",
            "logstream string",
            "subscriptionfilters array<string>",
            "logevents array<struct<id:string,timestamp:bigint,message:string>>",
        ]);
    });

    it("projects its year/month/day/hour partitions, never crawled, on Firehose's prefix", () => {
        const table = recorder.one("aws:glue/catalogTable:CatalogTable", "orders-audit-table").inputs;
        expect(table.partitionKeys.map((k: { name: string }) => k.name)).toEqual(["year", "month", "day", "hour"]);
        expect(table.partitionKeys).toEqual(ARCHIVE_PARTITION_KEYS.map((k) => ({ ...k })));
        expect(table.parameters).toEqual({
            EXTERNAL: "TRUE",
            classification: "json",
            compressionType: "gzip",
            "projection.enabled": "true",
            "projection.year.type": "integer",
            "projection.year.range": "2020,2099",
            "projection.month.type": "integer",
            "projection.month.range": "1,12",
            "projection.month.digits": "2",
            "projection.day.type": "integer",
            "projection.day.range": "1,31",
            "projection.day.digits": "2",
            "projection.hour.type": "integer",
            "projection.hour.range": "0,23",
            "projection.hour.digits": "2",
            "storage.location.template": `s3://${BUCKET}/postgresql/orders-db/\${year}/\${month}/\${day}/\${hour}`,
        });
        expect(recorder.resources.filter((r) => r.type.startsWith("aws:glue/crawler"))).toEqual([]);
    });

    it("saves the PHI-access report and one named query per detection, each its athena() SQL over the table", () => {
        const queries = recorder.ofType("aws:athena/namedQuery:NamedQuery").filter((q) => q.name.startsWith("orders-"));
        expect(queries.map((q) => q.name)).toEqual(["orders-audit-query-phi-access-report", ...DETECTIONS.map((d) => `orders-audit-query-${d.id}`)]);
        expect(queries[0].inputs).toEqual({
            name: "orders-db-phi-access-report",
            description: "PHI access by person, role, table and operation, last 30 days (the SIEM dashboard's report)",
            database: "hpg_audit_orders_db",
            query: phiAccessReportSql('"hpg_audit_orders_db"."postgresql_log"', ["app.patients"]),
        });
        DETECTIONS.forEach((d, i) => {
            expect(queries[i + 1].inputs).toEqual({
                name: `orders-db-${d.id}`,
                description: `${d.title} (${d.severity})`,
                database: "hpg_audit_orders_db",
                query: d.athena(settings().detections, '"hpg_audit_orders_db"."postgresql_log"'),
            });
            expect((queries[i + 1].opts?.dependsOn as unknown as { __name: string }[]).map((r) => r.__name)).toEqual(["orders-audit-table"]);
        });
    });
});

describe("partitionProjectionParameters", () => {
    it("reads the same template the delivery writes, under the instance's prefix", () => {
        expect(partitionProjectionParameters("b", "x")["storage.location.template"]).toBe("s3://b/postgresql/x/${year}/${month}/${day}/${hour}");
    });
});

describe("archiveTableReference", () => {
    it("quotes the database and table as Athena names them", () => {
        expect(archiveTableReference("orders-db")).toBe('"hpg_audit_orders_db"."postgresql_log"');
    });
});

describe("phiAccessReportSql", () => {
    const sql = phiAccessReportSql('"db"."t"', ["app.patients", "app.o'brien"]);
    /** Every regexp_extract(<column>, '<pattern>', <group>) of the SQL, as JavaScript reads the same pattern. */
    const extracts = [...sql.matchAll(/regexp_extract\((\w+), '((?:[^']|'')*)', (\d+)\)(?: AS bigint\))? AS (\w+)/g)].map((m) => ({ column: m[1], regex: new RegExp(m[2]), group: Number(m[3]), as: m[4] }));
    const extract = (as: string, text: string) => {
        const e = extracts.find((x) => x.as === as)!;
        return e.regex.exec(text)?.[e.group] ?? "";
    };
    const line = '2026-11-26 08:24:18 UTC:fd00::12:5(41190):app_rw@app:[27031]:LOG:  AUDIT: SESSION,7,1,READ,SELECT,TABLE,app.patients,"select * from app.patients",<not logged>,42';

    it("unnests the envelopes' events, data messages only, over the last 30 days of partitions", () => {
        expect(sql).toContain('FROM "db"."t" a\n  CROSS JOIN UNNEST(a.logevents) AS t(e)');
        expect(sql).toContain("WHERE a.messagetype = 'DATA_MESSAGE'");
        expect(sql).toContain("concat(a.year, '-', a.month, '-', a.day) >= date_format(current_date - INTERVAL '30' DAY, '%Y-%m-%d')");
    });

    it("reads role, backend and body of an RDS stderr line, the IPv6 client's colons notwithstanding", () => {
        expect([extract("role", line), extract("pid", line), extract("body", line)]).toEqual(["app_rw", "27031", line.slice(line.indexOf("AUDIT: "))]);
    });

    it("reads operation, table and row count from the pgaudit record", () => {
        const body = extract("body", line);
        expect([extract("command", body), extract("object_name", body), extract("row_count", line)]).toEqual(["SELECT", "app.patients", "42"]);
    });

    it("attributes a statement only between an open and the close of the same context id on the same backend", () => {
        expect(sql).toContain("PARTITION BY logstream, pid ORDER BY ts_ms, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before");
        expect(sql).toContain("PARTITION BY logstream, pid ORDER BY ts_ms, id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS after");
        expect(sql).toContain(`CASE WHEN before LIKE '${CONTEXT_OPEN_PREFIX.trim()} %'\n      AND after LIKE '${CONTEXT_CLOSE_PREFIX.trim()} %'`);
        expect(sql).toContain("AND regexp_extract(after, 'id=(\\S+)', 1) = regexp_extract(before, 'id=(\\S+)', 1)");
    });

    it("keeps only the classified tables, each a quoted SQL literal", () => {
        expect(sql).toContain("AND object_name IN ('app.patients', 'app.o''brien')");
        expect(phiAccessReportSql('"db"."t"', [])).not.toContain("object_name IN");
    });

    it("reports person × role × table × operation with statements and rows", () => {
        expect(sql).toContain("SELECT coalesce(person, '(unattributed)') AS person, role, object_name AS table_name, command AS operation");
        expect(sql).toContain("GROUP BY 1, 2, 3, 4");
    });
});
