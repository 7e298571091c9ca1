import { parameterGroupPolicy } from "../parameter-group";

/** HPG-AUD-01: shared_preload_libraries includes pgaudit (in any order), so audit logging is available. */
export const pgauditPreloaded = parameterGroupPolicy("HPG-AUD-01", "hpg-aud-01-pgaudit-preloaded");
