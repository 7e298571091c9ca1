import { ProgramCheckReport } from "./check-program";
import { AnalyzedResource, PolicyDiagnostic } from "./evaluate";
import type { Waiver } from "./waivers";

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

/** How much was judged: every registration the program started is judged, or `check` exits 2 instead of reporting. */
export interface JsonSummary {
    /** Registrations the program started (`new X(...)`), the root stack included. */
    registrationsAttempted: number;
    /** Of those, the ones that completed. */
    resourcesRegistered: number;
    /** Resources every policy was run on: all the registered ones. */
    resourcesJudged: number;
    /** Default providers the engine would add, judged too. */
    defaultProvidersJudged: number;
    /** Existing resources read (StackReference, `.get`): the engine reads them, policies don't judge them. */
    resourcesRead: number;
    mandatory: number;
    advisory: number;
    /** Named waivers in force, as listed in `waivers`. */
    waivers: number;
}

/** The whole `check --json` document. */
export interface JsonReport {
    resources: number;
    violations: JsonViolation[];
    summary: JsonSummary;
    /** Every accepted weakening in force: resource, control, opt-out name and reason. */
    waivers: Waiver[];
}

/** The resource a diagnostic is about; a stack-level one without a URN is about the root stack. */
function subjectOf(d: PolicyDiagnostic, result: ProgramCheckReport): AnalyzedResource | undefined {
    const all = [...result.resources, ...result.defaultProviders];
    return all.find((r) => r.urn === d.urn) ?? (d.urn === undefined ? result.resources.find((r) => r.type === "pulumi:pulumi:Stack") : undefined);
}

function summaryOf(result: ProgramCheckReport): JsonSummary {
    const mandatory = result.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length;
    return {
        registrationsAttempted: result.registrationsAttempted,
        resourcesRegistered: result.resources.length,
        resourcesJudged: result.resources.length,
        defaultProvidersJudged: result.defaultProviders.length,
        resourcesRead: result.reads.length,
        mandatory,
        advisory: result.diagnostics.length - mandatory,
        waivers: result.waivers.length,
    };
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
        summary: summaryOf(result),
        waivers: result.waivers,
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
    if (result.waivers.length > 0) {
        lines.push("Waivers in force (accepted weakenings, each with its reason):");
        for (const w of result.waivers) {
            lines.push(`  ${w.type} '${w.name}': ${w.control} waived by opt-out ${w.optOut} (${w.allows}); reason: ${w.reason}`);
        }
        lines.push("");
    }
    if (result.reads.length > 0) {
        lines.push(`Read, not judged: ${result.reads.map((r) => `${r.type} '${r.name}'`).join(", ")}`, "");
    }
    // Every resource the program asked for was registered (else check exits 2 naming the missing ones), so all were judged.
    const { mandatory, advisory, waivers, resourcesJudged } = summaryOf(result);
    const checked = `${resourcesJudged} resources of stack '${result.stack}' checked against ${policyCount} policies`;
    const waived = waivers > 0 ? `; ${waivers} waiver${waivers === 1 ? "" : "s"} in force` : "";
    lines.push(
        mandatory === 0
            ? `${checked}: no mandatory violation${advisory > 0 ? `, ${advisory} advisory` : ""}${waived}.`
            : `${checked}: ${mandatory} mandatory violation${mandatory === 1 ? "" : "s"}${advisory > 0 ? `, ${advisory} advisory` : ""}${waived}; a deployment would be blocked.`,
    );
    return lines.join("\n");
}
