import { clusterParameterGroupPolicy } from "../../kit/plan/cluster-parameter-group";
import { control } from "./control";

/** HPG-AUD-01 for clusters: shared_preload_libraries includes pgaudit. */
export const clusterPgauditPreloaded = clusterParameterGroupPolicy(
    control,
    "hpg-aud-01-cluster-pgaudit-preloaded",
    "cluster parameter group: `shared_preload_libraries` includes pgaudit (Aurora PostgreSQL or Multi-AZ; a setting without a confirmed default must be declared); an Aurora instance group: what it declares",
);
