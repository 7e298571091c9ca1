import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ARCHIVE_PARTITION_KEYS, ARCHIVE_PARTITION_TEMPLATE, ARCHIVE_SERDE, ARCHIVE_TABLE_COLUMNS } from "../audit-trail/archive-table";
import { DetectionDefinition, DetectionSettings, DETECTIONS, phiAccessReportSql } from "../audit-trail/detections";
import { AUDIT_GLUE_TABLE_NAME, auditArchivePrefix, auditGlueDatabaseName } from "./audit-names";
import { standardTags, TagSettings } from "./tags";
import { ResolvedSettings } from "./validate";

export type AuditAthenaSettings = Pick<ResolvedSettings, "identifier"> & TagSettings & { detections: DetectionSettings };

export interface AuditAthena {
    database: aws.glue.CatalogDatabase;
    table: aws.glue.CatalogTable;
    /** The PHI-access report first, then one per detection, in DETECTIONS order. */
    namedQueries: aws.athena.NamedQuery[];
}

/**
 * Partition projection (no crawler, no partitions to add): Athena computes the partitions from these ranges and the
 * location template, Firehose's explicit `yyyy/MM/dd/HH` UTC prefix. Months, days and hours are two digits, as
 * Firehose writes them. Years 2020-2099: a query always filters on them, the range only bounds an unfiltered one.
 */
export function partitionProjectionParameters(bucketName: string, identifier: string): Record<string, string> {
    const digits = (name: string, from: number, to: number) => ({
        [`projection.${name}.type`]: "integer",
        [`projection.${name}.range`]: `${from},${to}`,
        [`projection.${name}.digits`]: "2",
    });
    return {
        EXTERNAL: "TRUE",
        classification: "json",
        compressionType: "gzip",
        "projection.enabled": "true",
        "projection.year.type": "integer",
        "projection.year.range": "2020,2099",
        ...digits("month", 1, 12),
        ...digits("day", 1, 31),
        ...digits("hour", 0, 23),
        "storage.location.template": `s3://${bucketName}/${auditArchivePrefix(identifier)}${ARCHIVE_PARTITION_TEMPLATE}`,
    };
}

/** `"database"."table"`, as Athena names the archive table in SQL. */
export function archiveTableReference(identifier: string): string {
    return `"${auditGlueDatabaseName(identifier)}"."${AUDIT_GLUE_TABLE_NAME}"`;
}

/**
 * The archive in Athena (HPG-AUD-06 at scale): a Glue database and table over the archive's objects, projected, never
 * crawled; the PHI-access report and each detection's query are saved as named queries, so a year of a fleet's audit
 * trail is queried on Athena, not on one machine. Detections CloudWatch can't express run here.
 */
export function createAuditAthena(
    name: string,
    settings: AuditAthenaSettings,
    bucketName: pulumi.Input<string>,
    parent: pulumi.Resource,
    detections: readonly DetectionDefinition[] = DETECTIONS,
): AuditAthena {
    const opts = { parent };
    const databaseName = auditGlueDatabaseName(settings.identifier);
    const database = new aws.glue.CatalogDatabase(
        `${name}-audit-catalog`,
        { name: databaseName, description: `Audit trail archive of RDS instance ${settings.identifier}`, tags: standardTags(settings) },
        opts,
    );
    const table = new aws.glue.CatalogTable(
        `${name}-audit-table`,
        {
            databaseName: database.name,
            name: AUDIT_GLUE_TABLE_NAME,
            description: "CloudWatch Logs envelopes of the postgresql log, one per line, as Firehose writes them (components/audit-trail/archive-table.ts)",
            tableType: "EXTERNAL_TABLE",
            parameters: pulumi.output(bucketName).apply((bucket) => partitionProjectionParameters(bucket, settings.identifier)),
            partitionKeys: ARCHIVE_PARTITION_KEYS.map(({ name: key, type, comment }) => ({ name: key, type, comment })),
            storageDescriptor: {
                location: pulumi.interpolate`s3://${bucketName}/${auditArchivePrefix(settings.identifier)}`,
                inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
                outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                compressed: true,
                serDeInfo: { serializationLibrary: ARCHIVE_SERDE, parameters: { "serialization.format": "1" } },
                columns: ARCHIVE_TABLE_COLUMNS.map(({ name: column, type, comment }) => ({ name: column, type, comment })),
            },
        },
        opts,
    );
    const reference = archiveTableReference(settings.identifier);
    const queries = [
        {
            id: "phi-access-report",
            // The detections' own attribution (components/audit-trail/detections/athena-sql.ts), so report and alerts agree.
            description: "PHI access by person, role, table and operation, last 30 days (the SIEM dashboard's report)",
            query: phiAccessReportSql(reference, settings.detections.classifiedTables),
        },
        ...detections.map((d) => ({ id: d.id, description: `${d.title} (${d.severity})`, query: d.athena(settings.detections, reference) })),
    ];
    const namedQueries = queries.map(
        (q) =>
            new aws.athena.NamedQuery(
                `${name}-audit-query-${q.id}`,
                { name: `${settings.identifier}-${q.id}`, description: q.description.slice(0, 1024), database: database.name, query: q.query },
                { parent, dependsOn: [table] },
            ),
    );
    return { database, table, namedQueries };
}
