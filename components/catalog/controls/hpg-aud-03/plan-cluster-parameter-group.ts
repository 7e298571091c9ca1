import { clusterParameterGroupPolicy } from "../../kit/plan/cluster-parameter-group";
import { control } from "./control";

/** HPG-AUD-03 for clusters: pgaudit.log_parameter is off and no statement-logging route writes bound values. */
export const clusterNoLogParameter = clusterParameterGroupPolicy(
    control,
    "hpg-aud-03-cluster-no-log-parameter",
    "cluster parameter group: `pgaudit.log_parameter` off; `log_statement`, `log_min_duration_*`, sampling, `log_parameter_max_length(_on_error)` and auto_explain never log bound values (Aurora PostgreSQL or Multi-AZ; a setting without a confirmed default must be declared); an Aurora instance group: what it declares",
);
