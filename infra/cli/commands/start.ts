import { flagValue, parseArgs } from "../args";
import { CliError, EXIT } from "../errors";
import { clusterAuditLayout, LocalTwinError } from "../../local-twin/cluster";
import { ensureWritableDir } from "../../local-twin/file-errors";
import { LOCAL_ACCESS_MODEL, localRoleUrl, localUp } from "../../local-twin/local-database";
import { allPassed, auditTrailFailed, collectEvidence, LiveConnectionError, parseInspectionUrl, withAuditTrail } from "../../../policies/live";
import { readArchiveEntries } from "./audit-source";
import { auditTrailLine, DEFAULT_EVIDENCE_DIR, examineAuditTrail, writeBundleOrExplain } from "./evidence";
import { appRole, connectHint } from "./local";
import { LOCAL_VALUE_FLAGS, localSpecFrom } from "./local-spec";

/** The login role `start` verifies and collects evidence as: the auditor, least privilege (settings and stats, no data). */
export function auditorRole(): string {
    return LOCAL_ACCESS_MODEL.loginRoles.find((l) => l.group === "auditor")!.name;
}

/**
 * `start [--data-dir <dir>] [--port <port>] [--out <dir>] [--json]` (what `npm start` runs): local up, verify and
 * collect evidence as the auditor role in one session, write the bundle, print a summary. Exit 1 if a control failed.
 */
export async function runStart(argv: string[]): Promise<number> {
    const args = parseArgs(argv, [...LOCAL_VALUE_FLAGS, "out"], ["json"]);
    if (args.positional.length > 0) {
        throw new CliError(`unexpected argument '${args.positional[0]}'`);
    }
    const spec = localSpecFrom(args);
    const outDir = flagValue(args, "out") ?? DEFAULT_EVIDENCE_DIR;
    try {
        // Checked first: a bundle that cannot be written would waste the whole run.
        ensureWritableDir(outDir, 0o755, { what: "the evidence directory", chosenWith: "--out" });
        const up = await localUp(spec);
        const auditor = auditorRole();
        const url = await localRoleUrl({ ...spec, port: up.handle.port }, auditor);
        const password = parseInspectionUrl(url).config.password as string;
        // verify and evidence are one collection: the bundle records exactly the results printed here.
        // HPG-AUD-06 judges the twin's audit archive, which `up` started shipping to.
        const audit = clusterAuditLayout(up.handle);
        const collected = await collectEvidence(url, audit ? { auditArchive: audit.archiveDir } : {});
        // The bundle also shows monitoring in operation: the last day's PHI access and alerts, from the archive it proves.
        const until = new Date();
        const trail = audit
            ? examineAuditTrail({ period: { since: new Date(until.getTime() - 24 * 3600_000), until }, entries: readArchiveEntries(audit.archiveDir), archiveDir: audit.archiveDir })
            : undefined;
        const bundle = trail ? withAuditTrail(collected, trail) : collected;
        const written = writeBundleOrExplain(bundle, outDir, [password]);
        const s = bundle.summary;
        if (args.flags.has("json")) {
            console.log(
                JSON.stringify(
                    {
                        local: { host: up.handle.host, port: up.handle.port, database: up.database, dataDir: up.handle.dataDir, changes: up.changes },
                        verify: { as: auditor, ...s, controls: bundle.controls.map((c) => ({ id: c.id, status: c.status, findings: c.findings, unverified: c.unverified })) },
                        evidence: written,
                        connect: { role: appRole(), command: `hardened-postgres local psql ${appRole()}` },
                    },
                    null,
                    2,
                ),
            );
        } else {
            const failing = bundle.controls.filter((c) => c.status !== "pass");
            console.log(
                [
                    `local PostgreSQL 15: ${up.handle.host}:${up.handle.port}, database ${up.database} (${up.changes.length === 0 ? "already up, nothing changed" : up.changes.join("; ")})`,
                    `verify as ${auditor}: ${s.passed} of ${s.controls} live controls passed, ${s.failed} failed, ${s.errors} could not be checked`,
                    ...failing.flatMap((c) => [`  ${c.status.toUpperCase()} ${c.id} ${c.title}`, ...[...c.findings, ...c.unverified].map((f) => `    - ${f}`)]),
                    auditTrailLine(bundle.auditTrail),
                    `evidence: ${written.markdown}`,
                    `          ${written.json}`,
                    `          ${written.manifest}`,
                    connectHint(up),
                ].join("\n"),
            );
        }
        return allPassed(s) && !auditTrailFailed(bundle.auditTrail) ? EXIT.ok : EXIT.controlFailed;
    } catch (e) {
        if (e instanceof LocalTwinError || e instanceof LiveConnectionError) {
            throw new CliError(e.message, EXIT.usage);
        }
        throw e;
    }
}
