import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { control } from "./control";

/**
 * HPG-AUD-06 on a running server. On the local twin: its audit archive (hash-chained, owned by hpg-audit, outside the
 * server's reach) is intact, continuous, matches the recorded anchor when one is given, and neither the postgres OS
 * user nor any database role can write it. On RDS the archive is the S3 bucket behind CloudWatch Logs, which the plan
 * rules judge; a database connection can't see it, so this check does not apply there.
 */
export const localAuditArchive: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        if (ctx.platform === "rds") {
            return {
                findings: [],
                vacuous: "not applicable on RDS: the audit archive is the S3 bucket (Object Lock) fed by CloudWatch Logs, judged by HPG-AUD-06's plan rules; a database connection can't see it",
            };
        }
        const dir = ctx.options.auditArchive;
        if (dir === undefined) {
            // Said on every report (a vacuous pass is printed with its reason), so a server without an archive never looks archived.
            return {
                findings: [],
                vacuous: "no audit archive was given, so none was judged: pass --audit-archive <dir> (the local twin's is printed by `hardened-postgres local status`, and `start` passes it)",
            };
        }
        if (!ctx.verifyAuditArchive) {
            return { findings: [], unverified: [`the audit archive ${dir} can't be verified by this runner`] };
        }
        let proof;
        try {
            proof = ctx.verifyAuditArchive(dir, ctx.options.expectAnchor);
        } catch (e) {
            return { findings: [], unverified: [`the audit archive ${dir} could not be verified: ${(e as Error).message}`] };
        }
        const { access } = proof;
        ctx.record({
            title: "The audit archive's integrity proof (hash chain, continuity, anchor)",
            sql: `verify the hash chain in ${proof.chainFile}`,
            rows: [
                {
                    records: proof.records,
                    sessions: proof.sessions,
                    first_seq: proof.firstSeq ?? null,
                    last_seq: proof.lastSeq ?? null,
                    first_time: proof.firstTime ?? null,
                    last_time: proof.lastTime ?? null,
                    last_hash: proof.lastHash,
                    expected_anchor: proof.anchor?.expected ?? null,
                    anchor_found_at_seq: proof.anchor?.foundAtSeq ?? null,
                    intact: proof.intact,
                    problems: proof.problems.length,
                },
                ...proof.problems.map((p) => ({ kind: p.kind, seq: p.seq ?? null, line: p.line ?? null, field: p.field, expected: p.expected, found: p.found })),
            ],
        });
        ctx.record({
            title: `Who can write the audit archive (judged by owner, group and mode for the server's OS user '${access.serverUser}')`,
            sql: `stat ${proof.dir}, its files and every parent directory`,
            rows: access.paths.map((p) => ({ path: p.path, kind: p.kind, owner: p.ownerName, group: p.groupName, mode: p.mode, writable_by_server_user: p.writableByServerUser })),
        });
        const findings = [...proof.problems.map((p) => `audit archive: ${p.message}`), ...access.findings.map((f) => `audit archive: ${f}`)];
        const notes = [
            `audit archive ${proof.dir}: ${proof.records} record(s), ${proof.sessions} session(s)${proof.firstTime ? `, ${proof.firstTime} to ${proof.lastTime}` : ""}; last hash (record it elsewhere, pass it back with --expect-anchor): ${proof.lastHash}`,
            ...(proof.anchor === undefined ? ["no anchor was given: records cut off after the last one at a line boundary can't be seen (pass --expect-anchor <hash> from an earlier run)"] : []),
            ...proof.limits,
        ];
        return { findings, notes };
    },
};
