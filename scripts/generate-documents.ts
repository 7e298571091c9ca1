import * as fs from "fs";
import * as path from "path";
import { CONTROLS, FAMILIES, controlsMarkdownTable, markdownCell, judgedSettingDefaultsMarkdownTable, parameterDefaultsMarkdownTable, resourceDefaultsMarkdownTable } from "../components/catalog";
import { keyPolicyDocument } from "../components/hardened-postgres/key-policy";
import { parameterGroupSettings } from "../components/hardened-postgres/parameter-group-settings";
import { DETECTIONS, defaultDetectionSettings } from "../components/audit-trail/detections";
import { POLICIES } from "../policies/crossguard/pack";
import { configurationMarkdownTable } from "./generate-arguments";
import { GeneratedFile, ROOT } from "./generate-registries";

/** A region of a hand-written document that the generator owns: between `<!-- NAME:start … -->` and `<!-- NAME:end -->`. */
export interface GeneratedRegion {
    name: string;
    content: string;
}

/** `text` with each named region's body replaced; a missing marker is an error, never a silently skipped table. */
export function replaceRegions(file: string, text: string, regions: GeneratedRegion[]): string {
    let out = text;
    for (const region of regions) {
        const pattern = new RegExp(`(<!-- ${region.name}:start[^>]*-->\\n)[\\s\\S]*?\\n?(<!-- ${region.name}:end -->)`);
        if (!pattern.test(out)) {
            throw new Error(`${file}: no <!-- ${region.name}:start --> … <!-- ${region.name}:end --> markers`);
        }
        out = out.replace(pattern, (_m, start: string, end: string) => `${start}${region.content}\n${end}`);
    }
    return out;
}

function regionFile(relative: string, regions: GeneratedRegion[]): GeneratedFile {
    const text = fs.readFileSync(path.join(ROOT, relative), "utf8");
    return { path: relative, content: replaceRegions(relative, text, regions) };
}

/** What the component's parameter group declares for each family, and what it leaves at the RDS default. */
export function declaredParametersText(): string {
    const lines = FAMILIES.map((family) => {
        const { settings } = parameterGroupSettings(family, []);
        const declared = settings.parameters.map((p) => `\`${p.name}=${p.value}\`${p.applyMethod === "pending-reboot" ? " (pending-reboot)" : ""}`);
        const declaredNames = new Set(settings.parameters.map((p) => p.name));
        const defaults = Object.entries(settings.effective)
            .filter(([name]) => !declaredNames.has(name))
            .map(([name, value]) => `\`${name}=${value}\``);
        return `- ${family}: declares ${declared.join(", ") || "nothing"}; already the default: ${defaults.join(", ") || "none"}.`;
    });
    return lines.join("\n");
}

/** Every detection, one row each: what it finds, its severity, and where it runs on AWS (the alarm, or why none). */
export function detectionsMarkdownTable(): string {
    const settings = defaultDetectionSettings();
    const rows = DETECTIONS.map((d) => {
        const cloudwatch = d.cloudwatch(settings);
        const onAws =
            cloudwatch.kind === "metric-filter"
                ? `CloudWatch alarm: metric filter \`${cloudwatch.filterPattern}\`, ${cloudwatch.statistic} ≥ ${cloudwatch.threshold} per ${cloudwatch.periodSeconds} s; also an Athena named query`
                : cloudwatch.kind === "log-group-silence"
                  ? `CloudWatch alarm: the group's IncomingLogEvents missing for ${cloudwatch.periodSeconds * cloudwatch.evaluationPeriods} s; also an Athena named query`
                  : `Athena named query and \`audit alerts\` only: ${cloudwatch.reason}`;
        return [`\`${d.id}\``, d.title, d.severity, d.description, onAws];
    });
    return [["Detection", "Title", "Severity", "Finds", "On AWS"], ["---", "---", "---", "---", "---"], ...rows].map((cells) => `| ${cells.map(markdownCell).join(" | ")} |`).join("\n");
}

/** The policies of the pack, one row each: name, control, level, what it judges. */
export function policiesMarkdownTable(): string {
    const rows = POLICIES.map((p) => [p.name, p.control ?? "(waivers)", p.enforcementLevel, p.judges]);
    return [["Policy", "Control", "Level", "Judges"], ["---", "---", "---", "---"], ...rows].map((cells) => `| ${cells.map(markdownCell).join(" | ")} |`).join("\n");
}

function showDefault(value: unknown): string {
    return Array.isArray(value) ? `\`${JSON.stringify(value)}\`` : `\`${String(value)}\``;
}

/** Every `--policy-pack-config` key of every policy, with its default and description, from each policy's configSchema. */
export function policyConfigMarkdownTable(): string {
    const rows = POLICIES.flatMap((p) =>
        Object.entries(p.configSchema?.properties ?? {}).map(([key, schema]) => {
            const s = schema as { default?: unknown; description?: string };
            return [p.name, `\`${key}\``, showDefault(s.default), s.description ?? ""];
        }),
    );
    return [["Policy", "Key", "Default", "Description"], ["---", "---", "---", "---"], ...rows].map((cells) => `| ${cells.map(markdownCell).join(" | ")} |`).join("\n");
}

/** policies/config.example.json: every policy that has configuration, with each key at its default. */
export function policyConfigExample(): string {
    const config: Record<string, Record<string, unknown>> = {};
    for (const p of [...POLICIES].sort((a, b) => a.name.localeCompare(b.name))) {
        const properties = Object.entries(p.configSchema?.properties ?? {});
        if (properties.length > 0) {
            config[p.name] = Object.fromEntries(properties.map(([key, schema]) => [key, (schema as { default?: unknown }).default]));
        }
    }
    return `${JSON.stringify(config, null, 4)}\n`;
}

/**
 * docs/kms-key-policy.md's example: the policy the component writes on the key it creates, for an example account,
 * region, instance, deploying role and app role, from the same statement builders (key-policy.ts).
 */
export function kmsKeyPolicyExample(): string {
    const policy = keyPolicyDocument(
        { partition: "aws", dnsSuffix: "amazonaws.com", accountId: "111122223333", region: "us-east-1", identifier: "orders-db" },
        { deployerArn: "arn:aws:iam::111122223333:role/deployer", keyUserArns: ["arn:aws:iam::111122223333:role/orders-app"] },
    );
    return ["```json", JSON.stringify(JSON.parse(policy), null, 2), "```"].join("\n");
}

/** Every document generated from the control modules and the component's declaration. */
export function generatedDocuments(): GeneratedFile[] {
    if (CONTROLS.length === 0) {
        throw new Error("the catalog is empty: run npm run generate from the repository root");
    }
    return [
        regionFile("README.md", [
            { name: "controls-table", content: controlsMarkdownTable() },
            { name: "declared-parameters", content: declaredParametersText() },
            { name: "parameter-defaults", content: parameterDefaultsMarkdownTable() },
            { name: "judged-setting-defaults", content: judgedSettingDefaultsMarkdownTable() },
            { name: "resource-defaults", content: resourceDefaultsMarkdownTable() },
            { name: "configuration-table", content: configurationMarkdownTable() },
            { name: "detections-table", content: detectionsMarkdownTable() },
        ]),
        regionFile("policies/README.md", [
            { name: "policies-table", content: policiesMarkdownTable() },
            { name: "policy-config-table", content: policyConfigMarkdownTable() },
        ]),
        { path: "policies/config.example.json", content: policyConfigExample() },
        regionFile("docs/kms-key-policy.md", [{ name: "kms-key-policy-example", content: kmsKeyPolicyExample() }]),
    ];
}
