import { parameterGroupPolicy } from "../parameter-group";

/** HPG-AUD-04: connections and disconnections are logged. */
export const logConnections = parameterGroupPolicy("HPG-AUD-04", "hpg-aud-04-log-connections");
