import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { Control, CONTROLS, ControlId, frameworkReferences } from "../../../components/catalog";
import { connectForInspection, parseInspectionUrl } from "../connection";
import { CheckStatus, QueryEvidence, VerifyOptions } from "../types";
import { allPassed, runLiveChecks, VerifyReport } from "../verify";
import { runAccessReview } from "./access-review";
import { AuditTrailEvidence, auditTrailNotExamined } from "./audit-trail";

/** Version of the bundle's JSON layout; bump it when a field changes meaning. */
export const EVIDENCE_FORMAT = "hardened-postgres-evidence/1";

/** A live control as the bundle reports it: the catalog's words and references, and what we found. */
export interface ControlEvidence {
    id: string;
    title: string;
    requirement: string;
    severity: Control["severity"];
    frameworks: Control["frameworks"];
    /** The same references in one line, e.g. "SOC 2 CC6.7; HIPAA 164.312(e)(1)". */
    frameworkReferences: string;
    status: CheckStatus;
    findings: string[];
    unverified: string[];
    notes: string[];
    /** Set when the control passed with nothing to judge, with the reason: such a pass proves nothing, and says so. */
    vacuous?: string;
    evidence: QueryEvidence[];
}

/** The whole bundle: what `evidence.json` holds and `evidence.md` renders. */
export interface EvidenceBundle {
    format: typeof EVIDENCE_FORMAT;
    /** Server time of the collection (statement_timestamp), ISO 8601 UTC. */
    collectedAt: string;
    tool: { name: string; version: string };
    target: VerifyReport["target"];
    platform: VerifyReport["platform"];
    server: VerifyReport["server"];
    /** Whether TLS proved which server answered; a bundle with `verified: false` is marked "server identity not verified". */
    serverIdentity: VerifyReport["serverIdentity"];
    serverEvidence: QueryEvidence[];
    options: VerifyOptions;
    summary: { controls: number; passed: number; failed: number; errors: number; result: "pass" | "fail"; serverIdentityVerified: boolean };
    controls: ControlEvidence[];
    /** Catalog controls that no query can judge (cloud settings): judged before deployment by the policy pack. */
    notCheckedHere: Array<Pick<ControlEvidence, "id" | "title" | "severity" | "frameworkReferences">>;
    accessReview: QueryEvidence[];
    /**
     * The audit trail in operation: the period's activity by person × table × operation, its alerts and the archive's
     * integrity proof (`evidence --audit-log/--audit-archive`); each part not given says "not examined".
     */
    auditTrail: AuditTrailEvidence;
    /** Every accepted weakening in the deployed plan (`evidence --plan-report <check.json>`), with its reason; absent without a plan report. */
    waivers?: PlanWaivers;
}

/** One accepted weakening from the plan: the resource, the control it weakens, the opt-out and the reason given. */
export interface WaiverEvidence {
    urn: string;
    type: string;
    name: string;
    control: string;
    frameworkReferences: string;
    optOut: string;
    allows: string;
    reason: string;
}

/** The waivers a `check --json` report lists, and which report they came from. */
export interface PlanWaivers {
    /** The report's path as given. */
    source: string;
    items: WaiverEvidence[];
}

/** The package's own version, so a bundle says which build of the checks produced it (found from source and from bin/). */
function toolVersion(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
            if (pkg.name === "hardened-postgres" && pkg.version) {
                return pkg.version;
            }
        }
        if (path.dirname(dir) === dir) {
            return "unknown";
        }
    }
}

/** Builds the bundle from a verification report and the access review of the same session. */
export function assembleBundle(report: VerifyReport, accessReview: QueryEvidence[]): EvidenceBundle {
    const controls: ControlEvidence[] = report.results.map((r) => {
        const control = CONTROLS.find((c) => c.id === r.control)!;
        return {
            id: control.id,
            title: control.title,
            requirement: control.requirement,
            severity: control.severity,
            frameworks: control.frameworks,
            frameworkReferences: frameworkReferences(control),
            status: r.status,
            findings: r.findings,
            unverified: r.unverified,
            notes: r.notes,
            ...(r.vacuous !== undefined ? { vacuous: r.vacuous } : {}),
            evidence: r.evidence,
        };
    });
    return {
        format: EVIDENCE_FORMAT,
        collectedAt: report.server.checked_at,
        tool: { name: "hardened-postgres", version: toolVersion() },
        target: report.target,
        platform: report.platform,
        server: report.server,
        serverIdentity: report.serverIdentity,
        serverEvidence: report.serverEvidence,
        options: report.options,
        summary: { controls: controls.length, passed: report.passed, failed: report.failed, errors: report.errors, result: allPassed(report) ? "pass" : "fail", serverIdentityVerified: report.serverIdentity.verified },
        controls,
        notCheckedHere: CONTROLS.filter((c) => !c.checks.live).map((c) => ({ id: c.id, title: c.title, severity: c.severity, frameworkReferences: frameworkReferences(c) })),
        accessReview,
        auditTrail: auditTrailNotExamined(),
    };
}

/** The bundle with the audit trail that was examined for it (see auditTrailEvidence). */
export function withAuditTrail(bundle: EvidenceBundle, auditTrail: AuditTrailEvidence): EvidenceBundle {
    return { ...bundle, auditTrail };
}

/** Runs the live checks and the access review over one session. */
export async function collectEvidenceFrom(client: Client, connection: ReturnType<typeof parseInspectionUrl>, options: Partial<VerifyOptions> = {}): Promise<EvidenceBundle> {
    const report = await runLiveChecks(client, connection, options);
    const review = await runAccessReview(client, { tenantColumn: report.options.tenantColumn });
    return assembleBundle(report, review);
}

/** Connects to `url`, collects the bundle, disconnects. Throws `LiveConnectionError` when it cannot connect. */
export async function collectEvidence(url: string, options: Partial<VerifyOptions> = {}): Promise<EvidenceBundle> {
    const connection = parseInspectionUrl(url);
    const client = await connectForInspection(connection);
    try {
        return await collectEvidenceFrom(client, connection, options);
    } finally {
        await client.end().catch(() => undefined);
    }
}

/** A `--plan-report` that is not a `check --json` report with waivers; the CLI exits 2 with the message. */
export class PlanReportError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PlanReportError";
    }
}

const WAIVER_FIELDS = ["urn", "type", "name", "control", "optOut", "allows", "reason"] as const;

/**
 * The bundle with `waivers` from a `hardened-postgres check --json` report (`report`, parsed; `source`, its path), so
 * an auditor sees every accepted weakening and its reason next to the live results. Throws PlanReportError, naming
 * `source`, when `report` is not such a report (an older one has no `waivers`: re-run check).
 */
export function withPlanWaivers(bundle: EvidenceBundle, report: unknown, source: string): EvidenceBundle {
    const waivers = (report as { waivers?: unknown } | null)?.waivers;
    if (typeof report !== "object" || report === null || !Array.isArray(waivers)) {
        throw new PlanReportError(`${source}: not a 'hardened-postgres check --json' report with a waivers list (run check again with --json)`);
    }
    const items = waivers.map((w: unknown, i): WaiverEvidence => {
        const missing = WAIVER_FIELDS.find((f) => typeof (w as Record<string, unknown> | null)?.[f] !== "string");
        if (missing !== undefined) {
            throw new PlanReportError(`${source}: [waivers[${i}].${missing}] must be a string`);
        }
        const waiver = w as Record<(typeof WAIVER_FIELDS)[number], string>;
        const control = CONTROLS.find((c) => c.id === (waiver.control as ControlId));
        if (control === undefined) {
            throw new PlanReportError(`${source}: [waivers[${i}].control] '${waiver.control}' is not a control of this catalog`);
        }
        return { ...Object.fromEntries(WAIVER_FIELDS.map((f) => [f, waiver[f]])), frameworkReferences: frameworkReferences(control) } as WaiverEvidence;
    });
    return { ...bundle, waivers: { source, items } };
}
