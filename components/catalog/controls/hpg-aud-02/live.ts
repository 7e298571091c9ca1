import { judgeRequiredParameters } from "../../kit/live/settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { control } from "./control";

/** HPG-AUD-02: the effective pgaudit.log, and every per-role or per-database override of it, covers the required classes. */
export const pgauditLogClasses: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        return { findings: await judgeRequiredParameters(ctx, control.id) };
    },
};
