import * as aws from "@pulumi/aws";
import { snapshotsNotPublic as policy } from "../../../../../components/catalog/controls/hpg-bak-03/plan";
import { lines, resource, UNKNOWN, cantRunDuringPreview, validateResource } from "../../../../support/policy-harness";

const FIX = "share it with named account ids only";
const snapshot = (sharedAccounts?: string[]) => resource(aws.rds.Snapshot, "snap", { dbInstanceIdentifier: "db-1", dbSnapshotIdentifier: "db-1-manual", sharedAccounts });

describe("hpg-bak-03-snapshots-not-public", () => {
    it.each([
        ["not shared", undefined],
        ["shared with nobody", []],
        ["shared with a named account", ["123456789012"]],
    ])("passes a snapshot %s", async (_case, accounts) => {
        expect(await validateResource(policy, snapshot(accounts))).toEqual([]);
    });

    it.each([
        ["DB snapshot", resource(aws.rds.Snapshot, "snap", { dbInstanceIdentifier: "db-1", dbSnapshotIdentifier: "s", sharedAccounts: ["all"] })],
        ["cluster snapshot", resource(aws.rds.ClusterSnapshot, "snap", { dbClusterIdentifier: "c-1", dbClusterSnapshotIdentifier: "s", sharedAccounts: ["all"] })],
        ["DB snapshot copy", resource(aws.rds.SnapshotCopy, "snap", { sourceDbSnapshotIdentifier: "arn:aws:rds:us-east-1:123456789012:snapshot:s", targetDbSnapshotIdentifier: "t", sharedAccounts: ["all"] })],
        [
            "cluster snapshot copy",
            resource(aws.rds.ClusterSnapshotCopy, "snap", { sourceDbClusterSnapshotIdentifier: "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:s", targetDbClusterSnapshotIdentifier: "t", sharedAccounts: ["all"] }),
        ],
    ])("blocks a %s shared with every account", async (kind, subject) => {
        expect(lines(await validateResource(policy, subject))).toEqual([
            `mandatory [HPG-BAK-03] ${kind} 'snap': sharedAccounts includes 'all', so every AWS account can copy and restore its data; ${FIX}`,
        ]);
    });

    it("blocks 'all' beside named accounts, whatever its case", async () => {
        expect(lines(await validateResource(policy, snapshot(["123456789012", " ALL "])))).toEqual([
            `mandatory [HPG-BAK-03] DB snapshot 'snap': sharedAccounts includes 'all', so every AWS account can copy and restore its data; ${FIX}`,
        ]);
    });

    it("can't run during preview while the account list is unknown", async () => {
        expect(lines(await validateResource(policy, snapshot(UNKNOWN.array)))).toEqual([cantRunDuringPreview("hpg-bak-03-snapshots-not-public", "Array value at .sharedAccounts")]);
    });
});
