import { judgeRequiredParameters } from "../../kit/live/settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../../kit/live/types";
import { control } from "./control";

/** HPG-AUD-04: log_connections and log_disconnections are on, globally and in every override. */
export const connectionsLogged: LiveCheck = {
    control,
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        return { findings: await judgeRequiredParameters(ctx, control.id) };
    },
};
