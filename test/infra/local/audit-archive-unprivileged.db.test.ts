import { execFile } from "child_process";
import * as os from "os";
import * as path from "path";
import type { ArchiveProof } from "../../../policies/audit/archive-chain";

/**
 * The twin set up without root: no hpg-audit to hand the archive to. The archive is kept and chained all the same
 * (under `<data dir>/audit`), and verify says plainly that owner separation isn't available, and fails it.
 */
const ROOT = path.resolve(__dirname, "../../..");
const USER = "nobody";

function runAsUnprivileged(): Promise<{ code: number; stdout: string; stderr: string }> {
    const script = path.join(ROOT, "test/support/unprivileged-archive-run.ts");
    const args = ["--reuid", USER, "--regid", "nogroup", "--clear-groups", "--", process.execPath, "-r", require.resolve("ts-node/register/transpile-only"), script];
    return new Promise((resolve, reject) =>
        execFile(
            "/usr/bin/setpriv",
            args,
            { cwd: "/", env: { PATH: process.env.PATH, HOME: os.tmpdir(), TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") }, maxBuffer: 64 * 1024 * 1024 },
            (e, stdout, stderr) => (e && typeof e.code !== "number" ? reject(e) : resolve({ code: e ? (e.code as number) : 0, stdout: String(stdout), stderr: String(stderr) })),
        ),
    );
}

test("without root: the archive is chained and intact, but owned by the server's own user, and verify fails owner separation", async () => {
    const run = await runAsUnprivileged();
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const { layout, modes, proof } = JSON.parse(run.stdout) as { layout: { auditDir: string; logDir: string }; modes: Record<string, string>; proof: ArchiveProof };
    expect(path.basename(layout.auditDir)).toBe("audit");
    expect(modes).toEqual({ log: "0700", archive: "0750" });
    expect(proof.records).toBeGreaterThan(0);
    expect(proof.problems).toEqual([]);
    expect(proof.intact).toBe(true);
    expect(proof.access.serverUser).toBe(USER);
    expect(proof.access.ownerSeparation).toBe(false);
    expect(proof.access.writeProtected).toBe(false);
    expect(proof.access.findings[0]).toBe(
        `owner separation isn't available: the archive is owned by ${USER}, the OS user the server runs as (the twin was set up without root, so there is no second OS user to own it); set it up as root so the archive belongs to hpg-audit`,
    );
}, 120_000);
