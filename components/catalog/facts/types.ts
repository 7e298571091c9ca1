/** The compliance postures a stack can choose. */
export type Posture = "soc2" | "hipaa" | "pci";
export const POSTURES: readonly Posture[] = ["soc2", "hipaa", "pci"];

/** Frameworks a control maps to. */
export type Framework = "SOC 2" | "HIPAA" | "PCI DSS 4.0" | "NIST 800-53 r5";
export const FRAMEWORKS: readonly Framework[] = ["SOC 2", "HIPAA", "PCI DSS 4.0", "NIST 800-53 r5"];

/** How bad a failure of the control is. Matches @pulumi/policy's Severity. */
export type Severity = "low" | "medium" | "high" | "critical";

/**
 * Engine major versions the product supports, one per parameter group family (HPG-PAT-01): those in RDS standard
 * support (RDS for PostgreSQL release calendar: 13 left it on 2026-02-28; 14 is in it until 2027-02-28).
 */
export const SUPPORTED_ENGINE_MAJORS = ["14", "15", "16", "17"] as const;
export type EngineMajor = (typeof SUPPORTED_ENGINE_MAJORS)[number];

/** Supported RDS parameter group families; the number is the engine major version. */
export type Family = `postgres${EngineMajor}`;
export const FAMILIES: readonly Family[] = SUPPORTED_ENGINE_MAJORS.map((major): Family => `postgres${major}`);
