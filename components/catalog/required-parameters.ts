import { ControlId } from "./control";
import { CONTROLS } from "./controls/catalog.generated";
import { Family, FAMILIES } from "./facts/types";
import { JudgedSetting, ParameterRequirement, SettingsJudgement, defaultSourceFor } from "./facts/parameters";

/** A parameter a control requires, with the control it belongs to. */
export interface RequiredParameter extends ParameterRequirement {
    control: ControlId;
}

/** Every parameter a control needs, gathered from the control modules. Components build from it; policies and live checks judge against it. */
export const REQUIRED_PARAMETERS: readonly RequiredParameter[] = CONTROLS.flatMap((c) => (c.parameters ?? []).map((p) => ({ ...p, control: c.id })));

/** A settings judgement with the control it belongs to. */
export interface ControlJudgement extends SettingsJudgement {
    control: ControlId;
}

/** Every settings judgement of the catalog. */
export const SETTINGS_JUDGEMENTS: readonly ControlJudgement[] = CONTROLS.flatMap((c) => (c.judgements ?? []).map((j) => ({ ...j, control: c.id })));

/** The judgements of one control, or all. */
export function judgementsOf(control?: ControlId): ControlJudgement[] {
    return SETTINGS_JUDGEMENTS.filter((j) => control === undefined || j.control === control);
}

/** The RDS default per family of every parameter a control requires or judges (the modules' `rdsDefault`). */
export const RDS_PARAMETER_DEFAULTS: Readonly<Record<Family, Readonly<Record<string, string>>>> = Object.fromEntries(
    FAMILIES.map((family) => [
        family,
        Object.fromEntries([
            ...SETTINGS_JUDGEMENTS.flatMap((j) => j.reads.map((r): [string, string] => [r.name, r.rdsDefault])),
            ...REQUIRED_PARAMETERS.map((p): [string, string] => [p.name, p.rdsDefaultByFamily?.[family] ?? p.rdsDefault]),
        ]),
    ]),
) as Record<Family, Record<string, string>>;

/** Whether a required parameter's RDS default in `family` is confirmed by a source that states it (else it must be declared). */
export function hasConfirmedRdsDefault(parameter: ParameterRequirement, family: Family): boolean {
    return defaultSourceFor(parameter, family).confirmed;
}

/** The required parameters whose RDS default in `family` is not confirmed: the component declares them and the pack requires them declared. */
export function unconfirmedDefaultParameters(family: Family): RequiredParameter[] {
    return REQUIRED_PARAMETERS.filter((p) => !hasConfirmedRdsDefault(p, family));
}

/**
 * The RDS defaults of `family` that something may rely on: every judged setting's, and each required parameter's
 * whose default is confirmed. A parameter missing here must be declared.
 */
export function confirmedRdsParameterDefaults(family: Family): Readonly<Record<string, string>> {
    const unconfirmed = new Set(unconfirmedDefaultParameters(family).map((p) => p.name));
    return Object.fromEntries(Object.entries(RDS_PARAMETER_DEFAULTS[family]).filter(([name]) => !unconfirmed.has(name)));
}

/** A required parameter by name (a compile-time constant in callers; throws for a name no control declares). */
export function requiredParameter(name: string): RequiredParameter {
    const p = REQUIRED_PARAMETERS.find((r) => r.name === name);
    if (!p) {
        throw new Error(`no control requires the parameter '${name}'`);
    }
    return p;
}

/** A parameter's effective value in a group of `family`: the declared value, or the family default. */
export function effectiveParameterValue(family: Family, declared: ReadonlyMap<string, string>, name: string): string | undefined {
    return declared.has(name) ? declared.get(name) : RDS_PARAMETER_DEFAULTS[family][name];
}

/** The required parameters that apply to RDS or to a self-managed server. */
export function requiredParametersFor(target: "rds" | "self-managed", control?: ControlId): RequiredParameter[] {
    return REQUIRED_PARAMETERS.filter((p) => (target === "rds" || !p.rdsOnly) && (control === undefined || p.control === control));
}

/**
 * The settings judgements read whose RDS default is unconfirmed and which the component declares at that default: not
 * a required parameter (declared as such) and not marked `notDeclared` (a name some family's group lacks).
 */
export function declarableUnconfirmedReads(): JudgedSetting[] {
    const required = new Set(REQUIRED_PARAMETERS.map((p) => p.name));
    const reads = SETTINGS_JUDGEMENTS.flatMap((j) => j.reads).filter((r) => !r.defaultSource.confirmed && r.notDeclared === undefined && !required.has(r.name));
    return reads.filter((r, i) => reads.findIndex((x) => x.name === r.name) === i);
}
