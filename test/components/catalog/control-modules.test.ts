import * as fs from "fs";
import * as path from "path";
import { CONTROLS, FAMILIES, RDS_PARAMETER_DEFAULTS, SETTINGS_JUDGEMENTS, controlById } from "../../../components/catalog";
import { ControlPolicy, policiesOf } from "../../../components/catalog/kit/plan/control-policy";
import { liveChecksOf } from "../../../components/catalog/kit/live/types";
import { POLICIES } from "../../../policies/crossguard/pack";
import { OPT_OUT_WAIVERS_POLICY } from "../../../policies/crossguard/opt-out-waivers";
import { LIVE_CHECKS } from "../../../policies/live/pack";
import { controlModules } from "../../../scripts/generate-registries";

const modules = controlModules();

/** The policies and checks each module's own files export (read from the files, not from the generated lists). */
const fromFiles = modules.map((m) => ({
    module: m,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    policies: m.planFiles.flatMap((f) => policiesOf(require(path.join(m.dir, f)) as Record<string, unknown>)),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    checks: m.live ? liveChecksOf(require(path.join(m.dir, "live")) as Record<string, unknown>) : [],
}));

describe("every control is one module", () => {
    it("the catalog is exactly the modules, in id order", () => {
        expect(CONTROLS.map((c) => c.id)).toEqual(modules.map((m) => m.id));
    });

    it.each(fromFiles.map((f) => [f.module.id, f] as const))("%s: its rules and live check judge it, and the catalog says where it is checked", (id, { module, policies, checks }) => {
        const control = controlById(id as never);
        expect(control.checks).toEqual({ plan: module.planFiles.length > 0, live: module.live });
        expect(policies.length).toBeGreaterThanOrEqual(module.planFiles.length);
        for (const p of policies) {
            expect([p.name.startsWith(`${module.folder}-`), p.control]).toEqual([true, id]);
        }
        expect(checks.map((c) => c.control.id)).toEqual(module.live ? [id] : []);
    });

    it("the pack serves exactly the modules' rules, in control-id order, plus the waiver report", () => {
        expect(POLICIES.map((p) => p.name)).toEqual([...fromFiles.flatMap((f) => f.policies.map((p) => p.name)), OPT_OUT_WAIVERS_POLICY]);
        expect(new Set(POLICIES.map((p) => p.name)).size).toBe(POLICIES.length);
    });

    it("verify runs exactly the modules' live checks, in control-id order", () => {
        expect(LIVE_CHECKS.map((c) => c.control.id)).toEqual(fromFiles.flatMap((f) => f.checks.map((c) => c.control.id)));
    });

    it("every plan file has its own test file, mirroring the tree", () => {
        const missing = modules.flatMap((m) => m.planFiles.map((f) => `test/components/catalog/controls/${m.folder}/${f}.spec.ts`)).filter((f) => !fs.existsSync(path.join(__dirname, "..", "..", "..", f)));
        expect(missing).toEqual([]);
    });
});

describe.each(POLICIES.filter((p): p is ControlPolicy => p.control !== undefined).map((p) => [p.name, p] as const))("policy %s", (_name, policy) => {
    const control = controlById(policy.control);

    it("carries its control's metadata and default enforcement level", () => {
        expect(policy.severity).toBe(control.severity);
        expect(policy.framework).toEqual({ name: "hardened-postgres control catalog", version: "1", reference: control.id, specification: control.requirement });
        expect(policy.tags?.[0]).toBe(control.id);
        for (const [framework, refs] of Object.entries(control.frameworks)) {
            for (const ref of refs ?? []) {
                expect(policy.tags).toContain(`${framework} ${ref}`);
            }
        }
        expect(policy.description.startsWith(`[${control.id}] `)).toBe(true);
        expect(policy.remediationSteps).toBe(control.settings.join("; "));
        // A policy may only be lower than its control's level (an advisory convention beside the control), never higher.
        expect(policy.enforcementLevel === control.enforcement || policy.enforcementLevel === "advisory").toBe(true);
        expect(policy.judges.length).toBeGreaterThan(0);
    });

    it("gives every config key a default", () => {
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            expect([key, typeof schema === "object" && schema !== null && "default" in schema]).toEqual([key, true]);
        }
    });
});

describe("control definitions", () => {
    it.each(CONTROLS.map((c) => [c.id, c] as const))("%s has a requirement, frameworks, settings and documentation links", (_id, c) => {
        expect(c.title.length).toBeGreaterThan(0);
        expect(c.requirement.endsWith(".")).toBe(true);
        expect(Object.keys(c.frameworks).length).toBeGreaterThan(0);
        expect(c.settings.length).toBeGreaterThan(0);
        expect(c.docs.length).toBeGreaterThan(0);
        expect(c.docs.filter((url) => !/^https:\/\/\S+$/.test(url))).toEqual([]);
    });

    it.each(FAMILIES)("the RDS defaults of %s pass every settings judgement, so only a stack's own values can fail one", (family) => {
        for (const judgement of SETTINGS_JUDGEMENTS) {
            expect([judgement.control, judgement.judge((name) => RDS_PARAMETER_DEFAULTS[family][name])]).toEqual([judgement.control, []]);
        }
    });

    it("opt-out names are unique across the catalog", () => {
        const names = CONTROLS.flatMap((c) => (c.optOuts ?? []).map((o) => o.name));
        expect(new Set(names).size).toBe(names.length);
    });
});
