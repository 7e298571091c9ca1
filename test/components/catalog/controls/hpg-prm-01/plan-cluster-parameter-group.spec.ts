import * as aws from "@pulumi/aws";
import { Unwrap } from "@pulumi/pulumi";
import { clusterHardenedParameterGroup as policy } from "../../../../../components/catalog/controls/hpg-prm-01/plan-cluster-parameter-group";
import { AnalyzedResource } from "../../../../../policies/offline-check/evaluate";
import { auroraInstanceGroup, clusterParameterGroup } from "../../../../support/cluster-parameter-fixtures";
import { ResourceExtras, lines, resource, validateStack } from "../../../../support/policy-harness";

type ClusterInputs = Unwrap<aws.rds.ClusterArgs>;
type MemberInputs = Unwrap<aws.rds.ClusterInstanceArgs>;

const hardenedGroup = clusterParameterGroup();

/** A PostgreSQL cluster `cluster` (identifier `ledger`) on the hardened cluster group unless overridden. */
function cluster(overrides: Partial<ClusterInputs> = {}, extras: ResourceExtras = { propertyDependencies: { dbClusterParameterGroupName: [hardenedGroup] } }): AnalyzedResource {
    return resource(aws.rds.Cluster, "cluster", { clusterIdentifier: "ledger", engine: "aurora-postgresql", engineVersion: "16.4", dbClusterParameterGroupName: "ledger-cluster", ...overrides }, extras);
}

/** A member `member` of the `ledger` cluster. */
function member(overrides: Partial<MemberInputs> = {}, extras: ResourceExtras = {}): AnalyzedResource {
    return resource(aws.rds.ClusterInstance, "member", { identifier: "ledger-1", clusterIdentifier: "ledger", engine: "aurora-postgresql", instanceClass: "db.r6g.large", ...overrides }, extras);
}

const ATTACH = "attach a hardened aws.rds.ClusterParameterGroup declared in this stack";

describe("hpg-prm-01-cluster-hardened-parameter-group", () => {
    it("passes a cluster on a declared hardened group, found by dependency or by name, and its members on default groups", async () => {
        expect(await validateStack(policy, [hardenedGroup, cluster(), member(), member({ dbParameterGroupName: "default.aurora-postgresql16" })])).toEqual([]);
        expect(await validateStack(policy, [hardenedGroup, cluster({}, {})])).toEqual([]);
    });

    it.each([
        ["unset", { dbClusterParameterGroupName: undefined }, "dbClusterParameterGroupName is not set, so RDS attaches its default cluster group"],
        ["a default group", { dbClusterParameterGroupName: "default.aurora-postgresql16" }, "dbClusterParameterGroupName is 'default.aurora-postgresql16', an RDS default group"],
    ])("blocks a cluster group %s", async (_case, overrides, shown) => {
        expect(lines(await validateStack(policy, [cluster(overrides, {})]))).toEqual([`mandatory [HPG-PRM-01] RDS cluster 'cluster': ${shown}, which has no pgaudit; ${ATTACH}`]);
    });

    it("blocks a group neither declared nor allow-listed, and passes it allow-listed", async () => {
        expect(lines(await validateStack(policy, [cluster({ dbClusterParameterGroupName: "shared-cluster" }, {})]))).toEqual([
            "mandatory [HPG-PRM-01] RDS cluster 'cluster': cluster parameter group 'shared-cluster' is not declared in this stack nor allow-listed; declare it with aws.rds.ClusterParameterGroup in this stack, or add it to the allowedParameterGroups config",
        ]);
        const config = { "hpg-prm-01-cluster-hardened-parameter-group": { allowedParameterGroups: ["shared-cluster"] } };
        expect(await validateStack(policy, [cluster({ dbClusterParameterGroupName: "shared-cluster" }, {})], config)).toEqual([]);
    });

    it("blocks a declared cluster group that fails a parameter control", async () => {
        const weak = clusterParameterGroup({ "rds.force_ssl": "0" });
        expect(lines(await validateStack(policy, [weak, cluster({}, { propertyDependencies: { dbClusterParameterGroupName: [weak] } })]))).toEqual([
            "mandatory [HPG-PRM-01] RDS cluster 'cluster': cluster parameter group 'cluster-params' fails HPG-TLS-01 (rds.force_ssl is '0'); fix the group: rds.force_ssl: set it to on (1)",
        ]);
    });

    it("judges a member's own group over its cluster group's, as RDS resolves them", async () => {
        // Statement logging on in the member's group, with bound values cut to 0 by the cluster's group: compliant.
        const loud = auroraInstanceGroup({ log_statement: "all" });
        expect(await validateStack(policy, [hardenedGroup, cluster(), loud, member({}, { propertyDependencies: { dbParameterGroupName: [loud] } })])).toEqual([]);
        const weak = auroraInstanceGroup({ log_statement: "all", log_parameter_max_length: "-1", log_connections: "0" });
        expect(lines(await validateStack(policy, [hardenedGroup, cluster(), weak, member({ dbParameterGroupName: "ledger-member" })]))).toEqual([
            "mandatory [HPG-PRM-01] RDS cluster instance 'member': parameter group 'member-params' over cluster parameter group 'cluster-params' fails HPG-AUD-04, HPG-AUD-03 (log_connections is '0'; log_statement is 'all' while log_parameter_max_length is '-1', so each logged statement carries its bound values); fix the group: log_connections: set it to on (1); log_statement, log_min_duration_statement, log_min_duration_sample, log_statement_sample_rate, log_transaction_sample_rate, log_parameter_max_length, log_parameter_max_length_on_error, shared_preload_libraries, auto_explain.log_min_duration, auto_explain.log_parameter_max_length: set log_parameter_max_length to 0 (or turn statement logging off), log_parameter_max_length_on_error to 0, and auto_explain.log_parameter_max_length to 0 where auto_explain logs",
        ]);
    });

    it("blocks a member on a group neither declared nor allow-listed", async () => {
        expect(lines(await validateStack(policy, [hardenedGroup, cluster(), member({ dbParameterGroupName: "shared-member" })]))).toEqual([
            "mandatory [HPG-PRM-01] RDS cluster instance 'member': parameter group 'shared-member' is not declared in this stack nor allow-listed, so what it overrides of the cluster's group is not known; declare it with aws.rds.ParameterGroup in this stack, or add it to the allowedParameterGroups config",
        ]);
    });

    it("does not judge other engines", async () => {
        expect(await validateStack(policy, [cluster({ engine: "aurora-mysql", dbClusterParameterGroupName: undefined }, {})])).toEqual([]);
    });
});
