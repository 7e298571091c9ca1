import type { ControlId, OptOutName } from "./controls/catalog.generated";
import type { ParameterRequirement, SettingsJudgement } from "./facts/parameters";
import type { Framework, Severity } from "./facts/types";

export type { ControlId, OptOutName };

/** How a failing control acts at `pulumi preview`: `mandatory` blocks the deployment, `advisory` warns. */
export type EnforcementLevel = "mandatory" | "advisory";

/** A named weakening a control accepts when given a reason (the component's `optOuts`, the pack's waiver tags). */
export interface OptOut {
    name: OptOutName;
    /** What the opt-out allows, in words for documentation and evidence. */
    allows: string;
    /** Names it had before, so a stack still using one is told the new name instead of "not an opt-out". */
    formerNames?: string[];
}

/** A control as its module declares it. */
export interface ControlDefinition {
    /** Stable id, e.g. `HPG-TLS-01`. Never reused or renumbered; the module's folder is the id in lower case. */
    id: ControlId;
    /** Short title for tables. */
    title: string;
    /** One sentence: what must be true. */
    requirement: string;
    /** Framework references, e.g. `{ "SOC 2": ["CC6.7"], ... }`. */
    frameworks: Partial<Record<Framework, string[]>>;
    severity: Severity;
    /** The enforcement level its policies have unless the pack's config says otherwise. */
    enforcement: EnforcementLevel;
    /** Named weakenings of this control, each needing a reason. */
    optOuts?: OptOut[];
    /** The concrete settings the control needs, in words an engineer can act on. */
    settings: string[];
    /** Server parameters the control requires: the component sets them, the pack and `verify` judge them. */
    parameters?: ParameterRequirement[];
    /** Requirements on several settings together, judged by the component, the pack and `verify` alike. */
    judgements?: SettingsJudgement[];
    /** Where an engineer reads more: AWS, PostgreSQL or pgaudit documentation. */
    docs: string[];
}

/** Where a control can be judged: before deployment (plan) and/or inside a running database (live). */
export interface ControlChecks {
    /** Judged by the policy pack at `pulumi preview` and by `hardened-postgres check` (the module has a `plan` file). */
    plan: boolean;
    /** Judged by `hardened-postgres verify` against a running PostgreSQL (the module has a `live.ts`). */
    live: boolean;
}

/** One control of the catalog: its definition, plus where it is checked (derived from the files its module has). */
export interface Control extends ControlDefinition {
    checks: ControlChecks;
}

/** A control module's definition. The identity function gives the literal a type, so a misspelt field fails to compile. */
export function defineControl(definition: ControlDefinition): ControlDefinition {
    return definition;
}

/** Framework references of a control as one line, e.g. "SOC 2 CC6.7; HIPAA 164.312(e)(1)". */
export function frameworkReferences(control: Pick<Control, "frameworks">): string {
    return Object.entries(control.frameworks)
        .map(([framework, refs]) => `${framework} ${(refs ?? []).join(", ")}`)
        .join("; ");
}
