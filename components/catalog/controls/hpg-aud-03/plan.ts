import { parameterGroupPolicy } from "../../kit/plan/parameter-group";
import { control } from "./control";

/** HPG-AUD-03: pgaudit.log_parameter is off, so bound values (often secrets or regulated data) stay out of the logs. */
export const noLogParameter = parameterGroupPolicy(control, "hpg-aud-03-no-log-parameter", "parameter group: `pgaudit.log_parameter` off");
