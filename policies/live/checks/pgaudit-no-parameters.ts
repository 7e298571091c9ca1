import { controlById } from "../../../components/catalog";
import { judgeRequiredParameters } from "../settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../types";

/** HPG-AUD-03: pgaudit.log_parameter is off, globally and in every override, so bound values never reach the log. */
export const pgauditNoParameters: LiveCheck = {
    control: controlById("HPG-AUD-03"),
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        return { findings: await judgeRequiredParameters(ctx, "HPG-AUD-03") };
    },
};
