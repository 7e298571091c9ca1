import { clusterParameterGroupPolicy } from "../../kit/plan/cluster-parameter-group";
import { control } from "./control";

/** HPG-AUD-05 for clusters: pgaudit.role names the audit role. */
export const clusterPgauditRole = clusterParameterGroupPolicy(
    control,
    "hpg-aud-05-cluster-pgaudit-role",
    "cluster parameter group: `pgaudit.role` = rds_pgaudit (Aurora PostgreSQL or Multi-AZ; a setting without a confirmed default must be declared); an Aurora instance group: what it declares",
);
