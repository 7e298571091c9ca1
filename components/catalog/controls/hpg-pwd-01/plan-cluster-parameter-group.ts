import { clusterParameterGroupPolicy } from "../../kit/plan/cluster-parameter-group";
import { control } from "./control";

/** HPG-PWD-01 for clusters: passwords are hashed with SCRAM-SHA-256 and MD5 logins are refused. */
export const clusterScramPasswords = clusterParameterGroupPolicy(
    control,
    "hpg-pwd-01-cluster-scram-passwords",
    "cluster parameter group: effective `password_encryption` = scram-sha-256 and `rds.accepted_password_auth_method` = scram (Aurora PostgreSQL or Multi-AZ; a setting without a confirmed default must be declared); an Aurora instance group: what it declares",
);
