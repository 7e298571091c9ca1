import { parameterGroupPolicy } from "../parameter-group";

/** HPG-AUD-03: pgaudit.log_parameter is off, so bound values (often secrets or regulated data) stay out of the logs. */
export const noLogParameter = parameterGroupPolicy("HPG-AUD-03", "hpg-aud-03-no-log-parameter");
