import type { Severity } from "../../components/catalog/facts/types";
import type { Alert, DetectionId } from "../../components/audit-trail/detections/detection";
import type { AuditEvent } from "../../components/audit-trail/events";

/** Version of the report's JSON layout; bump it when a field changes meaning. */
export const AUDIT_REPORT_FORMAT = "hardened-postgres-audit-report/1";

/**
 * Audited access to one table with one operation: by one person (attributed rows), or, when nobody provably acted,
 * by one database role (unattributed rows).
 */
export interface AccessRow {
    /** The acting person from the context record; absent in `unattributed` rows. */
    person?: string;
    /** Database roles (session users) the statements ran as. */
    roles: string[];
    /** Tenants the person acted for (empty when unattributed). */
    tenants: string[];
    /** Schema-qualified, as pgaudit names it, e.g. `public.patients`. */
    table: string;
    /** The SQL command, e.g. SELECT, UPDATE. */
    operation: string;
    /** Whether the table is one of the classified (PHI) tables of the settings. */
    classified: boolean;
    statements: number;
    /** Rows read or written, summed over the statements whose record carries a count (pgaudit.log_rows). */
    rows: number;
    /** Statements whose record has no row count (log_rows off, or the record was truncated): `rows` omits them. */
    statementsWithoutRowCount: number;
    /** Client addresses the statements came from. */
    sourceAddresses: string[];
    /** ISO 8601 UTC of the first and last statement. */
    firstTime: string;
    lastTime: string;
}

/** How many alerts one detection raised in the period. */
export interface AlertCount {
    detection: DetectionId;
    severity: Severity;
    count: number;
}

/** Counts over the whole period. */
export interface AuditReportTotals {
    /** Audited statements on a table (each statement × table counted once, even when pgaudit logged it twice). */
    statements: number;
    classifiedStatements: number;
    attributedStatements: number;
    unattributedStatements: number;
    /** Unattributed statements on classified tables: PHI access nobody can be named for. */
    unattributedClassifiedStatements: number;
    /** Rows read or written (where the record carries a count). */
    rows: number;
    /** Distinct persons who accessed a classified table. */
    personsWithClassifiedAccess: number;
    /**
     * Audited statements whose records name no table: statements on none (BEGIN, SET, GRANT, …), and SESSION records
     * of statements no OBJECT record names (pgaudit names tables in session records only with pgaudit.log_relation on).
     */
    statementsWithoutTable: number;
    alerts: number;
}

/** PHI access by person × table × operation over a period, with the alerts of the same period. */
export interface AuditReport {
    format: typeof AUDIT_REPORT_FORMAT;
    /** The period, both ends inclusive as the analyzer judges it, ISO 8601 UTC. */
    period: { since: string; until: string };
    /** What the entries were read from (files, the archive), as given. */
    sources: string[];
    classifiedTables: string[];
    totals: AuditReportTotals;
    /** Attributed access, sorted by person, table, operation. */
    access: AccessRow[];
    /** Access nobody provably acted for, by role, sorted by role, table, operation. */
    unattributed: AccessRow[];
    /** Alerts per detection, most first. */
    alertCounts: AlertCount[];
    /** Every alert, in time order. */
    alerts: Alert[];
    /** Stored log lines that could not be read (each names its file, line, field and value); they are in no count. */
    unreadable: string[];
}

/** What a report is built from: the analyzer's events and alerts for the period. */
export interface AuditReportInput {
    events: readonly AuditEvent[];
    alerts: readonly Alert[];
    since: Date;
    until: Date;
    classifiedTables: readonly string[];
    sources: readonly string[];
    /** The reader's problems with lines it skipped (LogLineProblem messages). */
    unreadable?: readonly string[];
}

/** Code-point order, so a report sorts the same on every machine whatever its locale. */
function byText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function inPeriod(time: string, since: Date, until: Date): boolean {
    const t = Date.parse(time);
    return t >= since.getTime() && t <= until.getTime();
}

/** A statement's identity: formats without a session id (RDS stderr) fall back to the pid and the second. */
function statementKey(e: AuditEvent): string {
    const session = e.entry.sessionId ?? `${e.entry.pid}@${e.entry.time.slice(0, 19)}`;
    return [session, e.record.statementId, e.record.substatementId].join("\u0000");
}

/**
 * One key per statement, table and command: with both session (pgaudit.log) and object (pgaudit.role) auditing on,
 * pgaudit writes a SESSION and an OBJECT record for the same access (pgaudit README, "Object Audit Logging").
 */
function accessKey(e: AuditEvent): string {
    return [statementKey(e), e.record.objectName, e.record.command].join("\u0000");
}

function addTo<T>(list: T[], value: T | undefined): void {
    if (value !== undefined && value !== "" && !list.includes(value)) {
        list.push(value);
    }
}

/**
 * The events of the period that name a table, each access once, and how many statements name none. A SESSION record
 * names no table unless pgaudit.log_relation is on; when an OBJECT record of the same statement names it, the
 * statement is counted there only.
 */
function distinctTableAccess(input: AuditReportInput): { events: AuditEvent[]; withoutTable: number } {
    const period = input.events.filter((e) => inPeriod(e.entry.time, input.since, input.until));
    const named = new Set(period.filter((e) => e.record.objectName !== "").map(statementKey));
    const seen = new Set<string>();
    const events: AuditEvent[] = [];
    let withoutTable = 0;
    for (const e of period) {
        const key = e.record.objectName === "" ? statementKey(e) : accessKey(e);
        if (seen.has(key)) {
            continue;
        }
        seen.add(key);
        if (e.record.objectName !== "") {
            events.push(e);
        } else if (!named.has(key)) {
            withoutTable++;
        }
    }
    return { events, withoutTable };
}

/** Aggregates events into rows keyed by `who` (the person, or the role when unattributed) × table × operation. */
function aggregate(events: AuditEvent[], classified: ReadonlySet<string>, attributed: boolean): AccessRow[] {
    const rows = new Map<string, AccessRow>();
    for (const e of events) {
        const who = attributed ? e.actor!.person : (e.entry.user ?? "");
        const key = [who, e.record.objectName, e.record.command].join("\u0000");
        let row = rows.get(key);
        if (row === undefined) {
            row = {
                ...(attributed ? { person: who } : {}),
                roles: [],
                tenants: [],
                table: e.record.objectName,
                operation: e.record.command,
                classified: classified.has(e.record.objectName),
                statements: 0,
                rows: 0,
                statementsWithoutRowCount: 0,
                sourceAddresses: [],
                firstTime: e.entry.time,
                lastTime: e.entry.time,
            };
            rows.set(key, row);
        }
        row.statements++;
        if (e.record.rows === undefined) {
            row.statementsWithoutRowCount++;
        } else {
            row.rows += e.record.rows;
        }
        addTo(row.roles, e.entry.user);
        addTo(row.tenants, e.actor?.tenant);
        addTo(row.sourceAddresses, e.entry.remoteHost);
        row.firstTime = Date.parse(e.entry.time) < Date.parse(row.firstTime) ? e.entry.time : row.firstTime;
        row.lastTime = Date.parse(e.entry.time) > Date.parse(row.lastTime) ? e.entry.time : row.lastTime;
    }
    return [...rows.values()]
        .map((r) => ({ ...r, roles: r.roles.sort(byText), tenants: r.tenants.sort(byText), sourceAddresses: r.sourceAddresses.sort(byText) }))
        .sort((a, b) => byText(a.person ?? a.roles[0] ?? "", b.person ?? b.roles[0] ?? "") || byText(a.table, b.table) || byText(a.operation, b.operation));
}

function countAlerts(alerts: readonly Alert[]): AlertCount[] {
    const counts = new Map<DetectionId, AlertCount>();
    for (const a of alerts) {
        const c = counts.get(a.detection) ?? { detection: a.detection, severity: a.severity, count: 0 };
        c.count++;
        counts.set(a.detection, c);
    }
    return [...counts.values()].sort((a, b) => b.count - a.count || byText(a.detection, b.detection));
}

function sum(rows: AccessRow[], pick: (r: AccessRow) => number): number {
    return rows.reduce((n, r) => n + pick(r), 0);
}

/**
 * The report of a period: every audited table access in [since, until], attributed ones by person × table ×
 * operation, the rest by role, with the totals and the period's alerts. Pure: the same input gives the same report.
 */
export function buildAuditReport(input: AuditReportInput): AuditReport {
    const classified = new Set(input.classifiedTables);
    const { events, withoutTable } = distinctTableAccess(input);
    const access = aggregate(events.filter((e) => e.actor !== undefined), classified, true);
    const unattributed = aggregate(events.filter((e) => e.actor === undefined), classified, false);
    const alerts = [...input.alerts].sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || byText(a.detection, b.detection));
    const classifiedOnly = (rows: AccessRow[]) => rows.filter((r) => r.classified);
    return {
        format: AUDIT_REPORT_FORMAT,
        period: { since: input.since.toISOString(), until: input.until.toISOString() },
        sources: [...input.sources],
        classifiedTables: [...input.classifiedTables].sort(byText),
        totals: {
            statements: events.length,
            classifiedStatements: sum(classifiedOnly([...access, ...unattributed]), (r) => r.statements),
            attributedStatements: sum(access, (r) => r.statements),
            unattributedStatements: sum(unattributed, (r) => r.statements),
            unattributedClassifiedStatements: sum(classifiedOnly(unattributed), (r) => r.statements),
            rows: sum([...access, ...unattributed], (r) => r.rows),
            personsWithClassifiedAccess: new Set(classifiedOnly(access).map((r) => r.person)).size,
            statementsWithoutTable: withoutTable,
            alerts: alerts.length,
        },
        access,
        unattributed,
        alertCounts: countAlerts(alerts),
        alerts,
        unreadable: [...(input.unreadable ?? [])],
    };
}
