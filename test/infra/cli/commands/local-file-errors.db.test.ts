import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { runningAsRoot } from "../../../../infra/local-twin/os-user";
import { defaultServerDir } from "../../../../infra/local-twin/server-dir";
import { CliRun } from "../../../support/cli-run";
import { freePort } from "../../../support/pg-cluster";
import { createPrivateClone, PrivateClone } from "../../../support/private-clone";

/**
 * Directories the local twin cannot use are refused with the flag or variable that chose them, the real cause and the
 * fix (exit 2), never with a raw errno message. No cluster is started: each case fails before initdb.
 */
let clone: PrivateClone;
let port: number;
let aFile: string;

beforeAll(async () => {
    clone = createPrivateClone();
    port = await freePort();
    aFile = path.join(clone.home, "a-file");
    fs.writeFileSync(aFile, "not a directory\n");
});

afterAll(() => clone?.remove());

test("--data-dir naming a file: it exists and is not a directory", async () => {
    expect(await clone.run(["local", "up", "--data-dir", aFile, "--port", String(port)])).toEqual({
        code: 2,
        stdout: "",
        stderr: `hardened-postgres local: cannot write the local cluster's data directory ${aFile}: ${aFile} exists and is not a directory. Fix: choose a directory path with --data-dir (or HPG_LOCAL_DATA_DIR), or move the file away.`,
    });
});

test("--data-dir below a file: the file is named, not ENOTDIR", async () => {
    const below = path.join(aFile, "x", "local");
    expect(await clone.run(["local", "up", "--data-dir", below, "--port", String(port)])).toEqual({
        code: 2,
        stdout: "",
        stderr: `hardened-postgres local: cannot write the local cluster's data directory ${below}: ${aFile} is a file, not a directory. Fix: choose a directory path with --data-dir (or HPG_LOCAL_DATA_DIR), or move the file away.`,
    });
});

test("start --out naming a file is refused before the cluster is touched", async () => {
    const run = await clone.run(["start", "--out", aFile, "--port", String(port)]);
    expect(run).toEqual({
        code: 2,
        stdout: "",
        stderr: `hardened-postgres start: cannot write the evidence directory ${aFile}: ${aFile} exists and is not a directory. Fix: choose a directory path with --out, or move the file away.`,
    });
    expect(fs.existsSync(clone.dataDir)).toBe(false);
});

(runningAsRoot() ? test : test.skip)("a state directory the server's OS user cannot traverse is named, and left as it is", async () => {
    // A mktemp -d folder: 0700, root's. Its permissions are the user's business; the fix is to choose another one.
    const privateState = fs.mkdtempSync(path.join(clone.home, "state-"));
    const dataDir = path.join(clone.project, "other", "local");
    const run = await clone.run(["local", "up", "--data-dir", dataDir, "--port", String(port)], { HPG_LOCAL_STATE_DIR: privateState });
    expect(run).toEqual({
        code: 2,
        stdout: "",
        stderr: `hardened-postgres local: the server's OS user 'postgres' cannot reach ${defaultServerDir(dataDir, privateState)}: it may not traverse ${clone.home}. Fix: set HPG_LOCAL_STATE_DIR to a directory it can reach (the default is /var/lib/hardened-postgres).`,
    });
    expect(fs.statSync(privateState).mode & 0o777).toBe(0o700);
    expect(fs.statSync(clone.home).mode & 0o777).toBe(0o700);
});

(runningAsRoot() ? test : test.skip)("a data directory on a read-only file system: EROFS named, not Node's ENOENT (separate process, private mount)", async () => {
    const readOnly = path.join(clone.home, "read-only");
    fs.mkdirSync(readOnly);
    const dataDir = path.join(readOnly, ".hpg", "local");
    // A read-only tmpfs in a mount namespace of the CLI's own: nobody else sees it, and it goes with the process.
    const script = 'mount -t tmpfs -o ro,size=64k tmpfs "$0" && exec "$@"';
    const main = path.resolve(__dirname, "../../../../infra/cli/main.ts");
    const run = await new Promise<CliRun>((resolve, reject) =>
        execFile(
            "unshare",
            ["-m", "sh", "-c", script, readOnly, process.execPath, "-r", require.resolve("ts-node/register/transpile-only"), main, "local", "up", "--data-dir", dataDir, "--port", String(port)],
            { cwd: clone.project, env: { ...process.env, HPG_LOCAL_STATE_DIR: clone.stateRoot, TS_NODE_PROJECT: path.resolve(__dirname, "../../../../tsconfig.json") } },
            (e, stdout, stderr) => (e && typeof e.code !== "number" ? reject(e) : resolve({ code: e ? (e.code as number) : 0, stdout: String(stdout), stderr: String(stderr) })),
        ),
    );
    expect(run).toEqual({
        code: 2,
        stdout: "",
        stderr: `hardened-postgres local: cannot write the local cluster's data directory ${dataDir}: ${readOnly} is on a read-only file system. Fix: choose a directory on a writable file system with --data-dir (or HPG_LOCAL_DATA_DIR).\n`,
    });
}, 60_000);
