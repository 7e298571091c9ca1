import type { Alert } from "../../../components/audit-trail/detections/detection";
import type { ArchiveProblemKind, ArchiveProof } from "../../../components/audit-trail/archive-proof";
import type { AccessRow, AlertCount, AuditReport, AuditReportTotals } from "../../audit/report";

/** A part of the audit trail the bundle did not examine, and why: never a pass. */
export interface NotExamined {
    examined: false;
    reason: string;
}

/** The audit activity of the period: who accessed which table how often (the report's rows and totals). */
export interface AuditActivityEvidence {
    examined: true;
    sources: string[];
    classifiedTables: string[];
    totals: AuditReportTotals;
    /** Attributed access by person × table × operation. */
    access: AccessRow[];
    /** Access nobody provably acted for, by role × table × operation. */
    unattributed: AccessRow[];
    /** Log lines that could not be read (each names the file, line and field); they are in no count. */
    unreadable: string[];
}

export interface AuditAlertsEvidence {
    examined: true;
    counts: AlertCount[];
    items: Alert[];
}

/** The archive's integrity proof: what verifying it found, in the words of the verifier (policies/audit/archive-chain). */
export interface AuditArchiveEvidence
    extends Pick<ArchiveProof, "dir" | "records" | "sessions" | "firstSeq" | "lastSeq" | "firstTime" | "lastTime" | "lastHash" | "intact" | "anchor" | "problems" | "access" | "limits"> {
    examined: true;
    /** pass: the chain is intact and continuous and neither the server's OS user nor a database role can write it. */
    result: "pass" | "fail";
    /** No record is missing or out of order: seq, session line numbers and pgaudit statement ids run on without a gap. */
    continuous: boolean;
}

/** The bundle's audit-trail section: monitoring in operation, not only its settings. */
export interface AuditTrailEvidence {
    /** The period the activity and alerts cover: both ends inclusive (absent when neither was examined). */
    period?: { since: string; until: string };
    activity: AuditActivityEvidence | NotExamined;
    alerts: AuditAlertsEvidence | NotExamined;
    archive: AuditArchiveEvidence | NotExamined;
}

/** What was said when a bundle was collected without audit inputs. */
export const NO_AUDIT_LOGS = "no audit log was given (evidence --audit-log <file>… or --audit-archive <dir>)";
export const NO_AUDIT_ARCHIVE = "no audit archive was given (evidence --audit-archive <dir>)";

/** The section of a bundle collected without any audit input: every part says "not examined". */
export function auditTrailNotExamined(): AuditTrailEvidence {
    return {
        activity: { examined: false, reason: NO_AUDIT_LOGS },
        alerts: { examined: false, reason: NO_AUDIT_LOGS },
        archive: { examined: false, reason: NO_AUDIT_ARCHIVE },
    };
}

/** Problems that mean a record is missing or out of place (the others mean one was changed or cut). */
const CONTINUITY_PROBLEMS: readonly ArchiveProblemKind[] = ["seq", "session-line", "statement-id"];

/** The archive proof as the bundle states it. `passed` is the verifier's own judgement (archiveProofPassed). */
export function archiveEvidence(proof: ArchiveProof, passed: boolean): AuditArchiveEvidence {
    return {
        examined: true,
        result: passed ? "pass" : "fail",
        dir: proof.dir,
        records: proof.records,
        sessions: proof.sessions,
        ...(proof.firstSeq !== undefined ? { firstSeq: proof.firstSeq } : {}),
        ...(proof.lastSeq !== undefined ? { lastSeq: proof.lastSeq } : {}),
        ...(proof.firstTime !== undefined ? { firstTime: proof.firstTime } : {}),
        ...(proof.lastTime !== undefined ? { lastTime: proof.lastTime } : {}),
        lastHash: proof.lastHash,
        intact: !proof.problems.some((p) => !CONTINUITY_PROBLEMS.includes(p.kind)),
        continuous: !proof.problems.some((p) => CONTINUITY_PROBLEMS.includes(p.kind)),
        ...(proof.anchor ? { anchor: proof.anchor } : {}),
        problems: proof.problems,
        access: proof.access,
        limits: proof.limits,
    };
}

/**
 * The audit-trail section from what was examined: the period's report (activity and alerts) and the archive's proof
 * with the verifier's judgement; a part not given is "not examined".
 */
export function auditTrailEvidence(inputs: { report?: AuditReport; archive?: { proof: ArchiveProof; passed: boolean } }): AuditTrailEvidence {
    const { report, archive } = inputs;
    return {
        ...(report ? { period: report.period } : {}),
        activity: report
            ? {
                  examined: true,
                  sources: report.sources,
                  classifiedTables: report.classifiedTables,
                  totals: report.totals,
                  access: report.access,
                  unattributed: report.unattributed,
                  unreadable: report.unreadable,
              }
            : { examined: false, reason: NO_AUDIT_LOGS },
        alerts: report ? { examined: true, counts: report.alertCounts, items: report.alerts } : { examined: false, reason: NO_AUDIT_LOGS },
        archive: archive ? archiveEvidence(archive.proof, archive.passed) : { examined: false, reason: NO_AUDIT_ARCHIVE },
    };
}

/** Whether the audit trail fails the bundle: only an archive that was examined and did not pass does (alerts are findings to review, not a failed control). */
export function auditTrailFailed(trail: AuditTrailEvidence): boolean {
    return trail.archive.examined && trail.archive.result === "fail";
}
