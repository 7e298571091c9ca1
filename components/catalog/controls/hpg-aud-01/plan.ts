import { parameterGroupPolicy } from "../../kit/plan/parameter-group";
import { control } from "./control";

/** HPG-AUD-01: shared_preload_libraries includes pgaudit (in any order), so audit logging is available. */
export const pgauditPreloaded = parameterGroupPolicy(control, "hpg-aud-01-pgaudit-preloaded", "parameter group: `shared_preload_libraries` includes pgaudit, in any order (pg_stat_statements beside it is kept, never required)");
