import * as aws from "@pulumi/aws";
import { Unwrap } from "@pulumi/pulumi";
import { logRetention } from "../../../../../components/catalog/controls/hpg-log-02/plan";
import { logGroupEncrypted } from "../../../../../components/catalog/controls/hpg-log-03/plan";
import { clusterLogGroupsDeclared as policy } from "../../../../../components/catalog/controls/hpg-log-04/plan-cluster-log-groups";
import { AnalyzedResource } from "../../../../../policies/offline-check/evaluate";
import { KEY_ARN, LogGroupInputs } from "../../../../support/policy-fixtures";
import { ResourceExtras, UNKNOWN, cantRunDuringPreview, lines, resource, validateResource, validateStack } from "../../../../support/policy-harness";

type ClusterInputs = Unwrap<aws.rds.ClusterArgs>;

/** A PostgreSQL cluster `cluster` with identifier `ledger`, exporting its postgresql logs. */
function cluster(overrides: Partial<ClusterInputs> = {}, extras: ResourceExtras = {}): AnalyzedResource {
    const props: Partial<ClusterInputs> = { clusterIdentifier: "ledger", engine: "aurora-postgresql", engineVersion: "16.4", enabledCloudwatchLogsExports: ["postgresql"], ...overrides };
    return resource(aws.rds.Cluster, "cluster", props, extras);
}

/** A compliant log group for the `ledger` cluster's `type` logs. */
function clusterLogGroup(type = "postgresql", overrides: Partial<LogGroupInputs> = {}, extras: ResourceExtras = {}): AnalyzedResource {
    const props: LogGroupInputs = { name: `/aws/rds/cluster/ledger/${type}`, retentionInDays: 365, kmsKeyId: KEY_ARN, ...overrides };
    return resource(aws.cloudwatch.LogGroup, `cluster-log-${type}`, { ...props }, extras);
}

const MISSING = (type: string) =>
    `mandatory [HPG-LOG-04] RDS cluster 'cluster': exports '${type}' logs but log group '/aws/rds/cluster/ledger/${type}' is not declared in this stack, so RDS creates it never-expiring and unencrypted; declare aws.cloudwatch.LogGroup '/aws/rds/cluster/ledger/${type}' (retention and kmsKeyId set) and make the cluster depend on it`;

describe("hpg-log-04-cluster-log-groups-declared", () => {
    const logs = clusterLogGroup();

    it.each(["aurora-postgresql", "postgres", "Aurora-PostgreSQL"])("passes a %s cluster whose exported log group is declared and created first", async (engine) => {
        expect(await validateStack(policy, [logs, cluster({ engine }, { dependsOn: [logs] })])).toEqual([]);
    });

    it("blocks an exported log type whose group the stack doesn't declare", async () => {
        expect(lines(await validateStack(policy, [cluster()]))).toEqual([MISSING("postgresql")]);
        const instanceLogs = clusterLogGroup("instance");
        expect(lines(await validateStack(policy, [logs, cluster({ enabledCloudwatchLogsExports: ["postgresql", "instance", "iam-db-auth-error"] }, { dependsOn: [logs, instanceLogs] }), instanceLogs]))).toEqual([
            MISSING("iam-db-auth-error"),
        ]);
    });

    it("blocks an instance's group of the same identifier: a cluster writes under /aws/rds/cluster/", async () => {
        const instanceGroup = resource(aws.cloudwatch.LogGroup, "instance-log", { name: "/aws/rds/instance/ledger/postgresql", retentionInDays: 365, kmsKeyId: KEY_ARN });
        expect(lines(await validateStack(policy, [instanceGroup, cluster({}, { dependsOn: [instanceGroup] })]))).toEqual([MISSING("postgresql")]);
    });

    it("blocks a declared group the cluster doesn't depend on", async () => {
        expect(lines(await validateStack(policy, [logs, cluster()]))).toEqual([
            "mandatory [HPG-LOG-04] RDS cluster 'cluster': does not depend on log group '/aws/rds/cluster/ledger/postgresql', so RDS may create the group first; add the log group to the cluster's dependsOn",
        ]);
    });

    it("blocks a cluster without clusterIdentifier", async () => {
        expect(lines(await validateStack(policy, [logs, cluster({ clusterIdentifier: undefined }, { dependsOn: [logs] })]))).toEqual([
            "mandatory [HPG-LOG-04] RDS cluster 'cluster': clusterIdentifier is not set, so its log group names are not known before RDS creates them; set clusterIdentifier and declare its log groups",
        ]);
    });

    it("blocks a group in another region than the cluster", async () => {
        const east = clusterLogGroup("postgresql", { region: "us-east-1" });
        expect(lines(await validateStack(policy, [east, cluster({ region: "us-west-2" }, { dependsOn: [east] })]))).toEqual([
            "mandatory [HPG-LOG-04] log group 'cluster-log-postgresql': is in us-east-1 but RDS cluster 'cluster', which exports to '/aws/rds/cluster/ledger/postgresql', is in us-west-2, so RDS creates its own group there, never-expiring and unencrypted; declare the log group in us-west-2 (its region argument, or the cluster's provider)",
        ]);
    });

    it("leaves a cluster that exports nothing to HPG-LOG-01, and other engines alone", async () => {
        expect(await validateStack(policy, [cluster({ enabledCloudwatchLogsExports: [] })])).toEqual([]);
        expect(await validateStack(policy, [cluster({ engine: "aurora-mysql", enabledCloudwatchLogsExports: ["audit"] })])).toEqual([]);
    });

    it("can't run during preview while a log group's name is unknown", async () => {
        const unknownName = clusterLogGroup("postgresql", { name: UNKNOWN.string });
        expect(lines(await validateStack(policy, [unknownName, cluster({}, { dependsOn: [unknownName] })]))).toEqual([
            cantRunDuringPreview("hpg-log-04-cluster-log-groups-declared", "string value at .name"),
        ]);
    });
});

describe("a cluster's log group is a database log group for HPG-LOG-02 and HPG-LOG-03", () => {
    it("passes a year's retention on a customer-managed key", async () => {
        expect(await validateResource(logRetention, clusterLogGroup())).toEqual([]);
        expect(await validateResource(logGroupEncrypted, clusterLogGroup())).toEqual([]);
    });

    it("blocks a retention under a year, and one CloudWatch doesn't accept", async () => {
        expect(lines(await validateResource(logRetention, clusterLogGroup("postgresql", { retentionInDays: 30 })))).toEqual([
            "mandatory [HPG-LOG-02] log group 'cluster-log-postgresql': retentionInDays is 30; set retentionInDays to 365 or more (or 0 to never expire)",
        ]);
        expect(lines(await validateResource(logRetention, clusterLogGroup("postgresql", { retentionInDays: 370 })))).toHaveLength(1);
    });

    it("blocks a group without kmsKeyId", async () => {
        expect(lines(await validateResource(logGroupEncrypted, clusterLogGroup("postgresql", { kmsKeyId: undefined })))).toEqual([
            "mandatory [HPG-LOG-03] log group 'cluster-log-postgresql': kmsKeyId is not set, so the logs are encrypted only with a CloudWatch-owned key; set kmsKeyId to a customer-managed KMS key ARN whose policy allows logs.<region>.amazonaws.com",
        ]);
    });
});
