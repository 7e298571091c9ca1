import { controlById } from "../../../components/catalog";
import { judgeRequiredParameters } from "../settings";
import { CheckContext, CheckOutcome, LiveCheck } from "../types";

/** HPG-AUD-02: the effective pgaudit.log, and every per-role or per-database override of it, covers the required classes. */
export const pgauditLogClasses: LiveCheck = {
    control: controlById("HPG-AUD-02"),
    async run(ctx: CheckContext): Promise<CheckOutcome> {
        return { findings: await judgeRequiredParameters(ctx, "HPG-AUD-02") };
    },
};
