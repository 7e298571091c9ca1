import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CONTEXT_OPEN_PREFIX } from "../audit-trail/events";
import { auditGlueDatabaseName } from "./audit-names";
import { awsPlaceOf } from "./aws-place";

/**
 * Logs Insights `parse` of one pgaudit line as RDS writes it to CloudWatch: stderr with the `%t:%r:%u@%d:[%p]:` prefix
 * RDS imposes, then `AUDIT: <type>,<statement>,<substatement>,<class>,<command>,<object type>,<object name>,`.
 * The client (`%r`) may be an IPv6 address, full of colons, so it is matched lazily up to `:<user>@<db>:[<pid>]:`.
 */
export const PGAUDIT_LINE_PARSE =
    "parse @message /^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\w+:(?<client>.*?):(?<dbRole>[^@:]*)@(?<db>[^:]*):\\[(?<pid>\\d+)\\]:LOG:  AUDIT: (?<auditType>SESSION|OBJECT),(?<statementId>\\d+),(?<substatementId>\\d+),(?<auditClass>[A-Z]+),(?<command>[A-Z ]+),(?<objectType>[A-Z ]*),(?<objectName>[^,]*),/";

/** Logs Insights string literal (double quotes; a backslash or quote inside is escaped). */
function literal(text: string): string {
    return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The Logs Insights query of pgaudit reads and writes of the classified tables, counted by `groupBy`. */
export function phiAccessQuery(logGroupName: string, classifiedTables: readonly string[], groupBy: readonly string[]): string {
    return [
        `SOURCE '${logGroupName}'`,
        "filter @message like /AUDIT: (SESSION|OBJECT),/",
        PGAUDIT_LINE_PARSE,
        // No classified table configured: every audited object is shown rather than none.
        ...(classifiedTables.length > 0 ? [`filter objectName in [${classifiedTables.map(literal).join(", ")}]`] : []),
        `stats count(*) as statements by ${groupBy.join(", ")}`,
        "sort statements desc",
        "limit 100",
    ].join(" | ");
}

/** The people the application acted for (context records, HPG attribution), by person and tenant. */
export function actingPersonsQuery(logGroupName: string): string {
    return [
        `SOURCE '${logGroupName}'`,
        `filter @message like ${literal(CONTEXT_OPEN_PREFIX.trim())}`,
        "parse @message /actor=(?<person>\\S+) tenant=(?<tenant>\\S+)/",
        "stats count(*) as transactions by person, tenant",
        "sort transactions desc",
        "limit 100",
    ].join(" | ");
}

/** One Logs Insights table widget, a full row wide. */
function logTableWidget(y: number, title: string, query: string, region: string): Record<string, unknown> {
    return { type: "log", x: 0, y, width: 24, height: 6, properties: { title, query, region, view: "table" } };
}

/** A detection CloudWatch can't alarm on, with the reason its definition gives. */
export interface NotAlarmedDetection {
    detection: string;
    reason: string;
}

/** Markdown naming each detection CloudWatch can't alarm on and where it runs, so nobody takes silence for "all clear". */
export function notAlarmedMarkdown(notAlarmed: readonly NotAlarmedDetection[], identifier: string): string {
    return [
        "## Detections CloudWatch can't alarm on",
        `They run over the archive, each as the Athena named query \`${identifier}-<detection>\` (database \`${auditGlueDatabaseName(identifier)}\`), and \`hardened-postgres audit alerts --log <files>…\` runs the same analyzer on exported logs.`,
        "",
        ...notAlarmed.map((n) => `- **${n.detection}**: ${n.reason.replace(/\n/g, " ")}`),
    ].join("\n");
}

/**
 * The dashboard body: PHI access by database role × table × operation, then by each alone, then the persons the
 * application acted for, then the detections CloudWatch can't alarm on. CloudWatch can't join a statement to the
 * context record on its backend, so the person × table report is the Athena named query over the archive
 * (audit-athena.ts) and `hardened-postgres audit report`.
 */
export function auditDashboardBody(
    logGroupName: string,
    classifiedTables: readonly string[],
    region: string,
    notAlarmed: readonly NotAlarmedDetection[] = [],
    identifier = "",
): string {
    const widgets = [
        logTableWidget(0, "PHI access by role, table and operation", phiAccessQuery(logGroupName, classifiedTables, ["dbRole", "objectName", "command"]), region),
        logTableWidget(6, "PHI access by role", phiAccessQuery(logGroupName, classifiedTables, ["dbRole"]), region),
        logTableWidget(12, "PHI access by table", phiAccessQuery(logGroupName, classifiedTables, ["objectName"]), region),
        logTableWidget(18, "PHI access by operation", phiAccessQuery(logGroupName, classifiedTables, ["command"]), region),
        logTableWidget(24, "Persons the application acted for (context records)", actingPersonsQuery(logGroupName), region),
        ...(notAlarmed.length > 0 ? [{ type: "text", x: 0, y: 30, width: 24, height: 2 + notAlarmed.length, properties: { markdown: notAlarmedMarkdown(notAlarmed, identifier) } }] : []),
    ];
    return JSON.stringify({ widgets });
}

/** Dashboard names allow letters, digits, `-` and `_`; the identifier already fits. */
export function auditDashboardName(identifier: string): string {
    return `${identifier}-audit`;
}

/** The CloudWatch dashboard of PHI access on the postgresql log group, in the stack's region. */
export function createAuditDashboard(
    name: string,
    identifier: string,
    logGroupName: string,
    classifiedTables: readonly string[],
    parent: pulumi.Resource,
    notAlarmed: readonly NotAlarmedDetection[] = [],
): aws.cloudwatch.Dashboard {
    const place = awsPlaceOf(parent);
    return new aws.cloudwatch.Dashboard(
        `${name}-audit-dashboard`,
        {
            dashboardName: auditDashboardName(identifier),
            dashboardBody: place.apply((p) => auditDashboardBody(logGroupName, classifiedTables, p.region, notAlarmed, identifier)),
        },
        { parent },
    );
}
