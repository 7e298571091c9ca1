import * as aws from "@pulumi/aws";
import { AnalyzedResource } from "../../policies/offline-check/evaluate";
import { resource } from "./policy-harness";

/**
 * What a hardened PostgreSQL DB cluster parameter group declares, written out literally: every required or judged
 * setting, since a cluster family's RDS default is confirmed for few of them (components/catalog/kit/plan/cluster-parameter-group.ts).
 */
export const HARDENED_CLUSTER_PARAMETERS: Record<string, string> = {
    "rds.force_ssl": "1",
    ssl_min_protocol_version: "TLSv1.2",
    shared_preload_libraries: "pg_stat_statements,pgaudit",
    "pgaudit.log": "ddl,write,role",
    "pgaudit.role": "rds_pgaudit",
    log_connections: "1",
    log_disconnections: "1",
    password_encryption: "scram-sha-256",
    "rds.accepted_password_auth_method": "scram",
    log_min_messages: "warning",
    log_destination: "stderr",
    log_statement: "none",
    log_min_duration_statement: "-1",
    log_min_duration_sample: "-1",
    log_statement_sample_rate: "1",
    log_transaction_sample_rate: "0",
    log_parameter_max_length: "0",
    log_parameter_max_length_on_error: "0",
    "auto_explain.log_min_duration": "-1",
    "auto_explain.log_parameter_max_length": "0",
};

/** `values` as a group's parameters (`undefined` removes one). */
function parameters(values: Record<string, string | undefined>): { name: string; value: string; applyMethod: string }[] {
    return Object.entries(values)
        .filter((e): e is [string, string] => e[1] !== undefined)
        .map(([name, value]) => ({ name, value, applyMethod: name === "shared_preload_libraries" ? "pending-reboot" : "immediate" }));
}

/** A cluster parameter group `cluster-params`: the hardened parameters with `changes` applied (`undefined` removes one). */
export function clusterParameterGroup(changes: Record<string, string | undefined> = {}, family = "aurora-postgresql16"): AnalyzedResource {
    return resource(aws.rds.ClusterParameterGroup, "cluster-params", { name: "ledger-cluster", family, parameters: parameters({ ...HARDENED_CLUSTER_PARAMETERS, ...changes }) });
}

/** An Aurora instance parameter group `member-params` declaring exactly `values`. */
export function auroraInstanceGroup(values: Record<string, string>, family = "aurora-postgresql16"): AnalyzedResource {
    return resource(aws.rds.ParameterGroup, "member-params", { name: "ledger-member", family, parameters: parameters(values) });
}
