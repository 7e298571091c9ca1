import { parameterGroupPolicy } from "../../kit/plan/parameter-group";
import { control } from "./control";

/** HPG-TLS-01: the effective rds.force_ssl is on, so the server refuses unencrypted connections. */
export const forceSsl = parameterGroupPolicy(control, "hpg-tls-01-force-ssl", "parameter group: effective `rds.force_ssl` on");
