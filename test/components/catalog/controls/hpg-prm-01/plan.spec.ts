import { hardenedParameterGroup as policy } from "../../../../../components/catalog/controls/hpg-prm-01/plan";
import { instance, parameterGroup } from "../../../../support/policy-fixtures";
import { UNKNOWN, cantRunDuringPreview, lines, validateStack } from "../../../../support/policy-harness";

const ATTACH = "attach a hardened aws.rds.ParameterGroup declared in this stack";

describe("hpg-prm-01-hardened-parameter-group", () => {
    const group = parameterGroup();

    it("passes a hardened group declared in the stack (update: the name is known)", async () => {
        expect(await validateStack(policy, [group, instance({ parameterGroupName: "db-1-postgres16" })])).toEqual([]);
    });

    it("passes a hardened group whose name is unknown during preview, found through propertyDependencies", async () => {
        const previewGroup = parameterGroup({}, "postgres16", {}, UNKNOWN.string);
        expect(await validateStack(policy, [previewGroup, instance({ parameterGroupName: UNKNOWN.string }, { propertyDependencies: { parameterGroupName: [previewGroup] } })])).toEqual([]);
    });

    it("blocks a weak group whose name is unknown during preview", async () => {
        const previewGroup = parameterGroup({ ssl_min_protocol_version: "TLSv1.1" }, "postgres16", {}, UNKNOWN.string);
        const diagnostics = await validateStack(policy, [previewGroup, instance({ parameterGroupName: UNKNOWN.string }, { propertyDependencies: { parameterGroupName: [previewGroup] } })]);
        expect(lines(diagnostics)).toEqual([
            "mandatory [HPG-PRM-01] RDS instance 'db': parameter group 'db-params' fails HPG-TLS-02 (ssl_min_protocol_version is 'TLSv1.1'); fix the group: ssl_min_protocol_version: set it to TLSv1.2 or higher",
        ]);
    });

    it("can't run during preview when the unknown name has no declaring group", async () => {
        expect(lines(await validateStack(policy, [group, instance({ parameterGroupName: UNKNOWN.string })]))).toEqual([
            cantRunDuringPreview("hpg-prm-01-hardened-parameter-group", "string value at .parameterGroupName"),
        ]);
    });

    it.each([
        ["no parameter group (the RDS default)", undefined, `parameterGroupName is not set, so RDS attaches its default group, which has no pgaudit; ${ATTACH}`],
        ["an RDS default group", "default.postgres16", `parameterGroupName is 'default.postgres16', an RDS default group, which has no pgaudit; ${ATTACH}`],
        [
            "a group the stack doesn't declare",
            "shared-params",
            "parameter group 'shared-params' is not declared in this stack nor allow-listed; declare it with aws.rds.ParameterGroup in this stack, or add it to the allowedParameterGroups config",
        ],
    ])("blocks %s", async (_case, name, expected) => {
        expect(lines(await validateStack(policy, [group, instance({ parameterGroupName: name })]))).toEqual([`mandatory [HPG-PRM-01] RDS instance 'db': ${expected}`]);
    });

    it("blocks a declared group that fails a parameter control", async () => {
        const weak = parameterGroup({ shared_preload_libraries: "pg_stat_statements", log_connections: "0" });
        expect(lines(await validateStack(policy, [weak, instance()]))).toEqual([
            "mandatory [HPG-PRM-01] RDS instance 'db': parameter group 'db-params' fails HPG-AUD-01, HPG-AUD-04 (shared_preload_libraries is 'pg_stat_statements'; log_connections is '0'); fix the group: shared_preload_libraries: set it to a list including pgaudit; log_connections: set it to on (1)",
        ]);
    });

    it("blocks a declared group of a non-PostgreSQL family", async () => {
        expect(lines(await validateStack(policy, [parameterGroup({}, "mysql8.0"), instance()]))).toEqual([
            "mandatory [HPG-PRM-01] RDS instance 'db': parameter group 'db-params' has family 'mysql8.0', not an RDS PostgreSQL family; attach a postgresNN parameter group",
        ]);
    });

    it("passes an allow-listed group, but never a default group", async () => {
        const config = { "hpg-prm-01-hardened-parameter-group": { allowedParameterGroups: ["shared-params", "default.postgres16"] } };
        expect(await validateStack(policy, [instance({ parameterGroupName: "shared-params" })], config)).toEqual([]);
        expect(lines(await validateStack(policy, [instance({ parameterGroupName: "default.postgres16" })], config))).toHaveLength(1);
    });

    describe("a read replica without parameterGroupName (CreateDBInstanceReadReplica DBParameterGroupName)", () => {
        const source = instance({ identifier: "db-1", parameterGroupName: "db-1-postgres16" });
        const replica = (props: Parameters<typeof instance>[0]) => ({ ...instance({ identifier: "db-1-replica", parameterGroupName: undefined, ...props }), name: "replica", urn: "urn:pulumi:test::hpg::aws:rds/instance:Instance::replica" });

        it("passes one in its source's region, which takes the declared source's group (judged with the source)", async () => {
            expect(await validateStack(policy, [group, source, replica({ replicateSourceDb: "db-1" })])).toEqual([]);
        });

        it.each([
            ["whose source the stack doesn't declare", { replicateSourceDb: "orders-primary" }],
            ["in another region, which takes the RDS default group", { replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:db-1", region: "us-west-2" }],
        ])("blocks one %s", async (_case, props) => {
            expect(lines(await validateStack(policy, [group, source, replica(props)]))).toEqual([`mandatory [HPG-PRM-01] RDS instance 'replica': parameterGroupName is not set, so RDS attaches its default group, which has no pgaudit; ${ATTACH}`]);
        });
    });
});
