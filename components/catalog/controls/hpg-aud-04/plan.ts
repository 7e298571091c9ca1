import { parameterGroupPolicy } from "../../kit/plan/parameter-group";
import { control } from "./control";

/** HPG-AUD-04: connections and disconnections are logged. */
export const logConnections = parameterGroupPolicy(control, "hpg-aud-04-log-connections", "parameter group: `log_connections` and `log_disconnections` on");
