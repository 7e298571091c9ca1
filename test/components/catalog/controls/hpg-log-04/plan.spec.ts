import { logGroupsDeclared as policy } from "../../../../../components/catalog/controls/hpg-log-04/plan";
import { instance, logGroup } from "../../../../support/policy-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, validateStack } from "../../../../support/policy-harness";

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
});
