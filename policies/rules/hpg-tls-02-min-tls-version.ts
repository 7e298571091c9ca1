import { parameterGroupPolicy } from "../parameter-group";

/** HPG-TLS-02: the effective ssl_min_protocol_version is TLSv1.2 or higher. */
export const minTlsVersion = parameterGroupPolicy("HPG-TLS-02", "hpg-tls-02-min-tls-version");
