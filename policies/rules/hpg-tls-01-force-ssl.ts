import { parameterGroupPolicy } from "../parameter-group";

/** HPG-TLS-01: the effective rds.force_ssl is on, so the server refuses unencrypted connections. */
export const forceSsl = parameterGroupPolicy("HPG-TLS-01", "hpg-tls-01-force-ssl");
