import { parameterGroupPolicy } from "../../kit/plan/parameter-group";
import { control } from "./control";

/** HPG-TLS-02: the effective ssl_min_protocol_version is TLSv1.2 or higher. */
export const minTlsVersion = parameterGroupPolicy(control, "hpg-tls-02-min-tls-version", "parameter group: effective `ssl_min_protocol_version` ≥ TLSv1.2");
