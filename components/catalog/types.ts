/** The compliance postures a stack can choose. */
export type Posture = "soc2" | "hipaa" | "pci";
export const POSTURES: readonly Posture[] = ["soc2", "hipaa", "pci"];

/** Frameworks a control maps to. */
export type Framework = "SOC 2" | "HIPAA" | "PCI DSS 4.0" | "NIST 800-53 r5";

/** How bad a failure of the control is. Matches @pulumi/policy's Severity. */
export type Severity = "low" | "medium" | "high" | "critical";

/** Where a control can be judged: before deployment (plan) and/or inside a running database (live). */
export interface ControlChecks {
    /** Judged by the policy pack at `pulumi preview` and by `hardened-postgres check`. */
    plan: boolean;
    /** Judged by `hardened-postgres verify` against a running PostgreSQL. */
    live: boolean;
}

/** One control: one id, one requirement, its framework references and the settings it needs. */
export interface Control {
    /** Stable id, e.g. `HPG-TLS-01`. Never reused or renumbered. */
    id: string;
    /** Short title for tables. */
    title: string;
    /** One sentence: what must be true. */
    requirement: string;
    /** Framework references, e.g. `{ "SOC 2": ["CC6.7"], ... }`. */
    frameworks: Partial<Record<Framework, string[]>>;
    severity: Severity;
    checks: ControlChecks;
    /** The concrete settings the control needs, in words an engineer can act on. */
    settings: string[];
}

/** Supported RDS parameter group families; the number is the engine major version. */
export type Family = "postgres15" | "postgres16" | "postgres17";
export const FAMILIES: readonly Family[] = ["postgres15", "postgres16", "postgres17"];
