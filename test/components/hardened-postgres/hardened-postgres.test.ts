import * as pulumi from "@pulumi/pulumi";
import { defaultDetectionSettings, DETECTIONS } from "../../../components/audit-trail/detections";
import { POSTURES } from "../../../components/catalog";
import { HardenedPostgres, HardenedPostgresArgs, HardenedPostgresArgumentsError } from "../../../components/hardened-postgres";
import { MOCK_ACCOUNT, PulumiRecorder, unhandledErrorsDuring, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

const network: HardenedPostgresArgs = {
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    allowedSecurityGroupIds: ["sg-app"],
    allowedCidrBlocks: ["10.20.0.0/16"],
};

async function build(name: string, args: Partial<HardenedPostgresArgs> = {}): Promise<HardenedPostgres> {
    const db = new HardenedPostgres(name, { ...network, ...args }, { transformations: [recorder.captureOptions] });
    await valueOf(db.endpoint);
    await recorder.settle();
    return db;
}

const KEY_ARN = (name: string) => `arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:key/${name}-key-key-id`;

describe.each(POSTURES)("HardenedPostgres in posture %s", (posture) => {
    const name = `db-${posture}`;
    const expected = {
        soc2: { backup: 7, multiAz: false, classification: "confidential" },
        hipaa: { backup: 35, multiAz: true, classification: "phi" },
        pci: { backup: 35, multiAz: true, classification: "pci" },
    }[posture];
    const tags = { "data-classification": expected.classification, "compliance-posture": posture, "managed-by": "hardened-postgres", team: "data" };
    let db: HardenedPostgres;

    beforeAll(async () => {
        db = await build(name, { posture, tags: { team: "data" } });
    });

    it("creates a rotating customer-managed key with an alias", () => {
        const key = recorder.one("aws:kms/key:Key", `${name}-key`);
        expect(key.inputs).toEqual({
            description: `hardened-postgres ${name}: storage, snapshots, logs, Performance Insights and master secret`,
            enableKeyRotation: true,
            rotationPeriodInDays: 365,
            deletionWindowInDays: 30,
            policy: expect.any(String),
            tags,
        });
        expect(recorder.one("aws:kms/alias:Alias", `${name}-key-alias`).inputs).toEqual({ name: `alias/hardened-postgres/${name}`, targetKeyId: `${name}-key-key-id` });
        const policy = JSON.parse(key.inputs.policy);
        const logs = policy.Statement.find((s: { Sid: string }) => s.Sid === "CloudWatchLogsUseKeyForThisInstancesLogGroups");
        expect(logs.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
        expect(logs.Condition).toEqual({
            ArnLike: {
                "kms:EncryptionContext:aws:logs:arn": [
                    `arn:aws:logs:us-east-1:${MOCK_ACCOUNT}:log-group:/aws/rds/instance/${name}/*`,
                    `arn:aws:logs:us-east-1:${MOCK_ACCOUNT}:log-group:/aws/kinesisfirehose/${name}-audit`,
                    `arn:aws:logs:us-east-1:${MOCK_ACCOUNT}:log-group:RDSOSMetrics`,
                ],
            },
        });
    });

    it("creates the hardened parameter group for the engine's family", () => {
        expect(recorder.one("aws:rds/parameterGroup:ParameterGroup", `${name}-params`).inputs).toEqual({
            name: `${name}-postgres16`,
            family: "postgres16",
            description: `hardened-postgres parameters for ${name} (postgres16)`,
            parameters: [
                { name: "log_connections", value: "1", applyMethod: "immediate" },
                { name: "log_disconnections", value: "1", applyMethod: "immediate" },
                // Declared although equal to the assumed default: no AWS page confirms that default.
                { name: "log_min_duration_sample", value: "-1", applyMethod: "pending-reboot" },
                { name: "log_min_duration_statement", value: "-1", applyMethod: "pending-reboot" },
                { name: "log_statement_sample_rate", value: "1", applyMethod: "pending-reboot" },
                { name: "password_encryption", value: "scram-sha-256", applyMethod: "pending-reboot" },
                { name: "pgaudit.log", value: "ddl,write,role", applyMethod: "immediate" },
                { name: "pgaudit.log_level", value: "log", applyMethod: "pending-reboot" },
                { name: "pgaudit.log_parameter", value: "0", applyMethod: "pending-reboot" },
                { name: "pgaudit.log_rows", value: "1", applyMethod: "immediate" },
                { name: "pgaudit.role", value: "rds_pgaudit", applyMethod: "immediate" },
                { name: "rds.accepted_password_auth_method", value: "scram", applyMethod: "immediate" },
                { name: "shared_preload_libraries", value: "pg_stat_statements,pgaudit", applyMethod: "pending-reboot" },
                { name: "ssl_min_protocol_version", value: "TLSv1.2", applyMethod: "pending-reboot" },
            ],
            tags,
        });
    });

    it.each(["postgresql", "upgrade"])("creates the encrypted, retained %s log group", (logType) => {
        const group = recorder.one("aws:cloudwatch/logGroup:LogGroup", `${name}-log-${logType}`);
        expect(group.inputs).toEqual({
            name: `/aws/rds/instance/${name}/${logType}`,
            retentionInDays: 365,
            kmsKeyId: KEY_ARN(name),
            deletionProtectionEnabled: true,
            tags,
        });
        expect(group.opts?.retainOnDelete).toBe(true);
    });

    it("creates the subnet group, a security group without egress, and ingress only from named sources", () => {
        expect(recorder.one("aws:rds/subnetGroup:SubnetGroup", `${name}-subnets`).inputs).toEqual({
            name: `${name}-subnets`,
            description: `Private subnets of ${name}`,
            subnetIds: ["subnet-a", "subnet-b"],
            tags,
        });
        expect(recorder.one("aws:ec2/securityGroup:SecurityGroup", `${name}-sg`).inputs).toEqual({
            namePrefix: `${name}-db-`,
            description: `PostgreSQL ${name}: 5432 from named sources only`,
            vpcId: "vpc-1",
            tags,
        });
        const common = { securityGroupId: `${name}-sg-id`, ipProtocol: "tcp", fromPort: 5432, toPort: 5432, tags };
        expect(recorder.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `${name}-ingress-sg-0`).inputs).toEqual({
            ...common,
            referencedSecurityGroupId: "sg-app",
            description: "PostgreSQL from an allowed security group",
        });
        expect(recorder.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `${name}-ingress-cidr-0`).inputs).toEqual({
            ...common,
            cidrIpv4: "10.20.0.0/16",
            description: "PostgreSQL from private 10.20.0.0/16",
        });
    });

    it("creates the enhanced monitoring role, assumable for this instance only", () => {
        const role = recorder.one("aws:iam/role:Role", `${name}-monitoring`);
        expect(JSON.parse(role.inputs.assumeRolePolicy)).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "monitoring.rds.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT, "aws:SourceArn": `arn:aws:rds:us-east-1:${MOCK_ACCOUNT}:db:${name}` } },
                },
            ],
        });
        expect(recorder.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${name}-monitoring-policy`).inputs).toEqual({
            role: `${name}-monitoring-role`,
            policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        });
    });

    it("creates the instance with every control", () => {
        const instance = recorder.one("aws:rds/instance:Instance", `${name}-instance`);
        expect(instance.inputs).toEqual({
            identifier: name,
            engine: "postgres",
            engineVersion: "16",
            allowMajorVersionUpgrade: false,
            autoMinorVersionUpgrade: true,
            instanceClass: "db.t4g.medium",
            allocatedStorage: 20,
            maxAllocatedStorage: 100,
            storageType: "gp3",
            storageEncrypted: true,
            kmsKeyId: KEY_ARN(name),
            dbName: "app",
            username: "hpg_admin",
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: KEY_ARN(name),
            iamDatabaseAuthenticationEnabled: true,
            publiclyAccessible: false,
            dbSubnetGroupName: `${name}-subnets`,
            vpcSecurityGroupIds: [`${name}-sg-id`],
            parameterGroupName: `${name}-postgres16`,
            caCertIdentifier: "rds-ca-rsa2048-g1",
            multiAz: expected.multiAz,
            backupRetentionPeriod: expected.backup,
            copyTagsToSnapshot: true,
            deletionProtection: true,
            skipFinalSnapshot: false,
            // The stack's RandomId suffix (the mock's bytes are all 7s): docs/lifecycle.md.
            finalSnapshotIdentifier: `${name}-final-07070707`,
            enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: KEY_ARN(name),
            performanceInsightsRetentionPeriod: 7,
            monitoringInterval: 60,
            monitoringRoleArn: `arn:aws:iam:us-east-1:${MOCK_ACCOUNT}:${name}-monitoring`,
            applyImmediately: false,
            tags,
        });
        expect(instance.inputs).not.toHaveProperty("password");
    });

    it("creates the log groups, the ingress rules and the monitoring policy before the instance, and protects the instance", () => {
        const opts = recorder.one("aws:rds/instance:Instance", `${name}-instance`).opts!;
        expect(opts.protect).toBe(true);
        const dependsOn = (opts.dependsOn as pulumi.Resource[]).map((r) => (r as unknown as { __name: string }).__name);
        expect(dependsOn).toEqual([`${name}-log-postgresql`, `${name}-log-upgrade`, `${name}-ingress-sg-0`, `${name}-ingress-cidr-0`, `${name}-monitoring-policy`]);
        expect(recorder.one("aws:kms/key:Key", `${name}-key`).opts?.retainOnDelete).toBe(true);
    });

    it("parents every child to the component", () => {
        const children = recorder.resources.filter((r) => r.name.startsWith(`${name}-`));
        // 13 for the database (the final snapshot's RandomId among them); the audit trail's 6 archive, 7 delivery, 2 Glue, 1 dashboard, 2 topic, 1 archive-landing
        // alarm, and per detection one named query plus its CloudWatch form (filter and alarm, or one alarm), plus the
        // report's named query.
        const forms = DETECTIONS.map((d) => d.cloudwatch(defaultDetectionSettings()).kind);
        const cloudwatch = forms.filter((k) => k === "metric-filter").length * 2 + forms.filter((k) => k === "log-group-silence").length;
        expect(children).toHaveLength(13 + 6 + 7 + 2 + 1 + 2 + 1 + 1 + DETECTIONS.length + cloudwatch);
        for (const child of children) {
            expect({ name: child.name, parent: (child.opts?.parent as unknown as { __name: string })?.__name }).toEqual({ name: child.name, parent: name });
        }
    });

    it("exports its outputs", async () => {
        expect(await valueOf(db.endpoint)).toBe(`${name}.c0ffee.us-east-1.rds.amazonaws.com`);
        expect(await valueOf(db.port)).toBe(5432);
        expect(await valueOf(db.identifier)).toBe(name);
        expect(await valueOf(db.masterSecretArn)).toBe(`arn:aws:secretsmanager:us-east-1:${MOCK_ACCOUNT}:secret:rds!db-${name}`);
        expect(await valueOf(db.kmsKeyArn)).toBe(KEY_ARN(name));
        expect(await valueOf(db.securityGroupId)).toBe(`${name}-sg-id`);
        expect(await valueOf(db.logGroupNames)).toEqual([`/aws/rds/instance/${name}/postgresql`, `/aws/rds/instance/${name}/upgrade`]);
        expect(await valueOf(db.parameterGroupName)).toBe(`${name}-postgres16`);
        expect(db.effectiveParameters["rds.force_ssl"]).toBe("1");
    });
});

describe("HardenedPostgres variations", () => {
    it("declares the account's RDSOSMetrics group with enhancedMonitoringLogGroup 'create', encrypted with its key, before the instance", async () => {
        const db = await build("osm", { enhancedMonitoringLogGroup: "create" });
        const group = recorder.one("aws:cloudwatch/logGroup:LogGroup", "osm-log-os-metrics");
        expect(group.inputs).toEqual({
            name: "RDSOSMetrics",
            retentionInDays: 365,
            kmsKeyId: KEY_ARN("osm"),
            deletionProtectionEnabled: true,
            tags: { "data-classification": "confidential", "compliance-posture": "soc2", "managed-by": "hardened-postgres" },
        });
        expect(group.opts?.retainOnDelete).toBe(true);
        expect(group.opts?.parent).toBe(db);
        const dependsOn = (recorder.one("aws:rds/instance:Instance", "osm-instance").opts!.dependsOn as pulumi.Resource[]).map((r) => (r as unknown as { __name: string }).__name);
        expect(dependsOn).toContain("osm-log-os-metrics");
        expect(db.enhancedMonitoringLogGroup).toBeDefined();
    });

    it("leaves RDSOSMetrics to another stack by default (enhancedMonitoringLogGroup 'external')", async () => {
        const db = await build("osm-external");
        expect(recorder.resources.filter((r) => r.name.startsWith("osm-external-") && r.inputs.name === "RDSOSMetrics")).toEqual([]);
        expect(db.settings.enhancedMonitoringLogGroup).toBe("external");
        expect(db.enhancedMonitoringLogGroup).toBeUndefined();
    });

    it("uses an existing customer-managed key instead of creating one", async () => {
        const arn = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        await build("byok", { kmsKeyArn: arn });
        expect(recorder.resources.filter((r) => r.name.startsWith("byok-") && r.type.startsWith("aws:kms/"))).toEqual([]);
        const instance = recorder.one("aws:rds/instance:Instance", "byok-instance").inputs;
        expect([instance.kmsKeyId, instance.masterUserSecretKmsKeyId, instance.performanceInsightsKmsKeyId]).toEqual([arn, arn, arn]);
        expect(recorder.one("aws:cloudwatch/logGroup:LogGroup", "byok-log-postgresql").inputs.kmsKeyId).toBe(arn);
    });

    it("uses a customer-managed key whose ARN is known only at deployment", async () => {
        const arn = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:key/mrk-0123456789abcdef0123456789abcdef`;
        await build("byok-later", { kmsKeyArn: pulumi.output(Promise.resolve(arn)) });
        const instance = recorder.one("aws:rds/instance:Instance", "byok-later-instance").inputs;
        expect([instance.kmsKeyId, instance.masterUserSecretKmsKeyId, instance.performanceInsightsKmsKeyId]).toEqual([arn, arn, arn]);
        expect(recorder.one("aws:cloudwatch/logGroup:LogGroup", "byok-later-log-upgrade").inputs.kmsKeyId).toBe(arn);
    });

    it("fails the deployment before the instance or a log group is created when a key ARN resolves to an AWS-managed key", async () => {
        const arn = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:alias/aws/rds`;
        const errors = await unhandledErrorsDuring(async () => {
            new HardenedPostgres("managed", { ...network, kmsKeyArn: pulumi.output(Promise.resolve(arn)) }, { transformations: [recorder.captureOptions] });
            await recorder.settle();
        });
        expect(errors).toHaveLength(1);
        expect(errors[0]).toBeInstanceOf(pulumi.ResourceError);
        expect((errors[0] as Error).message).toBe(
            [
                "hardened-postgres 'managed' has invalid arguments:",
                `  [kmsKeyArn] '${arn}' is an AWS-managed key (HPG-ENC-01); allowed: a customer-managed key's key ARN, arn:<partition>:kms:<region>:<account>:key/<key-id> (key id a UUID, or mrk- and 32 hex digits for a multi-Region key), or omit it to create one`,
            ].join("\n"),
        );
        const registered = recorder.resources.filter((r) => r.name.startsWith("managed-")).map((r) => r.type);
        expect(registered).not.toContain("aws:rds/instance:Instance");
        expect(registered).not.toContain("aws:cloudwatch/logGroup:LogGroup");
        // What does not use the key is still declared; the failed run stops before anything that does.
        expect(registered).toContain("aws:rds/parameterGroup:ParameterGroup");
    });

    it("follows the engine major in the parameter group family and name", async () => {
        await build("pg17", { engineVersion: "17.2", allowMajorVersionUpgrade: true });
        const group = recorder.one("aws:rds/parameterGroup:ParameterGroup", "pg17-params").inputs;
        expect([group.name, group.family]).toEqual(["pg17-postgres17", "postgres17"]);
        expect(recorder.one("aws:rds/instance:Instance", "pg17-instance").inputs.allowMajorVersionUpgrade).toBe(true);
    });

    it("applies named opt-outs and tags them for auditors", async () => {
        await build("ephemeral", {
            deletionProtection: false,
            monitoringInterval: 0,
            performanceInsights: false,
            optOuts: { deletionProtection: "CI database", deleteKeyAndLogsWithStack: "CI database", enhancedMonitoring: "CI", performanceInsights: "CI" },
        });
        const instance = recorder.one("aws:rds/instance:Instance", "ephemeral-instance");
        expect(instance.inputs).toMatchObject({ deletionProtection: false, monitoringInterval: 0, performanceInsightsEnabled: false, skipFinalSnapshot: false });
        expect(instance.inputs).not.toHaveProperty("performanceInsightsKmsKeyId");
        expect(instance.inputs).not.toHaveProperty("monitoringRoleArn");
        expect(instance.inputs.tags["hpg-opt-outs"]).toBe("deleteKeyAndLogsWithStack deletionProtection enhancedMonitoring performanceInsights");
        expect(instance.opts?.protect).toBe(false);
        expect(recorder.one("aws:kms/key:Key", "ephemeral-key").opts?.retainOnDelete).toBe(false);
        expect(recorder.one("aws:cloudwatch/logGroup:LogGroup", "ephemeral-log-postgresql").opts?.retainOnDelete).toBe(false);
        expect(recorder.resources.filter((r) => r.name === "ephemeral-monitoring")).toEqual([]);
    });

    it("fails at construction with every problem and registers nothing", () => {
        const before = recorder.resources.length;
        let error: unknown;
        try {
            new HardenedPostgres("bad-db", { ...network, engineVersion: "13", logRetentionInDays: 30, allowedCidrBlocks: ["0.0.0.0/0"] });
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(HardenedPostgresArgumentsError);
        expect(error).toBeInstanceOf(pulumi.ResourceError);
        expect((error as HardenedPostgresArgumentsError).problems).toHaveLength(3);
        expect((error as Error).message).toBe(
            [
                "hardened-postgres 'bad-db' has invalid arguments:",
                "  [engineVersion] '13' is not supported; allowed: major 14, 15, 16, 17 (e.g. '16' or '16.4')",
                "  [allowedCidrBlocks[0]] '0.0.0.0/0' is not a private CIDR (HPG-NET-01); allowed: IPv4 CIDRs inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
                "  [logRetentionInDays] 30 is not allowed in posture 'soc2' (HPG-LOG-02); allowed: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 or 0 (never expire)",
            ].join("\n"),
        );
        expect((error as pulumi.ResourceError).hideStack).toBe(true);
        expect(recorder.resources.length).toBe(before);
    });
});
