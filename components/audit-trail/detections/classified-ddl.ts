import type { AuditEvent } from "../events";
import { rdsSampleLine } from "./sample-lines";
import { describeActor, eventAlertFields, eventEvidence, statementExcerpt } from "./alert-evidence";
import { auditLinesSql, sqlString, sqlStringList } from "./athena-sql";
import { isClassifiedObject, oneEventPerStatement } from "./classified-access";
import type { Alert, DetectionDefinition, DetectionInput, DetectionSettings } from "./detection";
import { allTermsPattern, prefixUserTerm } from "./filter-pattern";

/** pgaudit's DDL class. */
export const DDL_CLASS = "DDL";

/**
 * DDL on a classified table by a role not in `migratorRoles`: the record's object is the table (or one of its columns),
 * or, for objects that hang off a table (an index, a trigger, a policy), the statement names the table
 * (qualified, or bare as search_path finds it). The role is the
 * session user (`%u`), so a migrator that SET ROLEs to the owner is still the migrator.
 */
export const classifiedDdl: DetectionDefinition = {
    id: "classified-ddl",
    title: "DDL on a classified table by a non-migrator",
    description: "A classified table's definition (columns, policies, triggers, indexes) was changed outside the migration roles: row-level security or auditing can be switched off this way.",
    severity: "high",
    frameworks: {
        HIPAA: ["164.312(b)", "164.312(c)(1)"],
        "SOC 2": ["CC8.1"],
        "PCI DSS 4.0": ["10.2.1.2", "6.5.1"],
        "NIST 800-53 r5": ["CM-5", "AU-12"],
    },
    evaluate(input: DetectionInput, settings: DetectionSettings): Alert[] {
        const migrators = new Set(settings.migratorRoles);
        const ddl = input.events.filter((e) => e.record.class === DDL_CLASS && !migrators.has(e.entry.user ?? ""));
        return oneEventPerStatement(ddl.filter((e) => classifiedTableOf(e, settings))).map((event) => {
            const table = classifiedTableOf(event, settings);
            return {
                detection: "classified-ddl",
                severity: "high",
                summary: `${describeActor(event)}, not a migrator, ran ${event.record.command} on ${table}: ${statementExcerpt(event.record.statement)}`,
                ...eventAlertFields(event),
                table,
                evidence: eventEvidence([event], input.entries),
            };
        });
    },
    cloudwatch: (settings: DetectionSettings) => ({
        kind: "metric-filter",
        filterPattern: allTermsPattern(["AUDIT: SESSION,", `,${DDL_CLASS},`], settings.migratorRoles.map(prefixUserTerm)),
        samples: sampleDdl(settings),
        metricName: "AuditDdlByNonMigrator",
        statistic: "Sum",
        threshold: 1,
        periodSeconds: 300,
        evaluationPeriods: 1,
        scope: "Broader: DDL on any object by a role outside the migrators. A filter pattern can't AND the DDL terms with any one of several table names (`?` terms only OR among themselves); the analyzer and the Athena query narrow it to classified tables.",
    }),
    athena(settings: DetectionSettings, table: string): string {
        const tables = settings.classifiedTables.map((t) => t.toLowerCase());
        const mentions = tables.map((t) => `regexp_like(lower(replace(message, '"', '')), ${sqlString(tableMentionPattern(t))})`).join(" OR ") || "false";
        return [
            auditLinesSql(table),
            "SELECT event_time, person, tenant, role, object_name AS table_name, command AS operation, source_address, line",
            "FROM audit",
            `WHERE audit_class = '${DDL_CLASS}' AND role NOT IN ${sqlStringList(settings.migratorRoles)}`,
            `  AND (object_name IN ${sqlStringList(tables)} OR ${mentions})`,
            "ORDER BY event_time",
        ].join("\n");
    },
};

/** The classified table a DDL record is about: its object, or a table its statement names (`schema.table`). */
function classifiedTableOf(event: AuditEvent, settings: DetectionSettings): string | undefined {
    const direct = isClassifiedObject(event.record.objectName, settings);
    if (direct) {
        return direct;
    }
    const statement = event.record.statement.replace(/"/g, "").toLowerCase();
    // Qualified, or bare (found through search_path); a bare name after another schema's `other.` is not it.
    return settings.classifiedTables.find((t) => new RegExp(tableMentionPattern(t)).test(statement));
}

/** A regex (JavaScript and Java alike) for `schema.table` or a bare `table` in lower-cased SQL with quotes removed. */
function tableMentionPattern(table: string): string {
    const [schema, name] = table.toLowerCase().split(".");
    return `(^|[^a-z0-9_$.])(${escapeRegExp(schema)}\\.)?${escapeRegExp(name)}($|[^a-z0-9_$])`;
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A classified table's definition changed by a role outside the migrators, as RDS logs it. */
function sampleDdl(settings: DetectionSettings): string[] {
    const user = ["svc_api", "intruder", "someone_else"].find((r) => !settings.migratorRoles.includes(r))!;
    const table = settings.classifiedTables[0] ?? "app.patients";
    return [rdsSampleLine({ host: "10.0.3.7", user, message: `AUDIT: SESSION,7,1,${DDL_CLASS},ALTER TABLE,TABLE,${table},ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY,<not logged>,0` })];
}
