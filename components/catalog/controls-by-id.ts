import { Control, ControlId, OptOut, OptOutName } from "./control";
import { CONTROLS } from "./controls/catalog.generated";

export { CONTROLS };

/** A control by id. The id is typed, so an unknown id is a compile error; the throw guards ids read from input. */
export function controlById(id: ControlId): Control {
    const control = CONTROLS.find((c) => c.id === id);
    if (!control) {
        throw new Error(`unknown control id '${id}'`);
    }
    return control;
}

/** Whether a string read from input (a tag, a config key) names a control of the catalog. */
export function isControlId(id: string): id is ControlId {
    return CONTROLS.some((c) => c.id === id);
}

/** Every opt-out of the catalog with the control it weakens. */
export const OPT_OUTS: readonly (OptOut & { control: ControlId })[] = CONTROLS.flatMap((c) => (c.optOuts ?? []).map((o) => ({ ...o, control: c.id })));

/** Every opt-out name, in catalog order. */
export const OPT_OUT_NAMES: readonly OptOutName[] = OPT_OUTS.map((o) => o.name);

/** The opt-out that was once called `formerName`, if any (e.g. `retainOnDelete`, which turned retention off). */
export function optOutRenamedFrom(formerName: string): (OptOut & { control: ControlId }) | undefined {
    return OPT_OUTS.find((o) => (o.formerNames ?? []).includes(formerName));
}

/** The opt-out named `name` (typed), or undefined for a name read from input that is not one. */
export function optOutByName(name: string): (OptOut & { control: ControlId }) | undefined {
    return OPT_OUTS.find((o) => o.name === name);
}
