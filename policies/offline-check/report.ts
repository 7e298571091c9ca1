import { ProgramCheckReport } from "./check-program";
import { AnalyzedResource, PolicyDiagnostic } from "./evaluate";

/** One violation in `check --json`. */
export interface JsonViolation {
    policy: string;
    /** The control the policy judges; null for the pack's report of waivers in force. */
    control: string | null;
    enforcementLevel: "advisory" | "mandatory";
    urn: string;
    type: string;
    name: string;
    message: string;
}

/** The whole `check --json` document. */
export interface JsonReport {
    resources: number;
    violations: JsonViolation[];
}

/** The resource a diagnostic is about; a stack-level one without a URN is about the root stack. */
function subjectOf(d: PolicyDiagnostic, result: ProgramCheckReport): AnalyzedResource | undefined {
    const all = [...result.resources, ...result.defaultProviders];
    return all.find((r) => r.urn === d.urn) ?? (d.urn === undefined ? result.resources.find((r) => r.type === "pulumi:pulumi:Stack") : undefined);
}

export function jsonReport(result: ProgramCheckReport): JsonReport {
    return {
        resources: result.resources.length,
        violations: result.diagnostics.map((d) => {
            const subject = subjectOf(d, result);
            return {
                policy: d.policy,
                control: d.control ?? null,
                enforcementLevel: d.enforcementLevel,
                urn: subject?.urn ?? d.urn ?? "",
                type: subject?.type ?? "",
                name: subject?.name ?? "",
                message: d.message,
            };
        }),
    };
}

/** Human output: violations grouped per resource, mandatory first, then a one-line summary. */
export function textReport(result: ProgramCheckReport, policyCount: number): string {
    const lines: string[] = [];
    const groups = new Map<string, JsonViolation[]>();
    for (const v of jsonReport(result).violations) {
        groups.set(v.urn, [...(groups.get(v.urn) ?? []), v]);
    }
    for (const [urn, violations] of groups) {
        const { type, name } = violations[0];
        lines.push(`${type} '${name}'`, `  ${urn}`);
        const ordered = [...violations].sort((a, b) => (a.enforcementLevel === b.enforcementLevel ? 0 : a.enforcementLevel === "mandatory" ? -1 : 1));
        for (const v of ordered) {
            lines.push(`  ${v.enforcementLevel.padEnd(9)} ${v.message}  (${v.policy})`);
        }
        lines.push("");
    }
    const mandatory = result.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length;
    const advisory = result.diagnostics.length - mandatory;
    const checked = `${result.resources.length} resources of stack '${result.stack}' checked against ${policyCount} policies`;
    lines.push(
        mandatory === 0
            ? `${checked}: no mandatory violation${advisory > 0 ? `, ${advisory} advisory` : ""}.`
            : `${checked}: ${mandatory} mandatory violation${mandatory === 1 ? "" : "s"}${advisory > 0 ? `, ${advisory} advisory` : ""}; a deployment would be blocked.`,
    );
    return lines.join("\n");
}
