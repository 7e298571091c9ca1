import { backupRetention as policy } from "../../../../../components/catalog/controls/hpg-bak-01/plan";
import { instance } from "../../../../support/policy-fixtures";
import { lines, validateResource } from "../../../../support/policy-harness";

const hipaaTags = { "compliance-posture": "hipaa", "data-classification": "phi" };

describe("hpg-bak-01-backup-retention", () => {
    it("passes 7 days for soc2 and 35 days for hipaa", async () => {
        expect(await validateResource(policy, instance({ backupRetentionPeriod: 7 }))).toEqual([]);
        expect(await validateResource(policy, instance({ backupRetentionPeriod: 35, tags: hipaaTags }))).toEqual([]);
    });

    it.each([
        ["fewer days than the pack minimum (untagged)", { backupRetentionPeriod: 3, tags: {} }, "backupRetentionPeriod is 3 days and the pack requires 7; set backupRetentionPeriod to 7 or more"],
        ["fewer days than the soc2 tag requires", { backupRetentionPeriod: 3 }, "backupRetentionPeriod is 3 days and the soc2 posture requires 7; set backupRetentionPeriod to 7 or more"],
        [
            "no retention (its default is unconfirmed: @pulumi/aws says 0, CreateDBInstance 1)",
            { backupRetentionPeriod: undefined, tags: {} },
            "backupRetentionPeriod is not set and the catalog has no confirmed default for it; declare it: set backupRetentionPeriod to 7 or more",
        ],
        ["fewer days than the hipaa tag requires", { backupRetentionPeriod: 14, tags: hipaaTags }, "backupRetentionPeriod is 14 days and the hipaa posture requires 35; set backupRetentionPeriod to 35 or more"],
    ])("blocks %s", async (_case, overrides, expected) => {
        expect(lines(await validateResource(policy, instance(overrides)))).toEqual([`mandatory [HPG-BAK-01] RDS instance 'db': ${expected}`]);
    });

    it("takes its minimum from the policy config", async () => {
        const config = { "hpg-bak-01-backup-retention": { minBackupRetentionDays: 14 } };
        expect(lines(await validateResource(policy, instance({ backupRetentionPeriod: 7 }), config))).toEqual([
            "mandatory [HPG-BAK-01] RDS instance 'db': backupRetentionPeriod is 7 days and the pack requires 14; set backupRetentionPeriod to 14 or more",
        ]);
    });
});

describe("hpg-bak-01-backup-retention with the stack's posture in the pack config", () => {
    const config = { "hpg-bak-01-backup-retention": { posture: "hipaa" } };
    const untagged = (backupRetentionPeriod: number) => instance({ backupRetentionPeriod, tags: { "data-classification": "phi" } });

    it("applies the configured posture to an instance without a posture tag: no tag is needed", async () => {
        expect(await validateResource(policy, untagged(35), config)).toEqual([]);
        expect(lines(await validateResource(policy, untagged(14), config))).toEqual([
            "mandatory [HPG-BAK-01] RDS instance 'db': backupRetentionPeriod is 14 days and the stack's hipaa posture (pack config) requires 35; set backupRetentionPeriod to 35 or more",
        ]);
    });

    it("lets a compliance-posture tag override the configured posture", async () => {
        const soc2 = instance({ backupRetentionPeriod: 7, tags: { "compliance-posture": "soc2", "data-classification": "confidential" } });
        expect(await validateResource(policy, soc2, config)).toEqual([]);
    });
});

describe("hpg-bak-01-backup-retention with a pack minimum of 1 day", () => {
    it("blocks an unset retention even then, asking for it to be declared instead of assuming a default no source confirms", async () => {
        const config = { "hpg-bak-01-backup-retention": { minBackupRetentionDays: 1 } };
        const untagged = instance({ backupRetentionPeriod: undefined, tags: { "data-classification": "confidential" } });
        expect(lines(await validateResource(policy, untagged, config))).toEqual([
            "mandatory [HPG-BAK-01] RDS instance 'db': backupRetentionPeriod is not set and the catalog has no confirmed default for it; declare it: set backupRetentionPeriod to 1 or more",
        ]);
        expect(await validateResource(policy, instance({ backupRetentionPeriod: 1, tags: { "data-classification": "confidential" } }), config)).toEqual([]);
    });

    it("does not judge a read replica: RDS for PostgreSQL replicas keep no automated backups, the source's retention is judged", async () => {
        expect(await validateResource(policy, instance({ replicateSourceDb: "db-0", backupRetentionPeriod: undefined, tags: hipaaTags }))).toEqual([]);
    });
});
