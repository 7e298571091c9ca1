import { parameterGroupPolicy } from "../../kit/plan/parameter-group";
import { control } from "./control";

/** HPG-AUD-06: no route writes bound values to the server log (statement logging, sampling, errors, auto_explain). */
export const noBoundValuesInStatementLogs = parameterGroupPolicy(
    control,
    "hpg-aud-06-no-bound-values-in-statement-logs",
    "parameter group: effective `log_statement`, `log_min_duration_*`, sampling, `log_parameter_max_length(_on_error)` and auto_explain never log bound values",
);
