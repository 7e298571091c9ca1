import { parameterGroupPolicy } from "../../kit/plan/parameter-group";
import { control } from "./control";

/** HPG-AUD-03: pgaudit.log_parameter is off and no statement-logging route writes bound values (often secrets or regulated data). */
export const noLogParameter = parameterGroupPolicy(control, "hpg-aud-03-no-log-parameter", "parameter group: `pgaudit.log_parameter` off; effective `log_statement`, `log_min_duration_*`, sampling, `log_parameter_max_length(_on_error)` and auto_explain never log bound values");
