import { parameterGroupPolicy } from "../parameter-group";

/** HPG-AUD-02: the effective pgaudit.log covers ddl, write and role ('all' and '-class' understood as pgaudit does). */
export const pgauditLogClasses = parameterGroupPolicy("HPG-AUD-02", "hpg-aud-02-pgaudit-log-classes");
