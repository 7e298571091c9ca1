import { judgeRequiredParameters } from "../../kit/live/settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { control } from "./control";

/** HPG-AUD-03: pgaudit.log_parameter is off and statement logging writes no bound values, globally and in every override. */
export const pgauditNoParameters: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        return { findings: await judgeRequiredParameters(ctx, control.id) };
    },
};
