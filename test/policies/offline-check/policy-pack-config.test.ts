import * as fs from "fs";
import * as path from "path";
import { SUPPORTED_SCHEMA_KEYWORDS, validatePolicyPackConfig } from "../../../policies/offline-check/policy-pack-config";
import { POLICIES } from "../../../policies/crossguard/pack";

const EXAMPLE = path.join(__dirname, "../../../policies/config.example.json");

describe("validatePolicyPackConfig", () => {
    it("accepts both forms pulumi takes: a level, or properties with an optional level", () => {
        expect(
            validatePolicyPackConfig({ "hpg-iam-01-iam-auth": "mandatory", "hpg-log-02-log-retention": { enforcementLevel: "advisory", minLogRetentionDays: 731 } }, POLICIES),
        ).toEqual({
            config: { "hpg-iam-01-iam-auth": { enforcementLevel: "mandatory" }, "hpg-log-02-log-retention": { enforcementLevel: "advisory", minLogRetentionDays: 731 } },
            problems: [],
        });
    });

    it("folds `all` into every policy's level; a policy's own level wins", () => {
        const { config, problems } = validatePolicyPackConfig({ all: "advisory", "hpg-net-01-private-ingress": { enforcementLevel: "mandatory" } }, POLICIES);
        expect(problems).toEqual([]);
        expect(Object.keys(config)).toEqual(POLICIES.map((p) => p.name));
        expect(config["hpg-net-01-private-ingress"]).toEqual({ enforcementLevel: "mandatory" });
        expect(config["hpg-tls-01-force-ssl"]).toEqual({ enforcementLevel: "advisory" });
        expect(validatePolicyPackConfig({ all: { enforcementLevel: "disabled" } }, POLICIES).config["hpg-tls-01-force-ssl"]).toEqual({ enforcementLevel: "disabled" });
    });

    it("lists every problem, each naming [policy.key]", () => {
        expect(
            validatePolicyPackConfig(
                {
                    all: { minLogRetentionDays: 30 },
                    "hpg-avl-01-multi-az": { requireMultiAz: "yes" },
                    "hpg-bak-01-backup-retention": { minBackupRetentionDays: 0 },
                    "hpg-pat-01-supported-engine": { allowedEngineMajors: [16] },
                    "hpg-log-03-log-group-encrypted": { enforcementLevel: "warn" },
                    "hpg-tls-01-force-ssl": 3,
                },
                POLICIES,
            ).problems,
        ).toEqual([
            "[all.minLogRetentionDays] is not a config key of all; allowed: enforcementLevel",
            '[hpg-avl-01-multi-az.requireMultiAz] must be a boolean, got "yes"',
            "[hpg-bak-01-backup-retention.minBackupRetentionDays] must be an integer ≥ 1, got 0",
            "[hpg-pat-01-supported-engine.allowedEngineMajors] must be an array of strings, got [16]",
            '[hpg-log-03-log-group-encrypted.enforcementLevel] "warn" is not an enforcement level; allowed: advisory, mandatory, remediate, disabled',
            "[hpg-tls-01-force-ssl] 3 must be an enforcement level or an object of config keys",
        ]);
    });

    it("checks only the JSON-schema keywords the pack's config schemas use", () => {
        const used = POLICIES.flatMap((p) => Object.values(p.configSchema?.properties ?? {}).flatMap((schema) => Object.keys(schema)));
        expect([...new Set(used)].filter((k) => !SUPPORTED_SCHEMA_KEYWORDS.includes(k))).toEqual([]);
    });
});

describe("policies/config.example.json", () => {
    const example = JSON.parse(fs.readFileSync(EXAMPLE, "utf8")) as Record<string, Record<string, unknown>>;

    it("holds every tunable key of the pack with its default", () => {
        const defaults = Object.fromEntries(
            POLICIES.filter((p) => p.configSchema !== undefined).map((p) => [
                p.name,
                Object.fromEntries(Object.entries(p.configSchema!.properties).map(([key, schema]) => [key, typeof schema === "object" ? schema.default : undefined])),
            ]),
        );
        expect(example).toEqual(defaults);
    });

    it("is a valid policy pack config", () => {
        expect(validatePolicyPackConfig(example, POLICIES).problems).toEqual([]);
    });
});
