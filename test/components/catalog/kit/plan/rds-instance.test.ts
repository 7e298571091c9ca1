import * as aws from "@pulumi/aws";
import { isAuroraMember, isPostgresInstance, postgresEngineOf } from "../../../../../components/catalog/kit/plan/rds-instance";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "../../../../../policies/crossguard/pack";
import { AnalyzedResource, evaluatePack } from "../../../../../policies/offline-check/evaluate";
import { InstanceInputs, KEY_ARN, instance, logGroup, parameterGroup } from "../../../../support/policy-fixtures";
import { PACK_VERSION, resource } from "../../../../support/policy-harness";
import { auditTrail } from "../../../../support/audit-trail-fixtures";

/** The whole pack over a stack, as `check` and the engine run it: resource policies on each resource, then stack policies. */
function evaluate(...resources: AnalyzedResource[]) {
    return evaluatePack(POLICIES, resources, { pack: { name: PACK_NAME, version: PACK_VERSION, enforcementLevel: PACK_ENFORCEMENT_LEVEL } });
}

/** Each diagnostic as [urn, level, control]: which resource is blocked, and by what. */
async function verdicts(...resources: AnalyzedResource[]): Promise<[string | undefined, string, string | undefined][]> {
    return (await evaluate(...resources)).map((d) => [d.urn, d.enforcementLevel, d.control]);
}

describe("postgresEngineOf: engine names compared as RDS compares them", () => {
    it.each([
        [undefined, "postgres"],
        ["", "postgres"],
        ["postgres", "postgres"],
        ["Postgres", "postgres"],
        ["POSTGRES", "postgres"],
        ["aurora-postgresql", "aurora-postgresql"],
        ["Aurora-PostgreSQL", "aurora-postgresql"],
        ["postgresql", undefined],
        ["mysql", undefined],
        ["aurora-mysql", undefined],
    ])("engine %p is %p", (engine, expected) => {
        expect(postgresEngineOf({ engine })).toBe(expected);
        expect(isPostgresInstance({ engine })).toBe(expected !== undefined);
        expect(isAuroraMember({ engine })).toBe(expected === "aurora-postgresql");
    });
});

describe("an instance whose engine is spelt 'Postgres' or 'POSTGRES' is judged as PostgreSQL by every rule", () => {
    const logs = [logGroup("postgresql"), logGroup("upgrade")];
    const stack = (overrides: Partial<InstanceInputs>) => [parameterGroup(), ...logs, ...auditTrail(logs[0]), instance(overrides, { dependsOn: logs })];

    it.each(["Postgres", "POSTGRES"])("passes a compliant %s instance", async (engine) => {
        expect(await evaluate(...stack({ engine }))).toEqual([]);
    });

    it.each(["Postgres", "POSTGRES"])("blocks an unencrypted %s instance (HPG-ENC-01)", async (engine) => {
        const resources = stack({ engine, storageEncrypted: false });
        expect(await verdicts(...resources)).toEqual([[resources[resources.length - 1].urn, "mandatory", "HPG-ENC-01"]]);
    });

    it("reports the same for 'Postgres' as for 'postgres', rule by rule", async () => {
        // Every instance argument left out: each instance rule has something to report.
        const bare = (engine: string) => resource(aws.rds.Instance, "db", { engine, instanceClass: "db.t4g.medium" });
        const postgres = await evaluate(bare("postgres"));
        expect(postgres.filter((d) => d.enforcementLevel === "mandatory").length).toBeGreaterThan(10);
        expect(await evaluate(bare("Postgres"))).toEqual(postgres);
        expect(await evaluate(bare("POSTGRES"))).toEqual(postgres);
    });
});

describe("an Aurora PostgreSQL member declared as aws.rds.Instance", () => {
    /**
     * What a member itself controls, hardened. Storage, encryption, backups, deletion protection, log exports, the
     * master user, IAM authentication, the engine version and Multi-AZ are its cluster's: CreateDBInstance says they
     * "don't apply to Amazon Aurora DB instances", so the member has none of them.
     */
    const memberProps: Partial<InstanceInputs> = {
        identifier: "db-1-member-1",
        engine: "aurora-postgresql",
        instanceClass: "db.r6g.large",
        publiclyAccessible: false,
        caCertIdentifier: "rds-ca-rsa2048-g1",
        autoMinorVersionUpgrade: true,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: KEY_ARN,
        monitoringInterval: 60,
        monitoringRoleArn: "arn:aws:iam::123456789012:role/db-1-monitoring",
        tags: { "data-classification": "phi" },
    };
    const member = (overrides: Partial<InstanceInputs> = {}, extras = {}) => resource(aws.rds.Instance, "member", { ...memberProps, ...overrides }, extras);

    it("passes with only what the member controls: no cluster-level argument is demanded of it", async () => {
        expect(await evaluate(member())).toEqual([]);
        expect(await evaluate(member({ parameterGroupName: "default.aurora-postgresql16" }))).toEqual([]);
    });

    it("passes a declared instance parameter group that weakens nothing", async () => {
        const group = resource(aws.rds.ParameterGroup, "member-params", { name: "member-params", family: "aurora-postgresql16", parameters: [{ name: "log_connections", value: "1" }] });
        expect(await evaluate(group, member({ parameterGroupName: "member-params" }))).toEqual([]);
    });

    it.each([
        ["publicly accessible", { publiclyAccessible: true }, "HPG-NET-01"],
        ["no CA set", { caCertIdentifier: undefined }, "HPG-TLS-03"],
        ["an expired CA", { caCertIdentifier: "rds-ca-2019" }, "HPG-TLS-03"],
        ["Performance Insights on the AWS-managed key", { performanceInsightsKmsKeyId: undefined }, "HPG-MON-01"],
        ["no enhanced monitoring", { monitoringInterval: 0 }, "HPG-MON-01"],
        ["minor-version upgrades off", { autoMinorVersionUpgrade: false }, "HPG-PAT-01"],
        ["no data-classification tag", { tags: {} }, "HPG-TAG-01"],
    ])("blocks %s", async (_case, overrides: Partial<InstanceInputs>, control) => {
        const subject = member(overrides);
        expect(await verdicts(subject)).toEqual([[subject.urn, "mandatory", control]]);
    });

    it("blocks an instance parameter group that declares a weakening value (the control on the group, HPG-PRM-01 on the member), and an undeclared group", async () => {
        const group = resource(aws.rds.ParameterGroup, "member-params", { name: "member-params", family: "aurora-postgresql16", parameters: [{ name: "log_connections", value: "0" }] });
        const subject = member({ parameterGroupName: "member-params" });
        const diagnostics = await evaluate(group, subject);
        expect(diagnostics.map((d) => [d.urn, d.enforcementLevel, d.control, d.message])).toEqual([
            [group.urn, "mandatory", "HPG-AUD-04", "[HPG-AUD-04] Aurora instance parameter group 'member-params': log_connections is '0'; set it to on (1)"],
            [
                subject.urn,
                "mandatory",
                "HPG-PRM-01",
                "[HPG-PRM-01] RDS instance 'member': parameter group 'member-params' declares HPG-AUD-04: log_connections is '0'; fix the group: log_connections: set it to on (1)",
            ],
        ]);
        const elsewhere = member({ parameterGroupName: "shared-member-params" });
        expect(await verdicts(elsewhere)).toEqual([[elsewhere.urn, "mandatory", "HPG-PRM-01"]]);
    });
});

describe("a read replica is judged with what it inherits from its source modelled", () => {
    const WEST_KEY = "arn:aws:kms:us-west-2:123456789012:key/0ff11e00-0000-4000-8000-000000000002";
    const primaryLogs = [logGroup("postgresql"), logGroup("upgrade")];
    const primary = instance({}, { dependsOn: primaryLogs });
    /** Log groups for the replica `db-1-replica`, in `region` when given. */
    const replicaLogs = (region?: string) =>
        ["postgresql", "upgrade"].map((type) =>
            resource(aws.cloudwatch.LogGroup, `replica-log-${type}`, { name: `/aws/rds/instance/db-1-replica/${type}`, retentionInDays: 365, kmsKeyId: region === undefined ? KEY_ARN : WEST_KEY, ...(region !== undefined ? { region } : {}) }),
        );
    /**
     * What a replica itself controls, hardened. Engine version, master user and password, storage encryption and (in
     * its source's region) the KMS key are the source's: CreateDBInstanceReadReplica takes none of them. It keeps no
     * automated backups and is deleted without a final snapshot.
     */
    const replicaProps = (overrides: Partial<InstanceInputs> = {}): Partial<InstanceInputs> => ({
        identifier: "db-1-replica",
        replicateSourceDb: "db-1",
        instanceClass: "db.t4g.medium",
        iamDatabaseAuthenticationEnabled: true,
        publiclyAccessible: false,
        parameterGroupName: "db-1-postgres16",
        caCertIdentifier: "rds-ca-rsa2048-g1",
        copyTagsToSnapshot: true,
        deletionProtection: true,
        skipFinalSnapshot: true,
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        autoMinorVersionUpgrade: true,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: KEY_ARN,
        monitoringInterval: 60,
        monitoringRoleArn: "arn:aws:iam::123456789012:role/db-1-monitoring",
        tags: { "compliance-posture": "soc2", "data-classification": "confidential" },
        ...overrides,
    });
    const replica = (overrides: Partial<InstanceInputs> = {}, logs = replicaLogs()) => resource(aws.rds.Instance, "replica", replicaProps(overrides), { protect: true, dependsOn: logs });
    /** A cross-region replica of db-1 in us-west-2 on its own key, with its own parameter group and log groups there. */
    const crossRegionStack = (overrides: Partial<InstanceInputs> = {}) => {
        const logs = replicaLogs("us-west-2");
        const westGroup = resource(aws.rds.ParameterGroup, "replica-params", {
            name: "db-1-replica-postgres16",
            family: "postgres16",
            region: "us-west-2",
            parameters: Object.entries({
                shared_preload_libraries: "pg_stat_statements,pgaudit",
                "pgaudit.log": "ddl,write,role",
                "pgaudit.role": "rds_pgaudit",
                "pgaudit.log_rows": "1",
                log_connections: "1",
                log_disconnections: "1",
                "rds.accepted_password_auth_method": "scram",
                ssl_min_protocol_version: "TLSv1.2",
                password_encryption: "scram-sha-256",
                "pgaudit.log_parameter": "0",
            }).map(([name, value]) => ({ name, value })),
        });
        const subject = replica(
            { region: "us-west-2", replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:db-1", kmsKeyId: WEST_KEY, performanceInsightsKmsKeyId: WEST_KEY, parameterGroupName: "db-1-replica-postgres16", ...overrides },
            logs,
        );
        return { subject, resources: [parameterGroup(), ...primaryLogs, primary, westGroup, ...logs, ...auditTrail(primaryLogs[0], logs[0]), subject] };
    };

    it("passes a same-region replica without engineVersion, master user, password, kmsKeyId, backups or final snapshot", async () => {
        const logs = replicaLogs();
        expect(await evaluate(parameterGroup(), ...primaryLogs, primary, ...logs, ...auditTrail(primaryLogs[0], logs[0]), replica({}, logs))).toEqual([]);
    });

    it("passes a same-region replica built from its source's identifier output, taking the source's parameter group", async () => {
        const logs = replicaLogs();
        const subject = resource(aws.rds.Instance, "replica", replicaProps({ parameterGroupName: undefined }), { protect: true, dependsOn: logs, propertyDependencies: { replicateSourceDb: [primary] } });
        expect(await evaluate(parameterGroup(), ...primaryLogs, primary, ...logs, ...auditTrail(primaryLogs[0], logs[0]), subject)).toEqual([]);
    });

    it("passes a cross-region replica on its own customer-managed key in its region", async () => {
        expect(await evaluate(...crossRegionStack().resources)).toEqual([]);
    });

    it.each([
        ["without kmsKeyId", { kmsKeyId: undefined }],
        ["on the aws/rds alias", { kmsKeyId: "alias/aws/rds" }],
    ])("blocks a cross-region replica %s (HPG-ENC-01)", async (_case, overrides: Partial<InstanceInputs>) => {
        const { subject, resources } = crossRegionStack(overrides);
        expect(await verdicts(...resources)).toEqual([[subject.urn, "mandatory", "HPG-ENC-01"]]);
    });

    it.each([
        ["publicly accessible", { publiclyAccessible: true }, "HPG-NET-01"],
        ["an expired CA", { caCertIdentifier: "rds-ca-2019" }, "HPG-TLS-03"],
        ["no deletion protection", { deletionProtection: false }, "HPG-BAK-02"],
        ["Performance Insights on the AWS-managed key", { performanceInsightsKmsKeyId: undefined }, "HPG-MON-01"],
        ["a password in state", { password: "hunter2hunter2" }, "HPG-PWD-02"],
        ["a major that is not supported", { engineVersion: "12.22" }, "HPG-PAT-01"],
        ["an RDS default parameter group", { parameterGroupName: "default.postgres16" }, "HPG-PRM-01"],
    ])("still blocks a same-region replica with %s", async (_case, overrides: Partial<InstanceInputs>, control) => {
        const logs = replicaLogs();
        const subject = replica(overrides, logs);
        expect(await verdicts(parameterGroup(), ...primaryLogs, primary, ...logs, ...auditTrail(primaryLogs[0], logs[0]), subject)).toEqual([[subject.urn, "mandatory", control]]);
    });
});

describe("a hand-written PostgreSQL 14 stack (RDS: rds.force_ssl defaults to 0 on postgres14, 1 from postgres15)", () => {
    const logs = [logGroup("postgresql"), logGroup("upgrade")];
    const stack = (parameters: Record<string, string | undefined>) => {
        const group = parameterGroup(parameters, "postgres14", {}, "db-1-postgres14");
        const db = instance({ engineVersion: "14.20", parameterGroupName: "db-1-postgres14" }, { dependsOn: logs });
        return { group, db, resources: [group, ...logs, ...auditTrail(logs[0]), db] };
    };

    it("passes with a parameter group that sets rds.force_ssl=1", async () => {
        expect(await evaluate(...stack({ "rds.force_ssl": "1" }).resources)).toEqual([]);
    });

    it("blocks a group that leaves rds.force_ssl at its postgres14 default (HPG-TLS-01 on the group, HPG-PRM-01 on the instance)", async () => {
        const { group, db, resources } = stack({});
        expect(await verdicts(...resources)).toEqual([
            [group.urn, "mandatory", "HPG-TLS-01"],
            [db.urn, "mandatory", "HPG-PRM-01"],
        ]);
    });
});
