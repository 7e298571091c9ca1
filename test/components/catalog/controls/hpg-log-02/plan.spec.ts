import { logRetention as policy } from "../../../../../components/catalog/controls/hpg-log-02/plan";
import { logGroup } from "../../../../support/policy-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-log-02-log-retention", () => {
    it.each([365, 731, 0, undefined])("passes retentionInDays %s (0 or unset never expires)", async (days) => {
        expect(await validateResource(policy, logGroup("postgresql", { retentionInDays: days }))).toEqual([]);
    });

    it("blocks a database log group kept less than a year", async () => {
        expect(lines(await validateResource(policy, logGroup("postgresql", { retentionInDays: 30 })))).toEqual([
            "mandatory [HPG-LOG-02] log group 'db-log-postgresql': retentionInDays is 30; set retentionInDays to 365 or more (or 0 to never expire)",
        ]);
    });

    it("judges namePrefix groups under /aws/rds/, and leaves other log groups alone", async () => {
        expect(lines(await validateResource(policy, logGroup("postgresql", { name: undefined, namePrefix: "/aws/rds/proxy/", retentionInDays: 7 })))).toHaveLength(1);
        expect(await validateResource(policy, logGroup("postgresql", { name: "/aws/lambda/fn", retentionInDays: 7 }))).toEqual([]);
    });

    it("takes its minimum and prefixes from the policy config", async () => {
        const config = { "hpg-log-02-log-retention": { minLogRetentionDays: 731, logGroupPrefixes: ["/db/"] } };
        expect(await validateResource(policy, logGroup("postgresql", { retentionInDays: 365 }), config)).toEqual([]);
        expect(lines(await validateResource(policy, logGroup("postgresql", { name: "/db/audit", retentionInDays: 365 }), config))).toEqual([
            "mandatory [HPG-LOG-02] log group 'db-log-postgresql': retentionInDays is 365; set retentionInDays to 731 or more (or 0 to never expire)",
        ]);
    });

    it("can't run during preview while the group's name is unknown", async () => {
        expect(lines(await validateResource(policy, logGroup("postgresql", { name: UNKNOWN.string })))).toEqual([
            cantRunDuringPreview("hpg-log-02-log-retention", "string value at .name"),
        ]);
    });
});
