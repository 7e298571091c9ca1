import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

/** Every .ts file under `dir`, relative to the root. */
function sources(dir: string): string[] {
    const out: string[] = [];
    const walk = (d: string): void => {
        for (const e of fs.readdirSync(path.join(ROOT, d), { withFileTypes: true })) {
            const rel = path.join(d, e.name);
            if (e.isDirectory()) {
                walk(rel);
            } else if (e.name.endsWith(".ts")) {
                out.push(rel);
            }
        }
    };
    walk(dir);
    return out;
}

/** The top-level folder each relative import or require of `file` reaches, e.g. `policies` for "../../policies/x". */
function importedLayers(file: string): { specifier: string; layer: string }[] {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)["'](\.[^"']+)["']/g)].map((m) => m[1]);
    return specifiers.map((specifier) => ({ specifier, layer: path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier)).split(path.sep)[0] }));
}

/** What each layer may not import: knowledge runs from components (build) to policies (judge) to infra (run). */
const FORBIDDEN: Record<string, string[]> = {
    components: ["policies", "infra", "bench", "scripts", "test"],
    policies: ["infra", "bench", "scripts", "test"],
    infra: ["bench", "scripts", "test"],
};

describe("no import runs back up a layer", () => {
    it.each(Object.entries(FORBIDDEN))("%s/ imports nothing from %p", (layer, forbidden) => {
        const violations = sources(layer).flatMap((file) =>
            importedLayers(file)
                .filter((i) => forbidden.includes(i.layer))
                .map((i) => `${file} imports ${i.specifier}`),
        );
        expect(violations).toEqual([]);
    });

    it("the import scan sees relative imports, dynamic imports and requires", () => {
        const file = "test/architecture/layers.test.ts";
        expect(importedLayers(file)).toEqual([]);
        expect(importedLayers("policies/crossguard/pack.ts").map((i) => i.layer)).toContain("components");
        expect(importedLayers("infra/cli/main.ts").some((i) => i.specifier.startsWith("./commands/"))).toBe(true);
    });

    it("the library entry point does not load the plan-time rules or live checks", () => {
        const entry = fs.readFileSync(path.join(ROOT, "components/catalog/index.ts"), "utf8");
        expect(entry).not.toMatch(/kit\/(plan|live)|\/plan"|\/live"/);
    });
});
