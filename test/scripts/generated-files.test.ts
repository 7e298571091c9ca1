import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generatedDocuments, replaceRegions } from "../../scripts/generate-documents";
import { CONTROLS_DIR, GeneratedFile, ROOT, controlModules, generatedRegistries } from "../../scripts/generate-registries";

function stale(files: GeneratedFile[]): string[] {
    return files.filter((f) => fs.readFileSync(path.join(ROOT, f.path), "utf8") !== f.content).map((f) => f.path);
}

describe("files generated from the control modules (npm run generate)", () => {
    it("the catalog, rule and live-check registries are up to date", () => {
        expect(stale(generatedRegistries())).toEqual([]);
    });

    it("README.md, policies/README.md and policies/config.example.json are up to date", () => {
        expect(stale(generatedDocuments())).toEqual([]);
    });

    it("finds every control module, with its plan files and live check", () => {
        const modules = controlModules();
        expect(modules.map((m) => m.id)).toEqual(fs.readdirSync(CONTROLS_DIR).filter((f) => f.startsWith("hpg-")).map((f) => f.toUpperCase()).sort());
        expect(modules.find((m) => m.id === "HPG-NET-01")).toMatchObject({ id: "HPG-NET-01", folder: "hpg-net-01", planFiles: ["plan-cluster", "plan-not-publicly-accessible", "plan-private-ingress"], live: false });
        expect(modules.find((m) => m.id === "HPG-RLS-01")).toMatchObject({ id: "HPG-RLS-01", folder: "hpg-rls-01", planFiles: [], live: true });
    });

    it("a new module is picked up by every registry: its id, its opt-outs, its rules and its live check", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-modules-"));
        try {
            const module = path.join(dir, "hpg-zzz-01");
            fs.mkdirSync(module);
            for (const f of ["control.ts", "plan.ts", "live.ts"]) {
                fs.writeFileSync(path.join(module, f), "");
            }
            // What the generator evaluates to read the module's id and opt-outs (a .js file, so no compiler is involved).
            fs.writeFileSync(path.join(module, "control.js"), 'exports.control = { id: "HPG-ZZZ-01", optOuts: [{ name: "zzzWaiver" }] };');
            const modules = controlModules(dir);
            expect(modules).toEqual([{ id: "HPG-ZZZ-01", folder: "hpg-zzz-01", dir: module, planFiles: ["plan"], live: true }]);
            const [catalog, rules, checks] = generatedRegistries(modules);
            expect(catalog.content).toContain('export type ControlId = "HPG-ZZZ-01";');
            expect(catalog.content).toContain('export type OptOutName = "zzzWaiver";');
            expect(catalog.content).toContain("{ ...hpgZzz01Control, checks: { plan: true, live: true } },");
            expect(rules.content).toContain('import * as hpgZzz01Plan from "../../components/catalog/controls/hpg-zzz-01/plan";');
            expect(rules.content).toContain("= [hpgZzz01Plan].flatMap(policiesOf);");
            expect(checks.content).toContain("= [hpgZzz01Live].flatMap(liveChecksOf);");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses a module whose control.ts declares another id than its folder", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-modules-"));
        try {
            const module = path.join(dir, "hpg-zzz-02");
            fs.mkdirSync(module);
            fs.writeFileSync(path.join(module, "control.ts"), "");
            fs.writeFileSync(path.join(module, "control.js"), 'exports.control = { id: "HPG-ZZZ-03" };');
            expect(() => generatedRegistries(controlModules(dir))).toThrow("declares id 'HPG-ZZZ-03'; its folder makes it 'HPG-ZZZ-02'");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses a folder that is not a control module instead of skipping it", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpg-modules-"));
        try {
            fs.mkdirSync(path.join(dir, "hpg-zzz-01"));
            expect(() => controlModules(dir)).toThrow("a control module is a folder named hpg-<area>-<nn> holding control.ts");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("replaces only the marked regions, and refuses a document without its markers", () => {
        const text = "intro\n<!-- t:start (generated) -->\nold\n<!-- t:end -->\noutro\n";
        expect(replaceRegions("x.md", text, [{ name: "t", content: "new" }])).toBe("intro\n<!-- t:start (generated) -->\nnew\n<!-- t:end -->\noutro\n");
        expect(() => replaceRegions("x.md", "no markers", [{ name: "t", content: "new" }])).toThrow("x.md: no <!-- t:start --> … <!-- t:end --> markers");
    });
});
