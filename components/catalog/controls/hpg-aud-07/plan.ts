import { parameterGroupPolicy } from "../../kit/plan/parameter-group";
import { control } from "./control";

/** HPG-AUD-07: pgaudit.log_rows is on, so every audit record carries its row count. */
export const logRows = parameterGroupPolicy(control, "hpg-aud-07-log-rows", "parameter group: `pgaudit.log_rows` on (each pgaudit record ends with the rows it read or wrote)");
