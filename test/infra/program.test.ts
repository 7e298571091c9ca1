import * as pulumi from "@pulumi/pulumi";
import { POSTURE_PROFILES, Posture } from "../../components/catalog";
import * as validate from "../../components/hardened-postgres/validate";
import { createStack } from "../../infra/program/program";
import { stackFiles } from "../../infra/program/stack-files";
import { loadStackConfig } from "../../policies/offline-check/stack-files";
import { PulumiRecorder, valueOf } from "../support/pulumi-mocks";

const recorder = new PulumiRecorder();

/** Runs the stack program under mocks with `config` as the stack's configuration. */
async function runStack(stack: string, config: Record<string, string>) {
    recorder.resources.length = 0;
    recorder.install(stack);
    pulumi.runtime.setAllConfig(config);
    const outputs = createStack();
    await valueOf(outputs.endpoint);
    await recorder.settle();
    return outputs;
}

/**
 * What a stack's own config implies: its value where it sets one, else the posture's floor from the catalog (or the
 * component's fixed default). A stack a user adds is judged by what it says, not by the shipped stacks' choices.
 */
function implied(stack: string, config: Record<string, string>) {
    const get = (key: string): string | undefined => config[`hardened-postgres:${key}`];
    const parsed = <T>(key: string, otherwise: T): T => (get(key) === undefined ? otherwise : (JSON.parse(get(key)!) as T));
    const posture = (get("posture") ?? "soc2") as Posture;
    const profile = POSTURE_PROFILES[posture];
    return {
        posture,
        identifier: get("identifier") ?? `hpg-${stack}`,
        instanceClass: get("instanceClass") ?? "db.t4g.medium",
        multiAz: parsed("multiAz", profile.multiAzRequired),
        backupRetentionPeriod: parsed("backupRetentionDays", profile.minBackupRetentionDays),
        deletionProtection: parsed("deletionProtection", true),
        logRetentionInDays: parsed("logRetentionInDays", profile.minLogRetentionDays),
    };
}

const NETWORK = {
    "hardened-postgres:vpcId": "vpc-1",
    "hardened-postgres:subnetIds": '["subnet-a","subnet-b"]',
    "hardened-postgres:allowedSecurityGroupIds": '["sg-1"]',
};

const files = stackFiles();
/** The shipped stacks, and one a user might add: soc2 with longer backups, a standby and their own identifier. */
const stacks = [
    ...files.map(({ stack, file }) => ({ stack, config: loadStackConfig(file) })),
    {
        stack: "user-soc2",
        config: {
            ...NETWORK,
            "hardened-postgres:posture": "soc2",
            "hardened-postgres:backupRetentionDays": "30",
            "hardened-postgres:multiAz": "true",
            "hardened-postgres:identifier": "orders-prod",
            "hardened-postgres:logRetentionInDays": "1096",
        },
    },
];

describe("stacks/", () => {
    it("holds dev and prod-hipaa", () => {
        expect(files.map((f) => f.stack)).toEqual(expect.arrayContaining(["dev", "prod-hipaa"]));
    });

    it.each(stacks)("stack $stack runs under mocks and builds the hardened database its config describes", async ({ stack, config }) => {
        const outputs = await runStack(stack, config);
        const expected = implied(stack, config);
        const instance = recorder.ofType("aws:rds/instance:Instance");
        expect(instance).toHaveLength(1);
        expect(instance[0].inputs).toMatchObject({
            identifier: expected.identifier,
            storageEncrypted: true,
            publiclyAccessible: false,
            manageMasterUserPassword: true,
            deletionProtection: expected.deletionProtection,
            multiAz: expected.multiAz,
            backupRetentionPeriod: expected.backupRetentionPeriod,
            instanceClass: expected.instanceClass,
            tags: expect.objectContaining({ "compliance-posture": expected.posture }),
        });
        const logGroups = recorder.ofType("aws:cloudwatch/logGroup:LogGroup").filter((g) => g.inputs.name.startsWith("/aws/rds/"));
        expect(logGroups.map((g) => g.inputs.name)).toEqual([`/aws/rds/instance/${expected.identifier}/postgresql`, `/aws/rds/instance/${expected.identifier}/upgrade`]);
        expect(logGroups.map((g) => g.inputs.retentionInDays)).toEqual([expected.logRetentionInDays, expected.logRetentionInDays]);
        // The audit archive's delivery errors have a group of their own, kept as long (issue 13).
        const deliveryErrors = recorder.ofType("aws:cloudwatch/logGroup:LogGroup").filter((g) => g.inputs.name === `/aws/kinesisfirehose/${expected.identifier}-audit`);
        expect(deliveryErrors.map((g) => g.inputs.retentionInDays)).toEqual([expected.logRetentionInDays]);
        expect(outputs.posture).toBe(expected.posture);
        expect(await valueOf(outputs.identifier)).toBe(expected.identifier);
    });

    it("dev is soc2, single-AZ, a small class; prod-hipaa is hipaa, multi-AZ, TLS 1.3", async () => {
        await runStack("dev", loadStackConfig(files.find((f) => f.stack === "dev")!.file));
        expect(recorder.ofType("aws:rds/instance:Instance")[0].inputs).toMatchObject({ multiAz: false, instanceClass: "db.t4g.medium", backupRetentionPeriod: 7 });

        await runStack("prod-hipaa", loadStackConfig(files.find((f) => f.stack === "prod-hipaa")!.file));
        expect(recorder.ofType("aws:rds/instance:Instance")[0].inputs).toMatchObject({ multiAz: true, backupRetentionPeriod: 35 });
        expect(recorder.ofType("aws:rds/parameterGroup:ParameterGroup")[0].inputs.parameters).toContainEqual({ name: "ssl_min_protocol_version", value: "TLSv1.3", applyMethod: "immediate" });
        expect(recorder.ofType("aws:cloudwatch/logGroup:LogGroup")[0].inputs.retentionInDays).toBe(731);
    });
});

describe("stack config errors", () => {
    async function errorOf(config: Record<string, string>): Promise<string> {
        try {
            await runStack("broken", config);
        } catch (e) {
            return (e as Error).message;
        }
        throw new Error("expected the stack to fail");
    }

    it("names unknown keys and values of the wrong shape, and registers nothing", async () => {
        const message = await errorOf({
            "hardened-postgres:subnetIds": "subnet-a",
            "hardened-postgres:multiAz": "yes please",
            "hardened-postgres:tags": '["team"]',
            "hardened-postgres:backupRetentionDay": "7",
        });
        expect(message).toBe(
            [
                "invalid stack configuration:",
                "  [hardened-postgres:subnetIds] 'subnet-a' is not structured YAML (a list or a map)",
                "  [hardened-postgres:multiAz] 'yes please' is not true or false",
                `  [hardened-postgres:tags] '["team"]' is not a map`,
                "  [hardened-postgres:backupRetentionDay] is not a known key; allowed: posture, identifier, engineVersion, allowMajorVersionUpgrade, autoMinorVersionUpgrade, instanceClass, allocatedStorage, maxAllocatedStorage, dbName, masterUsername, vpcId, subnetIds, allowedSecurityGroupIds, allowedCidrBlocks, kmsKeyArn, keyUserArns, enhancedMonitoringLogGroup, logRetentionInDays, backupRetentionDays, multiAz, deletionProtection, performanceInsights, performanceInsightsRetentionDays, monitoringInterval, caCertIdentifier, dataClassification, parameters, optOuts, applyImmediately, tags, auditTrail",
            ].join("\n"),
        );
        expect(recorder.resources).toEqual([]);
    });

    it.each(["hardenedpostgres", "hardened_postgres", "Hardened-Postgres", "hardend-postgres"])(
        "refuses the look-alike namespace %s instead of silently deploying the defaults",
        async (namespace) => {
            const message = await errorOf({ ...NETWORK, [`${namespace}:posture`]: "hipaa" });
            expect(message).toBe(
                ["invalid stack configuration:", `  [${namespace}:posture] is in namespace '${namespace}', which this program does not read; allowed: hardened-postgres:posture`].join("\n"),
            );
            expect(recorder.resources).toEqual([]);
        },
    );

    it("leaves other providers' namespaces alone", async () => {
        await runStack("dev", { ...NETWORK, "aws:region": "us-east-1", "postgresql:sslmode": "verify-full" });
        expect(recorder.resources.length).toBeGreaterThan(0);
    });

    it("says an invalid identifier was derived from the stack name, and how to fix it", async () => {
        let message = "";
        try {
            await runStack("Prod", NETWORK);
        } catch (e) {
            message = (e as Error).message;
        }
        expect(message).toContain("(derived from the stack name 'Prod' as 'hpg-<stack>'; set hardened-postgres:identifier, or use a stack name of lowercase letters, digits and hyphens)");
        expect(message.split("\n")[1]).toMatch(/^  \[identifier\] 'hpg-Prod' /);
    });

    it("reports the component's problems as config problems, a renamed opt-out and a missing key among them, and registers nothing", async () => {
        const message = await errorOf({
            "hardened-postgres:subnetIds": '["subnet-a","subnet-b"]',
            "hardened-postgres:allowedSecurityGroupIds": '["sg-1"]',
            "hardened-postgres:posture": "hipaa",
            "hardened-postgres:multiAz": "false",
            "hardened-postgres:backupRetentionDays": "7",
            "hardened-postgres:optOuts": '{"retainOnDelete":"staging"}',
        });
        expect(message).toBe(
            [
                "invalid stack configuration (keys are hardened-postgres:<field>):",
                "  [optOuts.retainOnDelete] 'staging': this opt-out was renamed to deleteKeyAndLogsWithStack (the KMS key and the log groups are deleted with the stack instead of retained); write optOuts.deleteKeyAndLogsWithStack instead; allowed: auditArchive, singleAz, deletionProtection, deleteKeyAndLogsWithStack, performanceInsights, enhancedMonitoring, auditAlarms, autoMinorVersionUpgrade",
                "  [vpcId] is missing; allowed: the id of the VPC holding subnetIds",
                "  [backupRetentionDays] 7 is out of range for posture 'hipaa' (HPG-BAK-01); allowed: whole days from 35 to 35",
                "  [multiAz] false is not allowed in posture 'hipaa', which requires a standby (HPG-AVL-01); set optOuts.singleAz to the reason to accept this",
            ].join("\n"),
        );
        expect(recorder.resources).toEqual([]);
    });

    it("validates the config once: the component's validation is the only one", async () => {
        const calls = jest.spyOn(validate, "validateHardenedPostgresArgs");
        try {
            await runStack("staging", { ...NETWORK, "hardened-postgres:backupRetentionDays": "14" });
            expect(calls).toHaveBeenCalledTimes(1);
            await errorOf({ ...NETWORK, "hardened-postgres:backupRetentionDays": "3" });
            expect(calls).toHaveBeenCalledTimes(2);
        } finally {
            calls.mockRestore();
        }
    });

    it("accepts an opt-out given in config", async () => {
        await runStack("staging", { ...NETWORK, "hardened-postgres:posture": "hipaa", "hardened-postgres:multiAz": "false", "hardened-postgres:optOuts": '{"singleAz":"staging has no PHI"}' });
        expect(recorder.ofType("aws:rds/instance:Instance")[0].inputs.tags["hpg-opt-outs"]).toBe("singleAz");
    });
});
