import * as aws from "@pulumi/aws";
import { clusterPolicy, isMultiAzDbCluster, postgresClusterEngineOf } from "../../../../../components/catalog/kit/plan/rds-cluster";
import { control } from "../../../../../components/catalog/controls/hpg-net-01/control";
import { clusterInstance, multiAzCluster } from "../../../../support/cluster-fixtures";
import { lines, resource, validateResource } from "../../../../support/policy-harness";

describe("postgresClusterEngineOf: cluster engines compared as RDS compares them", () => {
    it.each([
        ["aurora-postgresql", "aurora-postgresql"],
        ["Aurora-PostgreSQL", "aurora-postgresql"],
        ["postgres", "postgres"],
        ["POSTGRES", "postgres"],
        [undefined, undefined],
        ["", undefined],
        ["aurora-mysql", undefined],
        ["mysql", undefined],
        ["neptune", undefined],
    ])("engine %p is %p", (engine, expected) => {
        expect(postgresClusterEngineOf({ engine })).toBe(expected);
    });

    it("a Multi-AZ DB cluster is the postgres engine, not Aurora", () => {
        expect([isMultiAzDbCluster({ engine: "Postgres" }), isMultiAzDbCluster({ engine: "aurora-postgresql" })]).toEqual([true, false]);
    });
});

describe("clusterPolicy", () => {
    const policy = clusterPolicy({
        control,
        name: "hpg-net-01-test",
        judges: "test",
        cluster: (_c, _args, report) => report("the cluster problem", "the cluster fix"),
        clusterInstance: (_m, _args, report) => report("the member problem", "the member fix"),
    });

    it("runs each check on its own resource type only, naming the control, the kind and the resource", async () => {
        expect(lines(await validateResource(policy, multiAzCluster()))).toEqual(["mandatory [HPG-NET-01] RDS cluster 'cluster': the cluster problem; the cluster fix"]);
        // The provider types a member's engine as its lowercase enum; RDS takes any case, so a program can send this.
        expect(lines(await validateResource(policy, clusterInstance({ engine: "Aurora-PostgreSQL" as aws.types.enums.rds.EngineType })))).toEqual([
            "mandatory [HPG-NET-01] RDS cluster instance 'member': the member problem; the member fix",
        ]);
        expect(await validateResource(policy, resource(aws.rds.Instance, "db", { engine: "postgres" }))).toEqual([]);
    });

    it("leaves clusters and members of other engines alone", async () => {
        expect(await validateResource(policy, multiAzCluster({ engine: "mysql" }))).toEqual([]);
        expect(await validateResource(policy, clusterInstance({ engine: "aurora-mysql" }))).toEqual([]);
    });

    it("refuses a policy that checks nothing", () => {
        expect(() => clusterPolicy({ control, name: "hpg-net-01-empty", judges: "nothing" })).toThrow("hpg-net-01-empty: a cluster policy checks a cluster, a cluster instance or both");
    });
});
