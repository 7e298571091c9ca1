import { logGroupsDeclared as policy } from "../../../../../components/catalog/controls/hpg-log-04/plan";
import * as aws from "@pulumi/aws";
import { AnalyzedResource } from "../../../../../policies/offline-check/evaluate";
import { KEY_ARN, instance, logGroup } from "../../../../support/policy-fixtures";
import { ResourceExtras, UNKNOWN, cantRunDuringPreview, lines, resource, validateStack } from "../../../../support/policy-harness";

describe("hpg-log-04-log-groups-declared", () => {
    const postgresLogs = logGroup("postgresql");
    const upgradeLogs = logGroup("upgrade");

    it("passes when every exported log type's group is declared and created first", async () => {
        expect(await validateStack(policy, [postgresLogs, upgradeLogs, instance({}, { dependsOn: [postgresLogs, upgradeLogs] })])).toEqual([]);
    });

    it("blocks an exported log type whose group the stack doesn't declare", async () => {
        expect(lines(await validateStack(policy, [postgresLogs, instance({}, { dependsOn: [postgresLogs] })]))).toEqual([
            "mandatory [HPG-LOG-04] RDS instance 'db': exports 'upgrade' logs but log group '/aws/rds/instance/db-1/upgrade' is not declared in this stack, so RDS creates it never-expiring and unencrypted; declare aws.cloudwatch.LogGroup '/aws/rds/instance/db-1/upgrade' (retention and kmsKeyId set) and make the instance depend on it",
        ]);
    });

    it("blocks a declared group the instance doesn't depend on", async () => {
        expect(lines(await validateStack(policy, [postgresLogs, upgradeLogs, instance({}, { dependsOn: [postgresLogs] })]))).toEqual([
            "mandatory [HPG-LOG-04] RDS instance 'db': does not depend on log group '/aws/rds/instance/db-1/upgrade', so RDS may create the group first; add the log group to the instance's dependsOn",
        ]);
    });

    it("blocks an instance without identifier", async () => {
        expect(lines(await validateStack(policy, [instance({ identifier: undefined })]))).toEqual([
            "mandatory [HPG-LOG-04] RDS instance 'db': identifier is not set, so its log group names are not known before RDS creates them; set identifier and declare its log groups",
        ]);
    });

    it("reports a reported group that matches the name but not the identifier's case as missing", async () => {
        expect(lines(await validateStack(policy, [logGroup("postgresql", { name: "/aws/rds/instance/DB-1/postgresql" }), upgradeLogs, instance({}, { dependsOn: [upgradeLogs] })]))).toHaveLength(1);
    });

    it("can't run during preview while a log group's name is unknown, and judges it in the update", async () => {
        const unknownName = logGroup("postgresql", { name: UNKNOWN.string });
        expect(lines(await validateStack(policy, [unknownName, upgradeLogs, instance({}, { dependsOn: [unknownName, upgradeLogs] })]))).toEqual([
            cantRunDuringPreview("hpg-log-04-log-groups-declared", "string value at .name"),
        ]);
        expect(await validateStack(policy, [postgresLogs, upgradeLogs, instance({}, { dependsOn: [postgresLogs, upgradeLogs] })])).toEqual([]);
    });

    it("leaves an Aurora member's logs to its cluster (CreateDBInstance EnableCloudwatchLogsExports doesn't apply to it)", async () => {
        expect(await validateStack(policy, [instance({ engine: "aurora-postgresql" })])).toEqual([]);
    });

    it("judges an instance whose engine is spelt 'Postgres'", async () => {
        expect(lines(await validateStack(policy, [postgresLogs, instance({ engine: "Postgres" }, { dependsOn: [postgresLogs] })]))).toHaveLength(1);
    });

    describe("in the instance's region", () => {
        /** An aws provider; without `region` it takes the environment's (AWS_REGION), which the pack can't see. */
        const provider = (name: string, region?: string) => resource("pulumi:providers:aws", name, region !== undefined ? { region } : {});
        const east = provider("east", "us-east-1");
        const west = provider("west", "us-west-2");
        const fromEnvironment = provider("default");
        /** A compliant `type` log group for db-1, with its own region or provider. */
        const group = (type: string, region: string | undefined, extras: ResourceExtras = {}): AnalyzedResource =>
            resource(aws.cloudwatch.LogGroup, `db-log-${type}`, { name: `/aws/rds/instance/db-1/${type}`, retentionInDays: 365, kmsKeyId: KEY_ARN, ...(region !== undefined ? { region } : {}) }, extras);
        const stack = (groups: AnalyzedResource[], instanceRegion: string | undefined, extras: ResourceExtras = {}) => [
            ...groups,
            instance(instanceRegion !== undefined ? { region: instanceRegion } : {}, { dependsOn: groups, ...extras }),
        ];
        const located = async (resources: AnalyzedResource[]) => (await validateStack(policy, resources)).map((d) => [d.urn, d.enforcementLevel, d.message]);

        it.each([
            ["both name the same region", [group("postgresql", "us-west-2"), group("upgrade", "us-west-2")], "us-west-2", {}],
            ["the groups' provider is in the instance's region", [group("postgresql", undefined, { provider: west }), group("upgrade", undefined, { provider: west })], "us-west-2", {}],
            ["the instance's provider is in the groups' region", [group("postgresql", "us-east-1"), group("upgrade", "us-east-1")], undefined, { provider: east }],
            ["all use one provider whose region the environment decides", [group("postgresql", undefined, { provider: fromEnvironment }), group("upgrade", undefined, { provider: fromEnvironment })], undefined, { provider: fromEnvironment }],
        ])("passes when %s", async (_case, groups, instanceRegion, extras) => {
            expect(await validateStack(policy, stack(groups, instanceRegion, extras))).toEqual([]);
        });

        it("passes a stack with one group of that name per region, the instance depending on its own region's", async () => {
            const eastLogs = ["postgresql", "upgrade"].map((type) =>
                resource(aws.cloudwatch.LogGroup, `east-log-${type}`, { name: `/aws/rds/instance/db-1/${type}`, retentionInDays: 365, kmsKeyId: KEY_ARN, region: "us-east-1" }),
            );
            const westLogs = [group("postgresql", "us-west-2"), group("upgrade", "us-west-2")];
            expect(await validateStack(policy, [...eastLogs, ...stack(westLogs, "us-west-2")])).toEqual([]);
        });

        const created = "so RDS creates its own group there, never-expiring and unencrypted";

        it.each([
            ["its own region argument", group("postgresql", "us-east-1")],
            ["its provider", group("postgresql", undefined, { provider: east })],
        ])("blocks a log group in another region through %s", async (_case, wrong) => {
            const upgrade = group("upgrade", "us-west-2");
            expect(await located(stack([wrong, upgrade], "us-west-2"))).toEqual([
                [
                    wrong.urn,
                    "mandatory",
                    `[HPG-LOG-04] log group 'db-log-postgresql': is in us-east-1 but RDS instance 'db', which exports to '/aws/rds/instance/db-1/postgresql', is in us-west-2, ${created}; declare the log group in us-west-2 (its region argument, or the instance's provider)`,
                ],
            ]);
        });

        it("blocks a log group whose region the pack can't see while the instance names one", async () => {
            const unseen = group("postgresql", undefined, { provider: fromEnvironment });
            const upgrade = group("upgrade", "us-west-2");
            expect(await located(stack([unseen, upgrade], "us-west-2"))).toEqual([
                [
                    unseen.urn,
                    "mandatory",
                    "[HPG-LOG-04] log group 'db-log-postgresql': is in the region its provider takes from the environment (which the pack can't see) but RDS instance 'db', which exports to '/aws/rds/instance/db-1/postgresql', is in us-west-2, so RDS may create its own group there, never-expiring and unencrypted; declare the log group in us-west-2 (its region argument, or the instance's provider)",
                ],
            ]);
        });

        it("takes a region unknown during preview as its provider's", async () => {
            const groups = [group("postgresql", UNKNOWN.string, { provider: west }), group("upgrade", UNKNOWN.string, { provider: west })];
            expect(await validateStack(policy, stack(groups, undefined, { provider: west }))).toEqual([]);
        });
    });
});
