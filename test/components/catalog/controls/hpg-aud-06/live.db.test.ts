import * as fs from "fs";
import * as path from "path";
import { bootstrapPassword, connectionUrl } from "../../../../../infra/local-twin/cluster";
import { shipAuditLog } from "../../../../../infra/local-twin/audit-shipper";
import { CheckResult, verifyServer, VerifyReport } from "../../../../../policies/live";
import { ArchiveRecord, CHAIN_FILE } from "../../../../../policies/audit/archive-record";
import { runCli } from "../../../../support/cli-run";
import { ArchivingCluster, copyArchive, startArchivingCluster } from "../../../../support/audit-archive-cluster";

/** HPG-AUD-06 live: `verify` judges the local twin's audit archive (chain, anchor, who can write it); on RDS it does not apply. */
let cluster: ArchivingCluster;
let url: string;
const copies: string[] = [];

beforeAll(async () => {
    cluster = await startArchivingCluster();
    const c = await cluster.connectAsBootstrap();
    await c.query("CREATE TABLE aud06 (a int)");
    await c.query("INSERT INTO aud06 VALUES (1), (2)");
    await c.end();
    await shipAuditLog(cluster.layout);
    url = connectionUrl(cluster.handle, cluster.handle.bootstrapUser, bootstrapPassword(cluster.handle));
});

afterAll(async () => {
    copies.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
    await cluster?.destroy();
});

const aud06 = (r: VerifyReport): CheckResult => r.results.find((x) => x.control === "HPG-AUD-06")!;

/** A copy of the archive, laid out write-protected (root's, 0750/0640), with its chain changed by `edit`. */
function tamperedCopy(edit: (lines: string[]) => string[]): string {
    const dir = copyArchive(cluster.layout.archiveDir);
    copies.push(dir);
    const file = path.join(dir, CHAIN_FILE);
    const lines = fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "");
    fs.writeFileSync(file, edit(lines).map((l) => l + "\n").join(""));
    fs.chmodSync(dir, 0o750);
    fs.readdirSync(dir).forEach((f) => fs.chmodSync(path.join(dir, f), 0o640));
    return dir;
}

test("passes on the twin's intact archive owned by hpg-audit, and records the proof and the anchor as evidence", async () => {
    const result = aud06(await verifyServer(url, { auditArchive: cluster.layout.archiveDir }));
    expect(result.status).toBe("pass");
    expect(result.findings).toEqual([]);
    expect(result.vacuous).toBeUndefined();
    const records = fs.readFileSync(path.join(cluster.layout.archiveDir, CHAIN_FILE), "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as ArchiveRecord);
    const last = records[records.length - 1];
    expect(result.evidence[0].title).toBe("The audit archive's integrity proof (hash chain, continuity, anchor)");
    expect(result.evidence[0].rows[0]).toMatchObject({ records: records.length, first_seq: 1, last_seq: last.seq, last_hash: last.hash, intact: true, problems: 0 });
    expect(result.evidence[1].rows.filter((r) => r.kind !== "ancestor").every((r) => r.owner === "hpg-audit" && r.writable_by_server_user === false)).toBe(true);
    expect(result.notes[0]).toContain(`last hash (record it elsewhere, pass it back with --expect-anchor): ${last.hash}`);
    const anchored = aud06(await verifyServer(url, { auditArchive: cluster.layout.archiveDir, expectAnchor: last.hash }));
    expect(anchored.status).toBe("pass");
    expect(anchored.evidence[0].rows[0]).toMatchObject({ expected_anchor: last.hash, anchor_found_at_seq: last.seq });
});

test("fails on a tampered archive, naming the record", async () => {
    const dir = tamperedCopy((lines) => [...lines.slice(0, 2), ...lines.slice(3)]);
    const result = aud06(await verifyServer(url, { auditArchive: dir }));
    expect(result.status).toBe("fail");
    expect(result.findings[0]).toBe("audit archive: line 3 holds record 4 where record 3 was expected: record 3 is missing (deleted)");
});

test("fails when records after the recorded anchor were cut off at a line boundary", async () => {
    const lines = fs.readFileSync(path.join(cluster.layout.archiveDir, CHAIN_FILE), "utf8").split("\n").filter((l) => l !== "");
    const anchor = (JSON.parse(lines[lines.length - 1]) as ArchiveRecord).hash;
    const dir = tamperedCopy((l) => l.slice(0, -1));
    expect(aud06(await verifyServer(url, { auditArchive: dir })).status).toBe("pass");
    const result = aud06(await verifyServer(url, { auditArchive: dir, expectAnchor: anchor }));
    expect(result.status).toBe("fail");
    expect(result.findings[0]).toMatch(new RegExp(`^audit archive: the recorded anchor ${anchor} is the hash of no record in the chain`));
});

test("fails when the server's OS user could write the archive", async () => {
    const dir = tamperedCopy((l) => l);
    fs.chmodSync(dir, 0o777);
    const result = aud06(await verifyServer(url, { auditArchive: dir }));
    expect(result.status).toBe("fail");
    expect(result.findings).toContain(`audit archive: ${dir} (mode 0777, root:root) is writable by postgres`);
});

test("can't be checked when the directory is not an archive; passes with nothing judged when none is given; does not apply on RDS", async () => {
    const missing = path.join(cluster.layout.auditDir, "no-such-archive");
    const unreadable = aud06(await verifyServer(url, { auditArchive: missing }));
    expect(unreadable.status).toBe("error");
    expect(unreadable.unverified).toEqual([`the audit archive ${missing} could not be verified: [archive] ${missing} is not a directory; allowed: an audit archive directory (it holds ${CHAIN_FILE})`]);
    const none = aud06(await verifyServer(url));
    expect(none.status).toBe("pass");
    expect(none.vacuous).toMatch(/^no audit archive was given, so none was judged: pass --audit-archive <dir>/);
    const rds = aud06(await verifyServer(url, { platform: "rds", auditArchive: cluster.layout.archiveDir }));
    expect(rds.status).toBe("pass");
    expect(rds.vacuous).toMatch(/^not applicable on RDS: the audit archive is the S3 bucket/);
    expect(rds.evidence).toEqual([]);
});

test("verify --audit-archive / --expect-anchor: a bad anchor, or an anchor without an archive, is a usage error (exit 2)", async () => {
    expect(await runCli(["verify", "--url", url, "--audit-archive", cluster.layout.archiveDir, "--expect-anchor", "abc"])).toEqual({
        code: 2,
        stdout: "",
        stderr: "hardened-postgres verify: --expect-anchor must be a SHA-256 in lower-case hex (64 characters, as verify prints the archive's last hash), got 'abc'",
    });
    expect((await runCli(["verify", "--url", url, "--expect-anchor", "a".repeat(64)])).stderr).toBe(
        "hardened-postgres verify: --expect-anchor is the last hash of an audit archive: give the archive with --audit-archive <dir>",
    );
    const run = await runCli(["verify", "--url", url, "--audit-archive", cluster.layout.archiveDir, "--json"]);
    const result = JSON.parse(run.stdout).results.find((r: CheckResult) => r.control === "HPG-AUD-06");
    expect(result.status).toBe("pass");
    // The human report prints the anchor on its last line, to be recorded elsewhere.
    const { last_hash, last_seq } = result.evidence[0].rows[0];
    const human = await runCli(["verify", "--url", url, "--audit-archive", cluster.layout.archiveDir]);
    expect(human.stdout).toContain("PASS  HPG-AUD-06");
    expect(human.stdout.split("\n").pop()).toBe(`audit archive anchor (record it elsewhere; pass it back with --expect-anchor): ${last_hash} after record ${last_seq}`);
    expect((await runCli(["verify", "--url", url])).stdout).not.toContain("audit archive anchor");
});
