import * as pulumi from "@pulumi/pulumi";
import { createInstance, InstanceDependencies, InstanceSettings } from "../../../components/hardened-postgres/instance";
import { PulumiRecorder, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const settings = (identifier: string, more: Partial<InstanceSettings> = {}): InstanceSettings => ({
    identifier,
    engineVersion: "17",
    allowMajorVersionUpgrade: false,
    autoMinorVersionUpgrade: true,
    instanceClass: "db.r7g.large",
    allocatedStorage: 100,
    maxAllocatedStorage: 500,
    dbName: "payments",
    masterUsername: "pay_admin",
    caCertIdentifier: "rds-ca-ecc384-g1",
    multiAz: true,
    backupRetentionDays: 35,
    deletionProtection: true,
    performanceInsights: true,
    performanceInsightsRetentionDays: 731,
    monitoringInterval: 30,
    applyImmediately: false,
    tags: {},
    dataClassification: "pci",
    posture: "pci",
    optOuts: {},
    ...more,
});

async function build(name: string, more: Partial<InstanceSettings>, deps: Partial<InstanceDependencies> = {}) {
    const parent = new pulumi.ComponentResource("test:index:Parent", name, {}, { transformations: [recorder.captureOptions] });
    const first = new pulumi.ComponentResource("test:index:CreatedFirst", `${name}-first`, {}, { parent });
    const instance = createInstance(
        name,
        settings(`${name}-db`, more),
        {
            keyArn: KEY_ARN,
            parameterGroupName: `${name}-db-postgres17`,
            subnetGroupName: `${name}-db-subnets`,
            securityGroupId: "sg-db",
            monitoringRoleArn: `arn:aws:iam::123456789012:role/${name}-monitoring`,
            dependsOn: [first],
            ...deps,
        },
        parent,
    );
    await valueOf(instance.address);
    await recorder.settle();
    return { instance, first, recorded: recorder.one("aws:rds/instance:Instance", `${name}-instance`) };
}

describe("createInstance", () => {
    it("carries every control that lives on the instance, with the customer-managed key for storage, secret and Performance Insights", async () => {
        const { recorded, first } = await build("payments", {});
        expect(recorded.inputs).toEqual({
            identifier: "payments-db",
            engine: "postgres",
            engineVersion: "17",
            allowMajorVersionUpgrade: false,
            autoMinorVersionUpgrade: true,
            instanceClass: "db.r7g.large",
            allocatedStorage: 100,
            maxAllocatedStorage: 500,
            storageType: "gp3",
            storageEncrypted: true,
            kmsKeyId: KEY_ARN,
            dbName: "payments",
            username: "pay_admin",
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: KEY_ARN,
            iamDatabaseAuthenticationEnabled: true,
            publiclyAccessible: false,
            dbSubnetGroupName: "payments-db-subnets",
            vpcSecurityGroupIds: ["sg-db"],
            parameterGroupName: "payments-db-postgres17",
            caCertIdentifier: "rds-ca-ecc384-g1",
            multiAz: true,
            backupRetentionPeriod: 35,
            copyTagsToSnapshot: true,
            deletionProtection: true,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: "payments-db-final-07070707",
            enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: KEY_ARN,
            performanceInsightsRetentionPeriod: 731,
            monitoringInterval: 30,
            monitoringRoleArn: "arn:aws:iam::123456789012:role/payments-monitoring",
            applyImmediately: false,
            tags: { "data-classification": "pci", "compliance-posture": "pci", "managed-by": "hardened-postgres" },
        });
        expect(recorded.opts?.protect).toBe(true);
        expect(recorded.opts?.dependsOn).toEqual([first]);
    });

    it("leaves out the Performance Insights key and the monitoring role when those are off, and drops protect with deletion protection", async () => {
        const { recorded } = await build("ephemeral", { performanceInsights: false, monitoringInterval: 0, deletionProtection: false }, { monitoringRoleArn: undefined });
        expect(recorded.inputs).toMatchObject({ performanceInsightsEnabled: false, monitoringInterval: 0, deletionProtection: false, skipFinalSnapshot: false });
        expect(Object.keys(recorded.inputs).filter((k) => ["performanceInsightsKmsKeyId", "performanceInsightsRetentionPeriod", "monitoringRoleArn"].includes(k))).toEqual([]);
        expect(recorded.opts?.protect).toBe(false);
    });

    it("passes a pinned minor with automatic minor upgrades off as given (the opt-out is validate.ts's)", async () => {
        const { recorded } = await build("pinned", { engineVersion: "16.4", autoMinorVersionUpgrade: false, optOuts: { autoMinorVersionUpgrade: "vendor certifies 16.4 only" } });
        expect(recorded.inputs).toMatchObject({ engineVersion: "16.4", allowMajorVersionUpgrade: false, autoMinorVersionUpgrade: false, applyImmediately: false });
    });
});
