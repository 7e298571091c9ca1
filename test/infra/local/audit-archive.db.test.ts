import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { clientConfig, serverLogFiles, stopCluster } from "../../../infra/local-twin/cluster";
import { AUDIT_OS_USER } from "../../../infra/local-twin/audit-os-user";
import { readShipperState } from "../../../infra/local-twin/audit-archive";
import { runningShipperPid, shipAuditLog, shipOnce, startAuditShipper, stopAuditShipper } from "../../../infra/local-twin/audit-shipper";
import { serverOsIds } from "../../../infra/local-twin/os-user";
import { archiveAccess } from "../../../policies/audit/archive-access";
import { verifyArchive } from "../../../policies/audit/archive-chain";
import { ArchiveRecord, CHAIN_FILE, STATE_FILE } from "../../../policies/audit/archive-record";
import { ArchivingCluster, copyArchive, startArchivingCluster } from "../../support/audit-archive-cluster";

/** The archive as `local up` lays it out, on a real cluster: owners and modes, the shipper as hpg-audit, and the server unable to write it. */
let cluster: ArchivingCluster;
const scratch: string[] = [];

beforeAll(async () => {
    cluster = await startArchivingCluster();
});

afterAll(async () => {
    scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
    await cluster?.destroy();
});

function passwd(name: string): { uid: number; gid: number; shell: string } {
    const f = fs.readFileSync("/etc/passwd", "utf8").split("\n").map((l) => l.split(":")).find((e) => e[0] === name)!;
    return { uid: Number(f[2]), gid: Number(f[3]), shell: f[6] };
}

const modeOf = (p: string) => "0" + (fs.statSync(p).mode & 0o7777).toString(8);
const ownerOf = (p: string) => ({ uid: fs.statSync(p).uid, gid: fs.statSync(p).gid });

function chain(dir = cluster.layout.archiveDir): ArchiveRecord[] {
    return fs.readFileSync(path.join(dir, CHAIN_FILE), "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as ArchiveRecord);
}

async function workload(label: string): Promise<void> {
    const c = await cluster.connectAsBootstrap();
    await c.query(`CREATE TABLE IF NOT EXISTS shipped (label text)`);
    await c.query(`INSERT INTO shipped VALUES ($1)`, [label]);
    await c.end();
}

test("hpg-audit is a system user of its own, not postgres, with no login shell", () => {
    const audit = passwd(AUDIT_OS_USER);
    expect(audit.uid).not.toBe(serverOsIds().uid);
    expect(audit.shell).toBe("/usr/sbin/nologin");
    expect(fs.readFileSync("/etc/group", "utf8")).toMatch(new RegExp(`^${AUDIT_OS_USER}:x:${audit.gid}:`, "m"));
});

test("the server logs outside pgdata into a setgid log directory the shipper's group may read; the archive is hpg-audit's alone", async () => {
    await workload("layout");
    await shipAuditLog(cluster.layout);
    const audit = passwd(AUDIT_OS_USER);
    const server = serverOsIds();
    const { auditDir, logDir, archiveDir } = cluster.layout;
    expect(auditDir.startsWith("/var/lib/hardened-postgres-audit/")).toBe(true);
    expect([ownerOf(auditDir), modeOf(auditDir)]).toEqual([{ uid: 0, gid: 0 }, "0755"]);
    expect([ownerOf(logDir), modeOf(logDir)]).toEqual([{ uid: server.uid, gid: audit.gid }, "02750"]);
    const logs = serverLogFiles(cluster.handle);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.every((f) => path.dirname(f) === logDir)).toBe(true);
    for (const f of logs) {
        expect([ownerOf(f), modeOf(f)]).toEqual([{ uid: server.uid, gid: audit.gid }, "0640"]);
    }
    expect([ownerOf(archiveDir), modeOf(archiveDir)]).toEqual([{ uid: audit.uid, gid: audit.gid }, "0750"]);
    // Created by the shipper process itself: it ran as hpg-audit.
    for (const name of [CHAIN_FILE, STATE_FILE]) {
        expect([ownerOf(path.join(archiveDir, name)), modeOf(path.join(archiveDir, name))]).toEqual([{ uid: audit.uid, gid: audit.gid }, "0640"]);
    }
    expect(fs.existsSync(path.join(cluster.handle.pgdata, "log"))).toBe(false);
});

test("shipping is incremental: a second pass ships only what the server wrote since, and remembers file and offset", async () => {
    const before = (await shipAuditLog(cluster.layout)).lastSeq;
    expect(chain().length).toBe(before);
    const again = await shipAuditLog(cluster.layout);
    expect(again).toMatchObject({ shipped: 0, lastSeq: before });
    await workload("incremental");
    const after = await shipAuditLog(cluster.layout);
    expect(after.shipped).toBeGreaterThan(0);
    expect(after.lastSeq).toBe(before + after.shipped);
    const records = chain();
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    expect(records.slice(before).some((r) => r.entry.message.includes("INSERT INTO shipped VALUES ($1)"))).toBe(true);
    const state = readShipperState(cluster.layout.archiveDir)!;
    const last = records[records.length - 1];
    expect(state).toEqual({ file: last.entry.source.file, offset: last.entry.source.offset + last.entry.source.length + 1, seq: last.seq, hash: last.hash });
    // Each record points at its exact bytes in the server's log.
    const bytes = fs.readFileSync(path.join(cluster.layout.logDir, last.entry.source.file));
    expect(bytes.subarray(last.entry.source.offset, last.entry.source.offset + last.entry.source.length).toString("utf8")).toBe(last.entry.raw);
    expect(verifyArchive(cluster.layout.archiveDir).intact).toBe(true);
});

test("a last line the server has not finished writing is not shipped until it is complete", () => {
    const real = fs.readFileSync(serverLogFiles(cluster.handle)[0], "utf8").split("\n").filter((l) => l !== "");
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-partial-log-"));
    const archiveDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-partial-archive-"));
    scratch.push(logDir, archiveDir);
    const file = path.join(logDir, "postgresql-2026-11-26_000000.json");
    const cut = Math.floor(real[3].length / 2);
    fs.writeFileSync(file, real.slice(0, 3).map((l) => l + "\n").join("") + real[3].slice(0, cut));
    expect(shipOnce(logDir, archiveDir)).toMatchObject({ shipped: 3, lastSeq: 3 });
    expect(shipOnce(logDir, archiveDir)).toMatchObject({ shipped: 0, lastSeq: 3 });
    fs.appendFileSync(file, real[3].slice(cut) + "\n" + real[4] + "\n");
    expect(shipOnce(logDir, archiveDir)).toMatchObject({ shipped: 2, lastSeq: 5 });
    expect(chain(archiveDir).map((r) => r.entry.raw)).toEqual(real.slice(0, 5));
    // A rotated-to file is read from its start, after the rest of the previous one.
    fs.writeFileSync(path.join(logDir, "postgresql-2026-11-26_010000.json"), real[5] + "\n");
    expect(shipOnce(logDir, archiveDir)).toMatchObject({ shipped: 1, lastSeq: 6 });
    expect(verifyArchive(archiveDir).problems).toEqual([]);
});

test("a chain file that ends in a partial record (an append cut short by a crash) is cut back to its last whole record before the next append", () => {
    const archiveDir = copyArchive(cluster.layout.archiveDir);
    scratch.push(archiveDir);
    const before = chain(archiveDir);
    fs.appendFileSync(path.join(archiveDir, CHAIN_FILE), '{"seq":');
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
        shipOnce(cluster.layout.logDir, archiveDir);
        expect(stderr.mock.calls.map((c) => String(c[0])).join("")).toContain(`ended in a partial record (7 bytes after record ${before.length})`);
    } finally {
        stderr.mockRestore();
    }
    expect(verifyArchive(archiveDir).problems).toEqual([]);
});

test("neither the bootstrap superuser nor another role can write the archive through the server (COPY TO, COPY TO PROGRAM)", async () => {
    await shipAuditLog(cluster.layout);
    const anchor = verifyArchive(cluster.layout.archiveDir).lastHash;
    const chainFile = path.join(cluster.layout.archiveDir, CHAIN_FILE);
    const admin = await cluster.connectAsBootstrap();
    await expect(admin.query(`COPY (SELECT 'forged') TO '${chainFile}'`)).rejects.toThrow(`could not open file "${chainFile}" for writing: Permission denied`);
    const newFile = path.join(cluster.layout.archiveDir, "forged.jsonl");
    await expect(admin.query(`COPY (SELECT 'forged') TO '${newFile}'`)).rejects.toThrow(`could not open file "${newFile}" for writing: Permission denied`);
    // TO PROGRAM runs the shell as the server's OS user (postgres), which may not write there either.
    await expect(admin.query(`COPY (SELECT 'forged') TO PROGRAM 'cat >> ${chainFile}'`)).rejects.toThrow(/program "cat >> .*" failed/);
    await expect(admin.query(`COPY (SELECT 'forged') TO PROGRAM 'mv ${chainFile} /tmp/'`)).rejects.toThrow(/program "mv .*" failed/);
    await admin.query(`CREATE ROLE archive_writer LOGIN PASSWORD 'x-archive-writer-1'`);
    const other = new Client(clientConfig(cluster.handle, "archive_writer", "x-archive-writer-1"));
    await other.connect();
    try {
        await expect(other.query(`COPY (SELECT 'forged') TO '${chainFile}'`)).rejects.toThrow("must be superuser or have privileges of the pg_write_server_files role to COPY to a file");
    } finally {
        await other.end();
    }
    await admin.end();
    expect(fs.existsSync(newFile)).toBe(false);
    const proof = verifyArchive(cluster.layout.archiveDir, { expectAnchor: anchor });
    expect(proof.anchor).toMatchObject({ matches: true });
    expect(proof.problems).toEqual([]);
    expect(proof.access).toMatchObject({ serverUser: "postgres", ownerSeparation: true, writeProtected: true, findings: [] });
    expect(proof.access.paths.filter((p) => p.kind !== "ancestor").every((p) => p.ownerName === AUDIT_OS_USER && !p.writableByServerUser)).toBe(true);
});

describe("the write-permission facts fail for each way the server's user could write", () => {
    const server = () => serverOsIds();
    const copy = () => {
        const dir = copyArchive(cluster.layout.archiveDir);
        scratch.push(dir);
        const audit = passwd(AUDIT_OS_USER);
        fs.chmodSync(dir, 0o750);
        fs.chownSync(dir, audit.uid, audit.gid);
        for (const f of fs.readdirSync(dir)) {
            fs.chownSync(path.join(dir, f), audit.uid, audit.gid);
            fs.chmodSync(path.join(dir, f), 0o640);
        }
        return dir;
    };

    test("a copy laid out like the archive passes", () => {
        expect(archiveAccess(copy(), "postgres")).toMatchObject({ writeProtected: true, findings: [] });
    });

    test("a directory group-writable by postgres's group", () => {
        const dir = copy();
        fs.chownSync(dir, passwd(AUDIT_OS_USER).uid, server().gid);
        fs.chmodSync(dir, 0o770);
        expect(archiveAccess(dir, "postgres").findings).toEqual([
            `${dir} (mode 0770, ${AUDIT_OS_USER}:postgres) is writable by postgres`,
            `${dir} has mode 0770; required: 0750 or stricter (no group write, nothing for others)`,
        ]);
    });

    test("a chain file owned by postgres", () => {
        const dir = copy();
        fs.chownSync(path.join(dir, CHAIN_FILE), server().uid, server().gid);
        expect(archiveAccess(dir, "postgres").findings).toEqual([`${path.join(dir, CHAIN_FILE)} is owned by postgres, the OS user the server runs as, which can change it`]);
    });

    test("a file others may read and write", () => {
        const dir = copy();
        fs.chmodSync(path.join(dir, STATE_FILE), 0o646);
        const file = path.join(dir, STATE_FILE);
        expect(archiveAccess(dir, "postgres").findings).toEqual([
            `${file} (mode 0646, ${AUDIT_OS_USER}:${AUDIT_OS_USER}) is writable by postgres`,
            `${file} has mode 0646; required: 0640 or stricter (no group write, nothing for others)`,
        ]);
    });

    test("an archive under a directory postgres owns (it could rename the archive away and put another in its place)", () => {
        const parent = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-postgres-owned-"));
        scratch.push(parent);
        fs.chownSync(parent, server().uid, server().gid);
        const dir = path.join(parent, "archive");
        fs.renameSync(copy(), dir);
        expect(archiveAccess(dir, "postgres").findings).toEqual([
            `the archive is under ${parent}, owned by postgres, which can change its permissions and replace the archive`,
            // The sticky bit of /tmp stops renaming others' entries, not one's own: postgres owns the parent.
            `postgres may write ${os.tmpdir()} (mode 01777), so it can rename the archive away and put another in its place`,
        ]);
    });

    test("without a second OS user (the twin set up without root), owner separation isn't available and is never passed", () => {
        const access = archiveAccess(copy(), AUDIT_OS_USER);
        expect(access.ownerSeparation).toBe(false);
        expect(access.writeProtected).toBe(false);
        expect(access.findings[0]).toBe(
            `owner separation isn't available: the archive is owned by ${AUDIT_OS_USER}, the OS user the server runs as (the twin was set up without root, so there is no second OS user to own it); set it up as root so the archive belongs to hpg-audit`,
        );
    });
});

test("the background shipper runs as hpg-audit, and its last pass after the server stops ships the shutdown", async () => {
    const { pid, started } = await startAuditShipper(cluster.layout, 200);
    expect(started).toBe(true);
    expect(await startAuditShipper(cluster.layout)).toEqual({ pid, started: false });
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const audit = passwd(AUDIT_OS_USER);
    expect(/^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/m.exec(status)!.slice(1).map(Number)).toEqual([audit.uid, audit.uid, audit.uid, audit.uid]);
    expect(/^Groups:\s*(.*)$/m.exec(status)![1].trim()).toBe(String(audit.gid));
    await workload("background");
    await stopCluster(cluster.handle);
    expect(await stopAuditShipper(cluster.layout)).toBe(true);
    expect(runningShipperPid(cluster.layout)).toBeUndefined();
    expect(await stopAuditShipper(cluster.layout)).toBe(false);
    const records = chain();
    expect(records.some((r) => r.entry.message.includes("'background'") || r.entry.message.includes("INSERT INTO shipped VALUES ($1)"))).toBe(true);
    expect(records[records.length - 1].entry.message).toBe("database system is shut down");
    expect(verifyArchive(cluster.layout.archiveDir).problems).toEqual([]);
});
