import { parameterGroupPolicy } from "../parameter-group";

/** HPG-PWD-01: passwords are hashed with SCRAM-SHA-256, never MD5. */
export const scramPasswords = parameterGroupPolicy("HPG-PWD-01", "hpg-pwd-01-scram-passwords");
