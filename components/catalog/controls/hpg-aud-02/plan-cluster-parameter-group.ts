import { clusterParameterGroupPolicy } from "../../kit/plan/cluster-parameter-group";
import { control } from "./control";

/** HPG-AUD-02 for clusters: pgaudit.log covers ddl, write and role, and the records reach the server log. */
export const clusterPgauditLogClasses = clusterParameterGroupPolicy(
    control,
    "hpg-aud-02-cluster-pgaudit-log-classes",
    "cluster parameter group: `pgaudit.log` covers ddl, write, role; `log_min_messages`, `pgaudit.log_client`/`log_level` and `log_destination` let the records reach the server log (Aurora PostgreSQL or Multi-AZ; a setting without a confirmed default must be declared); an Aurora instance group: what it declares",
);
