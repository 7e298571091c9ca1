import * as pulumi from "@pulumi/pulumi";
import { createStack } from "../../infra/program/program";
import { loadStackConfig } from "../../policies/offline-check/stack-files";
import { stackFiles } from "../../infra/program/stack-files";
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

const files = stackFiles();

describe("stacks/", () => {
    it("holds dev and prod-hipaa", () => {
        expect(files.map((f) => f.stack)).toEqual(expect.arrayContaining(["dev", "prod-hipaa"]));
    });

    it.each(files)("stack $stack runs under mocks and builds a hardened database", async ({ stack, file }) => {
        const config = loadStackConfig(file);
        const outputs = await runStack(stack, config);
        const posture = config["hardened-postgres:posture"];
        const instance = recorder.ofType("aws:rds/instance:Instance");
        expect(instance).toHaveLength(1);
        expect(instance[0].inputs).toMatchObject({
            identifier: `hpg-${stack}`,
            storageEncrypted: true,
            publiclyAccessible: false,
            manageMasterUserPassword: true,
            deletionProtection: true,
            multiAz: posture !== "soc2",
            backupRetentionPeriod: posture === "soc2" ? 7 : 35,
            instanceClass: config["hardened-postgres:instanceClass"],
            tags: expect.objectContaining({ "compliance-posture": posture }),
        });
        expect(recorder.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => g.inputs.name)).toEqual([
            `/aws/rds/instance/hpg-${stack}/postgresql`,
            `/aws/rds/instance/hpg-${stack}/upgrade`,
        ]);
        expect(outputs.posture).toBe(posture);
        expect(await valueOf(outputs.identifier)).toBe(`hpg-${stack}`);
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
    const valid = { "hardened-postgres:vpcId": "vpc-1", "hardened-postgres:subnetIds": '["subnet-a","subnet-b"]', "hardened-postgres:allowedSecurityGroupIds": '["sg-1"]' };

    async function errorOf(config: Record<string, string>): Promise<string> {
        try {
            await runStack("broken", config);
        } catch (e) {
            return (e as Error).message;
        }
        throw new Error("expected the stack to fail");
    }

    it("names unknown keys, wrong types and missing required keys, and registers nothing", async () => {
        const message = await errorOf({
            "hardened-postgres:subnetIds": "subnet-a",
            "hardened-postgres:multiAz": "yes please",
            "hardened-postgres:backupRetentionDay": "7",
        });
        expect(message).toBe(
            [
                "invalid stack configuration:",
                "  [hardened-postgres:subnetIds] 'subnet-a' is not structured YAML (a list or a map)",
                "  [hardened-postgres:multiAz] 'yes please' is not true or false",
                "  [hardened-postgres:backupRetentionDay] is not a known key; allowed: posture, identifier, engineVersion, allowMajorVersionUpgrade, instanceClass, allocatedStorage, maxAllocatedStorage, dbName, masterUsername, vpcId, subnetIds, allowedSecurityGroupIds, allowedCidrBlocks, kmsKeyArn, logRetentionInDays, backupRetentionDays, multiAz, deletionProtection, performanceInsights, performanceInsightsRetentionDays, monitoringInterval, caCertIdentifier, dataClassification, parameters, optOuts, applyImmediately, tags",
                "  [hardened-postgres:vpcId] is required: the id of the VPC holding the database subnets",
            ].join("\n"),
        );
        expect(recorder.resources).toEqual([]);
    });

    it("reports component validation errors before registering anything", async () => {
        const message = await errorOf({ ...valid, "hardened-postgres:posture": "hipaa", "hardened-postgres:multiAz": "false", "hardened-postgres:backupRetentionDays": "7" });
        expect(message).toBe(
            [
                "invalid stack configuration (keys are hardened-postgres:<field>):",
                "  [backupRetentionDays] 7 is out of range for posture 'hipaa' (HPG-BAK-01); allowed: whole days from 35 to 35",
                "  [multiAz] false is not allowed in posture 'hipaa', which requires a standby (HPG-AVL-01); set optOuts.singleAz to the reason to accept this",
            ].join("\n"),
        );
        expect(recorder.resources).toEqual([]);
    });

    it("accepts an opt-out given in config", async () => {
        await runStack("staging", { ...valid, "hardened-postgres:posture": "hipaa", "hardened-postgres:multiAz": "false", "hardened-postgres:optOuts": '{"singleAz":"staging has no PHI"}' });
        expect(recorder.ofType("aws:rds/instance:Instance")[0].inputs.tags["hpg-opt-outs"]).toBe("singleAz");
    });
});
