import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { Control, CONTROLS, frameworkReferences } from "../../../components/catalog";
import { connectForInspection, parseInspectionUrl } from "../connection";
import { CheckStatus, QueryEvidence, VerifyOptions } from "../types";
import { allPassed, runLiveChecks, VerifyReport } from "../verify";
import { runAccessReview } from "./access-review";

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
    };
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
