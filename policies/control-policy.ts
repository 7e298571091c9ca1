import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Control, controlById } from "../components/catalog";

/** A policy of this pack: a @pulumi/policy policy that judges exactly one catalog control. */
export type ControlPolicy = (ResourceValidationPolicy | StackValidationPolicy) & {
    /** The catalog control the policy judges, e.g. `HPG-TLS-02`. */
    control: string;
};

/** The metadata every policy of a control carries: severity, framework references and remediation, all from the catalog. */
export interface ControlPolicyMetadata {
    control: string;
    description: string;
    severity: Control["severity"];
    framework: { name: string; version: string; reference: string; specification: string };
    tags: string[];
    remediationSteps: string;
}

/**
 * The catalog's metadata for a control, in @pulumi/policy's fields. @pulumi/policy allows one `framework` per policy,
 * so the framework is the control catalog itself; the SOC 2, HIPAA, PCI DSS and NIST references go in `tags`.
 */
export function controlMetadata(controlId: string): ControlPolicyMetadata {
    const control = controlById(controlId);
    const references = Object.entries(control.frameworks).flatMap(([framework, refs]) => (refs ?? []).map((ref) => `${framework} ${ref}`));
    return {
        control: control.id,
        description: `[${control.id}] ${control.requirement}`,
        severity: control.severity,
        framework: { name: "hardened-postgres control catalog", version: "1", reference: control.id, specification: control.requirement },
        tags: [control.id, ...references],
        remediationSteps: control.settings.join("; "),
    };
}

/** A violation message: control id, the resource's kind and name, what is wrong, and the fix. */
export function violation(controlId: string, kind: string, name: string, problem: string, fix: string): string {
    return `[${controlId}] ${kind} '${name}': ${problem}; ${fix}`;
}
