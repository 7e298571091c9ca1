import { logRetention as policy } from "../../../../../components/catalog/controls/hpg-log-02/plan";
import { logGroup } from "../../../../support/policy-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, validateResource } from "../../../../support/policy-harness";

describe("hpg-log-02-log-retention", () => {
    it.each([365, 400, 545, 731, 3653, 0])("passes retentionInDays %s (0 never expires)", async (days) => {
        expect(await validateResource(policy, logGroup("postgresql", { retentionInDays: days }))).toEqual([]);
    });

    it("blocks an unset retention: no source the catalog found states what CloudWatch Logs keeps then", async () => {
        expect(lines(await validateResource(policy, logGroup("postgresql", { retentionInDays: undefined })))).toEqual([
            "mandatory [HPG-LOG-02] log group 'db-log-postgresql': retentionInDays is not set and the catalog has no confirmed default for it; declare it: set retentionInDays to 365 or more (or 0 to never expire)",
        ]);
    });

    it("blocks a database log group kept less than a year", async () => {
        expect(lines(await validateResource(policy, logGroup("postgresql", { retentionInDays: 30 })))).toEqual([
            "mandatory [HPG-LOG-02] log group 'db-log-postgresql': retentionInDays is 30; set retentionInDays to 365 or more (or 0 to never expire)",
        ]);
    });

    const ACCEPTED = "365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";

    it.each([
        ["above the minimum", 500],
        ["between two accepted values", 366],
        ["below the minimum", 100],
        ["negative", -1],
    ])("blocks a retention CloudWatch Logs does not accept: %s (%s)", async (_case, days) => {
        expect(lines(await validateResource(policy, logGroup("postgresql", { retentionInDays: days })))).toEqual([
            `mandatory [HPG-LOG-02] log group 'db-log-postgresql': retentionInDays is ${days}, which CloudWatch Logs does not accept; set retentionInDays to one of ${ACCEPTED} (or 0 to never expire)`,
        ]);
    });

    it("names the accepted values at or above a configured minimum", async () => {
        const config = { "hpg-log-02-log-retention": { minLogRetentionDays: 1000 } };
        expect(lines(await validateResource(policy, logGroup("postgresql", { retentionInDays: 1000 }), config))).toEqual([
            "mandatory [HPG-LOG-02] log group 'db-log-postgresql': retentionInDays is 1000, which CloudWatch Logs does not accept; set retentionInDays to one of 1096, 1827, 2192, 2557, 2922, 3288, 3653 (or 0 to never expire)",
        ]);
        const beyond = { "hpg-log-02-log-retention": { minLogRetentionDays: 4000 } };
        expect(lines(await validateResource(policy, logGroup("postgresql", { retentionInDays: 4000 }), beyond))).toEqual([
            "mandatory [HPG-LOG-02] log group 'db-log-postgresql': retentionInDays is 4000, which CloudWatch Logs does not accept; set retentionInDays to 0 (never expire)",
        ]);
    });

    // RDSOSMetrics is one account-wide group outside /aws/rds/: whichever stack declares it is judged like the instances' groups.
    it("passes the account's Enhanced Monitoring group (RDSOSMetrics) kept a year", async () => {
        expect(await validateResource(policy, logGroup("os-metrics", { name: "RDSOSMetrics", retentionInDays: 365 }))).toEqual([]);
    });

    it("blocks the Enhanced Monitoring group kept less than a year, or with a retention CloudWatch Logs does not accept", async () => {
        expect(lines(await validateResource(policy, logGroup("os-metrics", { name: "RDSOSMetrics", retentionInDays: 30 })))).toEqual([
            "mandatory [HPG-LOG-02] log group 'db-log-os-metrics': retentionInDays is 30; set retentionInDays to 365 or more (or 0 to never expire)",
        ]);
        expect(lines(await validateResource(policy, logGroup("os-metrics", { name: "RDSOSMetrics", retentionInDays: 500 })))).toEqual([
            `mandatory [HPG-LOG-02] log group 'db-log-os-metrics': retentionInDays is 500, which CloudWatch Logs does not accept; set retentionInDays to one of ${ACCEPTED} (or 0 to never expire)`,
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
