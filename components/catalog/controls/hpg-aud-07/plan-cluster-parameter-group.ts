import { clusterParameterGroupPolicy } from "../../kit/plan/cluster-parameter-group";
import { control } from "./control";

/** HPG-AUD-07 for clusters: pgaudit.log_rows is on. */
export const clusterLogRows = clusterParameterGroupPolicy(
    control,
    "hpg-aud-07-cluster-log-rows",
    "cluster parameter group: `pgaudit.log_rows` on (Aurora PostgreSQL or Multi-AZ; pgaudit's default is off); an Aurora instance group: what it declares",
);
