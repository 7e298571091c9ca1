import { EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { ControlDefinition, ControlId } from "../../control";

/** A policy of the pack: a control's policy, or the pack's own report of waivers (which judges no single control). */
export type PackPolicy = (ResourceValidationPolicy | StackValidationPolicy) & {
    /** The catalog control the policy judges, e.g. `HPG-TLS-02`. */
    control?: ControlId;
    /** What the policy reads, in one line for the policy table of policies/README.md. */
    judges: string;
    enforcementLevel: EnforcementLevel;
};

/** A policy that judges exactly one catalog control. */
export type ControlPolicy = PackPolicy & { control: ControlId };

/** The metadata every policy of a control carries: severity, framework references, remediation and level, all from the control's module. */
export interface ControlPolicyMetadata {
    control: ControlId;
    description: string;
    severity: ControlDefinition["severity"];
    framework: { name: string; version: string; reference: string; specification: string };
    tags: string[];
    remediationSteps: string;
    enforcementLevel: EnforcementLevel;
}

/**
 * The catalog's metadata for a control, in @pulumi/policy's fields. @pulumi/policy allows one `framework` per policy,
 * so the framework is the control catalog itself; the SOC 2, HIPAA, PCI DSS and NIST references go in `tags`.
 */
export function controlMetadata(control: ControlDefinition): ControlPolicyMetadata {
    const references = Object.entries(control.frameworks).flatMap(([framework, refs]) => (refs ?? []).map((ref) => `${framework} ${ref}`));
    return {
        control: control.id,
        description: `[${control.id}] ${control.requirement}`,
        severity: control.severity,
        framework: { name: "hardened-postgres control catalog", version: "1", reference: control.id, specification: control.requirement },
        tags: [control.id, ...references],
        remediationSteps: control.settings.join("; "),
        enforcementLevel: control.enforcement,
    };
}

/** A violation message: control id, the resource's kind and name, what is wrong, and the fix. */
export function violation(control: ControlId, kind: string, name: string, problem: string, fix: string): string {
    return `[${control}] ${kind} '${name}': ${problem}; ${fix}`;
}

/** The policies a control module's plan file exports (every exported value that is a policy of a control). */
export function policiesOf(module: Record<string, unknown>): ControlPolicy[] {
    return Object.values(module).filter(
        (v): v is ControlPolicy =>
            typeof v === "object" &&
            v !== null &&
            typeof (v as ControlPolicy).control === "string" &&
            typeof (v as ControlPolicy).name === "string" &&
            ("validateResource" in v || "validateStack" in v),
    );
}
