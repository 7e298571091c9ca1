import * as pulumi from "@pulumi/pulumi";
import { ARCHIVE_PARTITION_KEYS, ARCHIVE_TABLE_COLUMNS } from "../../../components/audit-trail/archive-table";
import { defaultDetectionSettings, DetectionDefinition, DETECTIONS, phiAccessReportSql } from "../../../components/audit-trail/detections";
import { archiveTableReference, AuditAthenaSettings, createAuditAthena, partitionProjectionParameters } from "../../../components/hardened-postgres/audit-athena";
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

describe("the PHI-access report's named query", () => {
    it("reads the archive's partitions the delivery writes, in the table this component names", () => {
        const sql = phiAccessReportSql(archiveTableReference("orders-db"), ["app.patients"]);
        expect(sql).toContain('FROM "hpg_audit_orders_db"."postgresql_log" a');
        expect(sql).toContain("concat(a.year, '/', a.month, '/', a.day)");
        expect(sql).toContain("object_name IN ('app.patients')");
    });
});
