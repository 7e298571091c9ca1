import { Control } from "./control";
import { CONTROLS } from "./controls-by-id";
import { FRAMEWORKS } from "./facts/types";

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
