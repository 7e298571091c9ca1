import * as fs from "fs";
import * as path from "path";
import { CONTROLS, controlById } from "../../components/catalog";
import { POLICIES } from "../../policies/crossguard/pack";

/** The pack, pinned: adding, removing or renaming a policy is a deliberate, reviewed change to this list. */
const POLICY_NAMES = [
    "hpg-aud-01-pgaudit-preloaded",
    "hpg-aud-02-pgaudit-log-classes",
    "hpg-aud-03-no-log-parameter",
    "hpg-aud-04-log-connections",
    "hpg-aud-05-pgaudit-role",
    "hpg-avl-01-multi-az",
    "hpg-bak-01-backup-retention",
    "hpg-bak-02-deletion-guarded",
    "hpg-enc-01-storage-encrypted-cmk",
    "hpg-enc-02-kms-key-rotation",
    "hpg-iam-01-iam-auth",
    "hpg-log-01-log-exports",
    "hpg-log-02-log-retention",
    "hpg-log-03-log-group-encrypted",
    "hpg-log-04-log-groups-declared",
    "hpg-mon-01-monitoring",
    "hpg-net-01-not-publicly-accessible",
    "hpg-net-01-private-ingress",
    "hpg-pat-01-supported-engine",
    "hpg-prm-01-hardened-parameter-group",
    "hpg-pwd-01-scram-passwords",
    "hpg-pwd-02-managed-master-password",
    "hpg-role-01-no-privileged-roles",
    "hpg-role-02-no-public-grants",
    "hpg-role-03-no-all-to-login-roles",
    "hpg-tag-01-snapshot-tags",
    "hpg-tls-01-force-ssl",
    "hpg-tls-02-min-tls-version",
    "hpg-tls-03-current-ca",
    "hpg-tls-04-client-sslmode",
];

describe("policy pack inventory", () => {
    it("holds exactly the pinned policies", () => {
        expect(POLICIES.map((p) => p.name)).toEqual(POLICY_NAMES);
    });

    it("has one file per policy under policies/rules/, named after the policy", () => {
        const files = fs
            .readdirSync(path.join(__dirname, "../../policies/rules"))
            .map((f) => f.replace(/\.ts$/, ""))
            .sort();
        expect(files).toEqual([...POLICY_NAMES].sort());
    });

    it("has one test file per policy under test/policies/rules/", () => {
        const files = fs
            .readdirSync(path.join(__dirname, "rules"))
            .map((f) => f.replace(/\.test\.ts$/, ""))
            .sort();
        expect(files).toEqual([...POLICY_NAMES].sort());
    });

    it.each(POLICIES.map((p) => [p.name, p] as const))("%s maps to its catalog control and carries its metadata", (name, policy) => {
        const control = controlById(policy.control!);
        expect(name.startsWith(`${control.id.toLowerCase()}-`)).toBe(true);
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
        expect(policy.enforcementLevel).toBe(control.id === "HPG-IAM-01" ? "advisory" : "mandatory");
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            expect([key, typeof schema === "object" && schema.default !== undefined]).toEqual([key, true]);
        }
    });

    it("covers every control the catalog marks checkable at plan time", () => {
        const covered = new Set(POLICIES.map((p) => p.control));
        const planControls = CONTROLS.filter((c) => c.checks.plan).map((c) => c.id);
        expect(planControls.filter((id) => !covered.has(id))).toEqual([]);
        expect(POLICIES.filter((p) => !controlById(p.control!).checks.plan).map((p) => p.name)).toEqual([]);
    });

    it("policies/index.ts only serves the pack (importing it would start the analyzer's gRPC server)", () => {
        const index = fs.readFileSync(path.join(__dirname, "../../policies/index.ts"), "utf8");
        expect(index).toContain("new PolicyPack(PACK_NAME, { policies: [...POLICIES], enforcementLevel: PACK_ENFORCEMENT_LEVEL })");
        expect(JSON.parse(fs.readFileSync(path.join(__dirname, "../../policies/package.json"), "utf8")).version).toBe(
            JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")).version,
        );
    });
});
