import { controlById } from "../../../components/catalog";
import { judgeRequiredParameters } from "../settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../types";

/** HPG-AUD-04: log_connections and log_disconnections are on, globally and in every override. */
export const connectionsLogged: LiveCheck = {
    control: controlById("HPG-AUD-04"),
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        return { findings: await judgeRequiredParameters(ctx, "HPG-AUD-04") };
    },
};
