import { clusterParameterGroupPolicy } from "../../kit/plan/cluster-parameter-group";
import { control } from "./control";

/** HPG-TLS-02 for clusters: the effective ssl_min_protocol_version is TLSv1.2 or higher. */
export const clusterMinTlsVersion = clusterParameterGroupPolicy(
    control,
    "hpg-tls-02-cluster-min-tls-version",
    "cluster parameter group: effective `ssl_min_protocol_version` ≥ TLSv1.2 (Aurora PostgreSQL or Multi-AZ; a setting without a confirmed default must be declared); an Aurora instance group: what it declares",
);
