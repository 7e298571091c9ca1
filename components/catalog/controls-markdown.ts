import { Control } from "./control";
import { CONTROLS } from "./controls-by-id";
import { DefaultSource, defaultSourceFor, describeRule } from "./facts/parameters";
import { RESOURCE_DEFAULTS, ResourceDefault } from "./facts/resource-defaults";
import { FAMILIES, FRAMEWORKS } from "./facts/types";
import { declarableUnconfirmedReads, REQUIRED_PARAMETERS, RequiredParameter, SETTINGS_JUDGEMENTS } from "./required-parameters";

function where(control: Control): string {
    return [control.checks.plan ? "plan" : "", control.checks.live ? "live" : ""].filter((s) => s !== "").join(" + ");
}

/** A Markdown table cell: pipes escaped, so requirement text can't break the table. */
export function markdownCell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The control catalog as a Markdown table (the README embeds it; `npm run generate` writes it and a test keeps it in step). */
export function controlsMarkdownTable(controls: readonly Control[] = CONTROLS): string {
    const header = ["Id", "Requirement", ...FRAMEWORKS, "Severity", "Level", "Checked", "Opt-outs", "Docs"];
    const rows = controls.map((c) => [
        c.id,
        c.requirement,
        ...FRAMEWORKS.map((f) => (c.frameworks[f] ?? []).join(", ")),
        c.severity,
        c.enforcement,
        where(c),
        (c.optOuts ?? []).map((o) => `\`${o.name}\``).join(", "),
        c.docs.map((url, i) => `[${i + 1}](${url})`).join(" "),
    ]);
    return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.map(markdownCell).join(" | ")} |`).join("\n");
}

/** What a default's source record says, in words for the defaults table. */
function sourceText(source: DefaultSource): string {
    // Narrowed with `in`: check type-checks under Pulumi's non-strict defaults, where `confirmed` doesn't discriminate.
    return "why" in source ? `unconfirmed, so declared: ${source.why}` : `confirmed: “${source.states}” ([source](${source.url}))`;
}

/** A requirement's RDS default per family, e.g. `1` (postgres14: `0`). */
function defaultText(parameter: RequiredParameter): string {
    const shown = (value: string) => (value === "" ? "empty" : `\`${value}\``);
    const others = FAMILIES.filter((f) => parameter.rdsDefaultByFamily?.[f] !== undefined).map((f) => `${f}: ${shown(parameter.rdsDefaultByFamily?.[f] ?? "")}`);
    return [shown(parameter.rdsDefault), ...(others.length > 0 ? [`(${others.join(", ")})`] : [])].join(" ");
}

/**
 * Every required parameter with the RDS default the catalog assumes and where that default is stated (the README
 * embeds it). A family whose source differs gets its own line in the cell.
 */
export function parameterDefaultsMarkdownTable(parameters: readonly RequiredParameter[] = REQUIRED_PARAMETERS): string {
    const rows = parameters.map((p) => {
        const distinct = FAMILIES.filter((f) => p.defaultSourceByFamily?.[f] !== undefined);
        const sources = [sourceText(p.defaultSource), ...distinct.map((f) => `${f}: ${sourceText(defaultSourceFor(p, f))}`)];
        return [`\`${p.name}\``, p.control, describeRule(p.rule), defaultText(p), sources.join("; ")];
    });
    return [["Parameter", "Control", "Required", "RDS default", "Source of the default"], ["---", "---", "---", "---", "---"], ...rows]
        .map((cells) => `| ${cells.map(markdownCell).join(" | ")} |`)
        .join("\n");
}

/** Every resource default the pack's rules rely on, with where it is stated (the README embeds it next to the parameters'). */
export function resourceDefaultsMarkdownTable(): string {
    const rows = Object.values(RESOURCE_DEFAULTS as Record<string, ResourceDefault<boolean | number>>).map((d) => {
        const s = d.source;
        const source = "why" in s ? `unconfirmed, so it must be declared: ${s.why}` : "url" in s ? `confirmed: “${s.states}” ([source](${s.url}))` : `confirmed: “${s.states}” (@pulumi/aws \`${s.schema}\`)`;
        return [`\`${d.type}\``, `\`${d.property}\``, `\`${String(d.value)}\``, source];
    });
    return [["Resource", "Argument", "Default when unset", "Source of the default"], ["---", "---", "---", "---"], ...rows].map((cells) => `| ${cells.map(markdownCell).join(" | ")} |`).join("\n");
}

/**
 * Every setting a judgement reads (several settings judged together, e.g. statement logging with bound values), with
 * the default the catalog assumes, where it is stated, and whether the component declares it (the README embeds it).
 */
export function judgedSettingDefaultsMarkdownTable(): string {
    const declarable = new Set(declarableUnconfirmedReads().map((r) => r.name));
    const rows = SETTINGS_JUDGEMENTS.flatMap((j) =>
        j.reads.map((r) => {
            const s = r.defaultSource;
            const source = "why" in s ? `unconfirmed: ${s.why}` : `confirmed: “${s.states}” ([source](${s.url}))`;
            const required = REQUIRED_PARAMETERS.find((p) => p.name === r.name);
            const declared =
                required !== undefined
                    ? `yes, as ${required.control}'s required parameter`
                    : declarable.has(r.name)
                      ? "yes, at that value (`pending-reboot`)"
                      : `no: ${r.notDeclared ?? "confirmed"}`;
            return [`\`${r.name}\``, j.control, r.rdsDefault === "" ? "empty" : `\`${r.rdsDefault}\``, source, declared];
        }),
    );
    return [["Setting", "Judged by", "RDS default assumed", "Source of the default", "Declared by the component"], ["---", "---", "---", "---", "---"], ...rows]
        .map((cells) => `| ${cells.map(markdownCell).join(" | ")} |`)
        .join("\n");
}
