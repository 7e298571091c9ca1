import { clusterParameterGroupPolicy } from "../../kit/plan/cluster-parameter-group";
import { control } from "./control";

/** HPG-AUD-04 for clusters: connections and disconnections are logged. */
export const clusterLogConnections = clusterParameterGroupPolicy(
    control,
    "hpg-aud-04-cluster-log-connections",
    "cluster parameter group: `log_connections` and `log_disconnections` on (Aurora PostgreSQL or Multi-AZ; a setting without a confirmed default must be declared); an Aurora instance group: what it declares",
);
