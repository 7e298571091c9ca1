import * as aws from "@pulumi/aws";
import { globalClusterEncrypted as policy } from "../../../../../components/catalog/controls/hpg-enc-01/plan-global-cluster";
import { lines, resource, UNKNOWN, cantRunDuringPreview, validateResource } from "../../../../support/policy-harness";

const FIX = "set storageEncrypted: true, and give each regional aws.rds.Cluster a customer-managed kmsKeyId in its region";
const globalCluster = (props: Record<string, unknown>) =>
    resource(aws.rds.GlobalCluster, "orders-global", { globalClusterIdentifier: "orders-global", engine: "aurora-postgresql", engineVersion: "16.4", ...props });

describe("hpg-enc-01-global-cluster-encrypted", () => {
    it("passes an encrypted Aurora PostgreSQL global cluster, whatever the engine name's case", async () => {
        expect(await validateResource(policy, globalCluster({ storageEncrypted: true }))).toEqual([]);
        expect(await validateResource(policy, globalCluster({ storageEncrypted: true, engine: "Aurora-PostgreSQL" }))).toEqual([]);
    });

    it("leaves a global cluster built from an existing cluster to that cluster's policy, and other engines alone", async () => {
        expect(await validateResource(policy, globalCluster({ engine: undefined, sourceDbClusterIdentifier: "arn:aws:rds:us-east-1:123456789012:cluster:orders" }))).toEqual([]);
        expect(await validateResource(policy, globalCluster({ engine: "aurora-mysql" }))).toEqual([]);
    });

    it.each([
        ["not set (CreateGlobalCluster's default is false)", {}],
        ["false", { storageEncrypted: false }],
    ])("blocks storageEncrypted %s", async (what, props) => {
        expect(lines(await validateResource(policy, globalCluster(props)))).toEqual([
            `mandatory [HPG-ENC-01] global cluster 'orders-global': storageEncrypted is ${what}, so every regional cluster in it is unencrypted; ${FIX}`,
        ]);
    });

    it("blocks an upper-case engine name just the same", async () => {
        expect(lines(await validateResource(policy, globalCluster({ engine: "AURORA-POSTGRESQL" })))).toHaveLength(1);
    });

    it("can't run during preview while storageEncrypted is unknown", async () => {
        expect(lines(await validateResource(policy, globalCluster({ storageEncrypted: UNKNOWN.boolean })))).toEqual([cantRunDuringPreview("hpg-enc-01-global-cluster-encrypted", "boolean value at .storageEncrypted")]);
    });
});
