import { parameterGroupPolicy } from "../../kit/plan/parameter-group";
import { control } from "./control";

/** HPG-PWD-01: passwords are hashed with SCRAM-SHA-256, never MD5, and RDS refuses MD5 logins. */
export const scramPasswords = parameterGroupPolicy(
    control,
    "hpg-pwd-01-scram-passwords",
    "parameter group: `password_encryption` = scram-sha-256, effective `rds.accepted_password_auth_method` = scram",
);
