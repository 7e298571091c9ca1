import { judgeRequiredParameters } from "../../kit/live/settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { control } from "./control";

/** HPG-AUD-06: the server's statement logging writes no bound values, globally and in every role or database override. */
export const noBoundValuesInStatementLogs: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        return { findings: await judgeRequiredParameters(ctx, control.id) };
    },
};
