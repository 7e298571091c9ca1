import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startTypeCheck, typeScriptEntry } from "../../../policies/offline-check/type-check";
import { runCli } from "../../support/cli-run";

/**
 * `check` type-checks a TypeScript program as `pulumi preview` does before running it: a program Pulumi would refuse
 * to run must not pass. Real tsc runs here (about 8 s the first time for a program that imports @pulumi/aws).
 */
const ROOT = path.resolve(__dirname, "../../..");
const TYPE_ERROR = path.join(ROOT, "test/fixtures/programs/type-error");
const COMPLIANT = path.join(ROOT, "test/fixtures/programs/compliant.ts");

/** A scratch program outside the repository that resolves @pulumi/* from the project's node_modules. */
function scratchProgram(source: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-type-check-"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    fs.writeFileSync(path.join(dir, "index.ts"), source);
    return dir;
}

const PUBLIC_DB = (retention: string) => `import * as aws from "@pulumi/aws";
const retention: number = ${retention};
new aws.rds.Instance("orders-db", { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, publiclyAccessible: true, backupRetentionPeriod: retention });
`;

describe("check type-checks TypeScript programs by default", () => {
    test("a program with a type error exits 2, naming the error and the flag that skips the check", async () => {
        const run = await runCli(["check", "--program", TYPE_ERROR]);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toContain("has 1 type error, and pulumi preview and pulumi up type-check TypeScript programs before running them");
        expect(run.stderr).toContain("index.ts(5,7): error TS2322: Type 'string' is not assignable to type 'number'.");
        expect(run.stderr).toContain("--skip-type-check");
    }, 120_000);

    test("--skip-type-check judges a program with a type error, and its public database is blocked (exit 1)", async () => {
        // A program of its own: jest's module registry keeps a program it has run, so the fixture above can't run twice.
        const dir = scratchProgram(PUBLIC_DB('"thirty"'));
        try {
            const run = await runCli(["check", "--program", dir, "--skip-type-check", "--json"]);
            expect(run.code).toBe(1);
            const report = JSON.parse(run.stdout) as { violations: Array<{ control: string; name: string; enforcementLevel: string }> };
            expect(report.violations).toContainEqual(expect.objectContaining({ control: "HPG-NET-01", name: "orders-db", enforcementLevel: "mandatory" }));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 120_000);

    test("a type-correct program passes the type check and is judged (the compliant program: exit 0)", async () => {
        const run = await runCli(["check", "--program", COMPLIANT]);
        expect([run.code, run.stderr]).toEqual([0, ""]);
    }, 120_000);

    test("PULUMI_NODEJS_TRANSPILE_ONLY=true skips it, as it does for Pulumi", async () => {
        await expect(startTypeCheck(TYPE_ERROR, { PULUMI_NODEJS_TRANSPILE_ONLY: "true" })).resolves.toEqual({
            checked: false,
            skipped: "PULUMI_NODEJS_TRANSPILE_ONLY=true (Pulumi skips type checking too)",
            errors: [],
        });
    });

    test("a tsconfig.json with noCheck skips it, as it does for Pulumi; a JavaScript program has nothing to check", async () => {
        const dir = scratchProgram(PUBLIC_DB('"thirty"'));
        try {
            fs.writeFileSync(path.join(dir, "tsconfig.json"), '{ "compilerOptions": { "noCheck": true } }');
            expect((await startTypeCheck(dir, {})).checked).toBe(false);
            fs.rmSync(path.join(dir, "tsconfig.json"));
            fs.renameSync(path.join(dir, "index.ts"), path.join(dir, "index.js"));
            expect(typeScriptEntry(dir)).toBeUndefined();
            expect(await startTypeCheck(dir, {})).toEqual({ checked: false, skipped: "not a TypeScript program", errors: [] });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    test("the cached result never outlives a change: a type error written into a checked program is found on the next run", async () => {
        const dir = scratchProgram(PUBLIC_DB("35"));
        try {
            expect(await startTypeCheck(dir, {})).toEqual({ checked: true, errors: [] });
            // Same size, new content and a new modification time: the cache must not answer for it.
            fs.writeFileSync(path.join(dir, "index.ts"), PUBLIC_DB('"x"'));
            const later = new Date(Date.now() + 5_000);
            fs.utimesSync(path.join(dir, "index.ts"), later, later);
            const second = await startTypeCheck(dir, {});
            expect(second.checked).toBe(true);
            expect(second.errors).toEqual([expect.stringMatching(/^index\.ts\(2,7\): error TS2322: Type 'string' is not assignable to type 'number'\.$/)]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 120_000);

    test("the cached result never outlives a new file its tsconfig includes, or a change to the tsconfig itself", async () => {
        const dir = scratchProgram(PUBLIC_DB("35"));
        try {
            fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "commonjs", target: "ES2020", skipLibCheck: true, noEmit: true }, include: ["*.ts"] }));
            expect(await startTypeCheck(dir, {})).toEqual({ checked: true, errors: [] });
            fs.writeFileSync(path.join(dir, "later.ts"), "export const n: number = 'x';\n");
            expect((await startTypeCheck(dir, {})).errors).toEqual([expect.stringMatching(/^later\.ts\(1,14\): error TS2322/)]);
            fs.rmSync(path.join(dir, "later.ts"));
            fs.writeFileSync(path.join(dir, "index.ts"), "export function f(x) { return x; }\n");
            expect(await startTypeCheck(dir, {})).toEqual({ checked: true, errors: [] });
            const strict = { compilerOptions: { module: "commonjs", target: "ES2020", skipLibCheck: true, noEmit: true, strict: true }, include: ["*.ts"] };
            fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(strict));
            const later = new Date(Date.now() + 5_000);
            fs.utimesSync(path.join(dir, "tsconfig.json"), later, later);
            expect((await startTypeCheck(dir, {})).errors).toEqual([expect.stringMatching(/^index\.ts\(1,19\): error TS7006/)]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 180_000);
});
