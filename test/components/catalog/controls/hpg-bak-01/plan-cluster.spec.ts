import { clusterBackupRetention as policy } from "../../../../../components/catalog/controls/hpg-bak-01/plan-cluster";
import { auroraCluster, clusterInstance, multiAzCluster } from "../../../../support/cluster-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-bak-01-cluster-backup-retention", () => {
    it("passes clusters keeping backups for the minimum, and does not judge members (the cluster keeps the backups)", async () => {
        expect(await validateResource(policy, auroraCluster())).toEqual([]);
        expect(await validateResource(policy, multiAzCluster())).toEqual([]);
        expect(await validateResource(policy, clusterInstance())).toEqual([]);
    });

    it.each([
        ["unset (RDS keeps 1 day)", undefined, "backupRetentionPeriod is not set, so RDS keeps 1 day and the pack requires 7; set backupRetentionPeriod to 7 or more"],
        ["1 day", 1, "backupRetentionPeriod is 1 days and the pack requires 7; set backupRetentionPeriod to 7 or more"],
    ])("blocks an Aurora cluster whose retention is %s", async (_case, backupRetentionPeriod, expected) => {
        expect(lines(await validateResource(policy, auroraCluster({ backupRetentionPeriod, tags: { "data-classification": "confidential" } })))).toEqual([
            `mandatory [HPG-BAK-01] RDS cluster 'cluster': ${expected}`,
        ]);
    });

    it("raises the minimum to the cluster's posture", async () => {
        expect(lines(await validateResource(policy, multiAzCluster({ backupRetentionPeriod: 14, tags: { "compliance-posture": "hipaa", "data-classification": "phi" } })))).toEqual([
            "mandatory [HPG-BAK-01] RDS cluster 'cluster': backupRetentionPeriod is 14 days and the hipaa posture requires 35; set backupRetentionPeriod to 35 or more",
        ]);
    });

    it("takes the pack minimum from its config", async () => {
        expect(lines(await validateResource(policy, auroraCluster({ backupRetentionPeriod: 7 }), { "hpg-bak-01-cluster-backup-retention": { minBackupRetentionDays: 14 } }))).toEqual([
            "mandatory [HPG-BAK-01] RDS cluster 'cluster': backupRetentionPeriod is 7 days and the pack requires 14; set backupRetentionPeriod to 14 or more",
        ]);
    });
});
