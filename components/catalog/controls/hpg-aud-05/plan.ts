import { parameterGroupPolicy } from "../../kit/plan/parameter-group";
import { control } from "./control";

/** HPG-AUD-05: pgaudit.role names the audit role, so object auditing of classified tables works. */
export const pgauditRole = parameterGroupPolicy(control, "hpg-aud-05-pgaudit-role", "parameter group: `pgaudit.role` = rds_pgaudit");
