import { parameterGroupPolicy } from "../../kit/plan/parameter-group";
import { control } from "./control";

/** HPG-AUD-02: the effective pgaudit.log covers ddl, write and role ('all' and '-class' understood as pgaudit does). */
export const pgauditLogClasses = parameterGroupPolicy(control, "hpg-aud-02-pgaudit-log-classes", "parameter group: `pgaudit.log` covers ddl, write, role (`all`, spaces, case and `-class` understood); `log_min_messages`, `pgaudit.log_client`/`log_level` and `log_destination` let the records reach the server log");
