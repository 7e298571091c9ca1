import { Control } from "./control";
import { CONTROLS } from "./controls-by-id";
import { FRAMEWORKS } from "./facts/types";

const FRAMEWORK_COLUMNS = FRAMEWORKS;

function where(control: Control): string {
    return [control.checks.plan ? "plan" : "", control.checks.live ? "live" : ""].filter((s) => s !== "").join(" + ");
}

/** The control catalog as a Markdown table (the README embeds it; a test keeps the two in step). */
export function controlsMarkdownTable(controls: readonly Control[] = CONTROLS): string {
    const header = ["Id", "Requirement", ...FRAMEWORK_COLUMNS, "Severity", "Checked"];
    const rows = controls.map((c) => [c.id, c.requirement, ...FRAMEWORK_COLUMNS.map((f) => (c.frameworks[f] ?? []).join(", ")), c.severity, where(c)]);
    return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
