import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/** A copy of scripts/start.js in a project folder of its own, so what is built there is up to the test. */
function projectWith(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-start-"));
    fs.mkdirSync(path.join(dir, "scripts"));
    fs.copyFileSync(path.join(ROOT, "scripts", "start.js"), path.join(dir, "scripts", "start.js"));
    for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
    }
    return dir;
}

function start(dir: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) =>
        execFile(process.execPath, [path.join(dir, "scripts", "start.js"), ...args], { cwd: dir }, (e, stdout, stderr) =>
            resolve({ code: e ? (e.code as number) : 0, stdout: String(stdout), stderr: String(stderr) }),
        ),
    );
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test("npm start runs scripts/start.js", () => {
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.start).toBe("node scripts/start.js");
});

test("before npm run setup: one line saying what to do, exit 2, no stack", async () => {
    const fresh = projectWith({});
    const noModules = projectWith({ "bin/infra/cli/main.js": "" });
    dirs.push(fresh, noModules);
    for (const dir of [fresh, noModules]) {
        expect(await start(dir)).toEqual({ code: 2, stdout: "", stderr: "hardened-postgres is not built: run npm run setup first\n" });
    }
});

test("once built: the CLI's start command with npm start's arguments, and its exit code", async () => {
    const built = projectWith({ "node_modules/.keep": "", "bin/infra/cli/main.js": "console.log(JSON.stringify(process.argv.slice(2))); process.exit(7);" });
    dirs.push(built);
    expect(await start(built, ["--port", "54330"])).toEqual({ code: 7, stdout: '["start","--port","54330"]\n', stderr: "" });
});
