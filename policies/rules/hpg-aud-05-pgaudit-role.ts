import { parameterGroupPolicy } from "../parameter-group";

/** HPG-AUD-05: pgaudit.role names the audit role, so object auditing of classified tables works. */
export const pgauditRole = parameterGroupPolicy("HPG-AUD-05", "hpg-aud-05-pgaudit-role");
