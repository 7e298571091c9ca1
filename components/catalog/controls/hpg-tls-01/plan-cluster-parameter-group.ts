import { clusterParameterGroupPolicy } from "../../kit/plan/cluster-parameter-group";
import { control } from "./control";

/** HPG-TLS-01 for clusters: the effective rds.force_ssl is on (Aurora's default is off). */
export const clusterForceSsl = clusterParameterGroupPolicy(
    control,
    "hpg-tls-01-cluster-force-ssl",
    "cluster parameter group: effective `rds.force_ssl` on (Aurora PostgreSQL or Multi-AZ; a setting without a confirmed default must be declared); an Aurora instance group: what it declares",
);
