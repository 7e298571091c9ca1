import type { Alert } from "../../../components/audit-trail/detections/detection";
import type { AuditEvent, PgauditRecord } from "../../../components/audit-trail/events";

/** One audited statement as the analyzer hands it over, written out with the fields a report reads. */
export function auditEvent(o: {
    time: string;
    person?: string;
    tenant?: string;
    role?: string;
    table: string;
    command: string;
    rows?: number;
    statementId: number;
    sessionId?: string;
    pid?: number;
    remoteHost?: string;
    auditType?: PgauditRecord["auditType"];
}): AuditEvent {
    const auditType = o.auditType ?? "SESSION";
    const klass = o.command === "SELECT" ? "READ" : "WRITE";
    const statement = `${o.command.toLowerCase()} … ${o.table}`;
    const raw = `${o.time} AUDIT: ${auditType},${o.statementId},1,${klass},${o.command},TABLE,${o.table},"${statement}",<not logged>${o.rows === undefined ? "" : `,${o.rows}`}`;
    return {
        entry: {
            time: o.time,
            pid: o.pid ?? 4242,
            user: o.role ?? "hpg_app",
            database: "hpg_app",
            ...(o.remoteHost !== undefined ? { remoteHost: o.remoteHost } : { remoteHost: "127.0.0.1" }),
            severity: "LOG",
            message: raw.slice(o.time.length + 1),
            ...(o.sessionId !== undefined ? { sessionId: o.sessionId } : {}),
            source: { file: "postgresql.json", line: o.statementId },
            raw,
        },
        record: {
            auditType,
            statementId: o.statementId,
            substatementId: 1,
            class: klass,
            command: o.command,
            objectType: o.table === "" ? "" : "TABLE",
            objectName: o.table,
            statement,
            parameter: "<not logged>",
            ...(o.rows !== undefined ? { rows: o.rows } : {}),
        },
        ...(o.person !== undefined ? { actor: { person: o.person, tenant: o.tenant ?? "00000000-0000-4000-8000-00000000000a" } } : {}),
    };
}

export function alert(o: Partial<Alert> & Pick<Alert, "detection" | "time">): Alert {
    return { severity: "high", summary: `${o.detection} at ${o.time}`, evidence: [`${o.time} LOG:  AUDIT: …`], ...o };
}

/** A period with real values, including strings a renderer must not let loose: markup, quotes, RTL text. */
export const HOSTILE_PERSON = "עדי@clinic.example";
export const HOSTILE_TABLE = `public."<script>window.__pwned=1</script>"`;
export const HOSTILE_ROLE = `"x' onmouseover='alert(1)"`;
export const HOSTILE_SUMMARY = `bulk read by <img src=http://127.0.0.1:9/x onerror="window.__pwned=2"> & "friends"`;

export const UNREADABLE = `/var/log/postgresql/postgresql.json:9: [timestamp] is "<b>yesterday</b>"; allowed: 'YYYY-MM-DD HH:MM:SS[.fff] UTC'`;

export const SINCE = new Date("2026-11-26T00:00:00Z");
export const UNTIL = new Date("2026-11-27T00:00:00Z");
export const TENANT_A = "00000000-0000-4000-8000-00000000000a";

export function sampleInput() {
    const events: AuditEvent[] = [
        auditEvent({ time: "2026-11-26T09:00:00.000Z", person: "alice@clinic.example", tenant: TENANT_A, table: "public.patients", command: "SELECT", rows: 3, statementId: 1, sessionId: "s1" }),
        // The same access logged again by object auditing (pgaudit.role): counted once.
        auditEvent({ time: "2026-11-26T09:00:00.000Z", person: "alice@clinic.example", tenant: TENANT_A, table: "public.patients", command: "SELECT", rows: 3, statementId: 1, sessionId: "s1", auditType: "OBJECT" }),
        auditEvent({ time: "2026-11-26T09:05:00.000Z", person: "alice@clinic.example", tenant: TENANT_A, table: "public.patients", command: "SELECT", rows: 2, statementId: 2, sessionId: "s1" }),
        auditEvent({ time: "2026-11-26T09:06:00.000Z", person: "alice@clinic.example", tenant: TENANT_A, table: "public.patients", command: "UPDATE", rows: 1, statementId: 3, sessionId: "s1" }),
        auditEvent({ time: "2026-11-26T10:00:00.000Z", person: HOSTILE_PERSON, tenant: TENANT_A, table: HOSTILE_TABLE, command: "SELECT", rows: 7, statementId: 1, sessionId: "s2" }),
        auditEvent({ time: "2026-11-26T10:01:00.000Z", person: "bob", table: "public.appointments", command: "INSERT", statementId: 2, sessionId: "s2" }),
        // A rolled-back transaction's statement: nobody provably acted.
        auditEvent({ time: "2026-11-26T11:00:00.000Z", role: HOSTILE_ROLE, table: "public.patients", command: "SELECT", rows: 500, statementId: 1, sessionId: "s3", remoteHost: "127.0.0.2" }),
        // A statement with no table (BEGIN): counted apart.
        auditEvent({ time: "2026-11-26T11:00:01.000Z", person: "alice@clinic.example", table: "", command: "BEGIN", statementId: 4, sessionId: "s1" }),
        // Outside the period: left out.
        auditEvent({ time: "2026-11-27T00:00:00.001Z", person: "alice@clinic.example", table: "public.patients", command: "SELECT", rows: 9, statementId: 5, sessionId: "s1" }),
    ];
    const alerts: Alert[] = [
        alert({ detection: "outside-network", time: "2026-11-26T11:00:00.000Z", severity: "high", role: HOSTILE_ROLE, sourceAddress: "127.0.0.2", summary: "connection from 127.0.0.2 outside 127.0.0.1/32" }),
        alert({ detection: "bulk-read", time: "2026-11-26T10:00:00.000Z", severity: "high", person: HOSTILE_PERSON, tenant: TENANT_A, role: "hpg_app", table: HOSTILE_TABLE, operation: "SELECT", sourceAddress: "127.0.0.1", summary: HOSTILE_SUMMARY, evidence: [`2026-11-26 10:00:00 UTC:127.0.0.1(5):hpg_app@hpg_app:[1]:LOG:  AUDIT: SESSION,1,1,READ,SELECT,TABLE,${HOSTILE_TABLE},"select '</pre><script>window.__pwned=3</script>'",<not logged>,7`] }),
        alert({ detection: "bulk-read", time: "2026-11-26T11:00:00.000Z", severity: "high", role: HOSTILE_ROLE, table: "public.patients", operation: "SELECT", summary: "500 rows in one statement" }),
    ];
    return { events, alerts, since: SINCE, until: UNTIL, classifiedTables: ["public.patients", HOSTILE_TABLE], sources: ["/var/log/postgresql/postgresql.json"], unreadable: [UNREADABLE] };
}
