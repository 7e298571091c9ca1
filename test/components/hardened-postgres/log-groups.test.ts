import * as pulumi from "@pulumi/pulumi";
import { createEnhancedMonitoringLogGroup, createLogGroups, LogGroupSettings } from "../../../components/hardened-postgres/log-groups";
import { PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const settings = (identifier: string, more: Partial<LogGroupSettings> = {}): LogGroupSettings => ({
    identifier,
    logRetentionInDays: 731,
    deletionProtection: true,
    retainOnDelete: true,
    tags: {},
    dataClassification: "pci",
    posture: "pci",
    optOuts: {},
    ...more,
});
const TAGS = { "data-classification": "pci", "compliance-posture": "pci", "managed-by": "hardened-postgres" };

async function build(name: string, more: Partial<LogGroupSettings> = {}) {
    const parent = new pulumi.ComponentResource("test:index:Parent", name, {}, { transformations: [recorder.captureOptions] });
    const groups = createLogGroups(name, settings(`${name}-db`, more), KEY_ARN, parent);
    await valueOf(pulumi.all(groups.map((g) => g.id)));
    await recorder.settle();
    return groups;
}

describe("createLogGroups", () => {
    it("creates one encrypted, retained group per exported log type, named where RDS writes (HPG-LOG-04)", async () => {
        const groups = await build("orders");
        expect(await valueOf(pulumi.all(groups.map((g) => g.name)))).toEqual(["/aws/rds/instance/orders-db/postgresql", "/aws/rds/instance/orders-db/upgrade"]);
        for (const logType of ["postgresql", "upgrade"]) {
            const group = recorder.one("aws:cloudwatch/logGroup:LogGroup", `orders-log-${logType}`);
            expect(group.inputs).toEqual({
                name: `/aws/rds/instance/orders-db/${logType}`,
                retentionInDays: 731,
                kmsKeyId: KEY_ARN,
                deletionProtectionEnabled: true,
                tags: TAGS,
            });
            expect(group.opts?.retainOnDelete).toBe(true);
        }
    });

    it("keeps never-expire (0) as given, and follows deletionProtection and retainOnDelete when they are opted out", async () => {
        await build("ephemeral", { logRetentionInDays: 0, deletionProtection: false, retainOnDelete: false });
        const group = recorder.one("aws:cloudwatch/logGroup:LogGroup", "ephemeral-log-postgresql");
        expect(group.inputs).toMatchObject({ retentionInDays: 0, deletionProtectionEnabled: false });
        expect(group.opts?.retainOnDelete).toBe(false);
    });
});

describe("createEnhancedMonitoringLogGroup", () => {
    it("declares the account's RDSOSMetrics group encrypted with the given key and retained like the instance's groups", async () => {
        const parent = new pulumi.ComponentResource("test:index:Parent", "shared", {}, { transformations: [recorder.captureOptions] });
        const group = createEnhancedMonitoringLogGroup("shared", settings("unused"), KEY_ARN, { parent });
        await valueOf(group.id);
        await recorder.settle();
        const recorded = recorder.one("aws:cloudwatch/logGroup:LogGroup", "shared-log-os-metrics");
        expect(recorded.inputs).toEqual({ name: "RDSOSMetrics", retentionInDays: 731, kmsKeyId: KEY_ARN, deletionProtectionEnabled: true, tags: TAGS });
        expect(recorded.opts?.retainOnDelete).toBe(true);
    });
});
