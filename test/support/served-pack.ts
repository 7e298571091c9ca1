import { spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import { AnalyzedResource, PolicyDiagnostic, analyzeResource, analyzeStack } from "../../policies/offline-check/evaluate";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "../../policies/crossguard/pack";
import { packVersion } from "../../policies/offline-check/project-root";
import { instance, parameterGroup } from "./policy-fixtures";
import * as aws from "@pulumi/aws";
import { resource, UNKNOWN } from "./policy-harness";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as any;
const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb") as any;
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as any;
/* eslint-enable */

const ENFORCEMENT = ["advisory", "mandatory"] as const;

/** A diagnostic as the engine receives it: [policy, level, message]. */
export type ServedDiagnostic = [string, string, string];

/** A policy pack being served, and an analyzer client connected to it as the engine would be. */
export interface ServedPack {
    analyze(resource: AnalyzedResource): Promise<ServedDiagnostic[]>;
    analyzeStack(resources: AnalyzedResource[]): Promise<ServedDiagnostic[]>;
    stop(): void;
}

/**
 * Starts the policy pack in `packDir` the way `pulumi preview --policy-pack <packDir>` does: the Node.js language host
 * resolves `@pulumi/pulumi/cmd/run-policy-pack` from the pack's folder and runs it there with `<engine> .`. That script
 * registers ts-node with type checking and requires the folder (its package.json `main`); the pack prints its port.
 */
export async function servePack(packDir: string): Promise<ServedPack> {
    const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    // The engine address is only passed through; nothing here calls back into an engine.
    const server = spawn(process.execPath, [runPolicyPack, "127.0.0.1:0", "."], { cwd: packDir });
    let stderr = "";
    server.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<string>((resolve, reject) => {
        let stdout = "";
        server.stdout!.on("data", (d: Buffer) => {
            stdout += d.toString();
            const line = /^(\d+)\s*$/m.exec(stdout);
            if (line) {
                resolve(line[1]);
            }
        });
        server.once("exit", (code) => reject(new Error(`policy pack in ${packDir} exited with ${code}:\n${stdout}${stderr}`)));
    });
    const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const call = <T>(method: string, request: unknown): Promise<T> =>
        new Promise((resolve, reject) => client[method](request, (err: Error | null, resp: T) => (err ? reject(err) : resolve(resp))));
    return {
        async analyze(resource) {
            const response = await call<any>("analyze", analyzerResource(resource, new analyzerProto.AnalyzeRequest()));
            return served(response.getDiagnosticsList());
        },
        async analyzeStack(resources) {
            const request = new analyzerProto.AnalyzeStackRequest();
            for (const r of resources) {
                const message = analyzerResource(r, new analyzerProto.AnalyzerResource());
                message.setDependenciesList(r.dependencies);
                for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                    const deps = new analyzerProto.AnalyzerPropertyDependencies();
                    deps.setUrnsList(urns);
                    message.getPropertydependenciesMap().set(key, deps);
                }
                request.addResources(message);
            }
            const response = await call<any>("analyzeStack", request);
            return served(response.getDiagnosticsList());
        },
        stop() {
            client.close();
            server.kill();
        },
    };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function analyzerResource(r: AnalyzedResource, message: any): any {
    message.setType(r.type);
    message.setUrn(r.urn);
    message.setName(r.name);
    message.setProperties(Struct.fromJavaScript(r.outputs ?? r.inputs));
    const options = new analyzerProto.AnalyzerResourceOptions();
    options.setProtect(r.opts.protect);
    message.setOptions(options);
    return message;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function served(diagnostics: any[]): ServedDiagnostic[] {
    return diagnostics.map((d) => [d.getPolicyname(), ENFORCEMENT[d.getEnforcementlevel()], d.getMessage()]);
}

/** The in-process diagnostics as the served pack reports them: the engine's message is the policy description, a newline, then ours. */
export function asServed(diagnostics: PolicyDiagnostic[]): ServedDiagnostic[] {
    return diagnostics.map((d) => {
        const policy = POLICIES.find((p) => p.name === d.policy)!;
        const message = d.message.startsWith("can't run policy") ? d.message : `${policy.description}\n${d.message}`;
        return [d.policy, d.enforcementLevel, message];
    });
}

/**
 * The served pack agrees with the in-process evaluation that the harness and `check` use, on the same resources: a
 * weak and a compliant one, values unknown during preview, and a stack whose parameter group is known only by its URN.
 */
export function itAgreesWithTheInProcessEvaluation(pack: () => ServedPack): void {
    const identity = { pack: { name: PACK_NAME, version: packVersion(), enforcementLevel: PACK_ENFORCEMENT_LEVEL } };

    it.each([
        ["a weak instance during preview (kmsKeyId unknown)", instance({ kmsKeyId: UNKNOWN.string, publiclyAccessible: true, caCertIdentifier: "rds-ca-2019" }, { protect: false }), "HPG-NET-01"],
        ["a weak parameter group", parameterGroup({ ssl_min_protocol_version: "TLSv1.1", "pgaudit.log": "ddl" }), "HPG-TLS-02"],
        ["a compliant instance", instance(), undefined],
        ["an instance whose engine is spelled 'Postgres', unencrypted", instance({ engine: "Postgres", storageEncrypted: false }), "HPG-ENC-01"],
        ["an RDS Proxy for PostgreSQL without requireTls", resource(aws.rds.Proxy, "orders-proxy", { engineFamily: "POSTGRESQL", requireTls: false, roleArn: "arn:aws:iam::123456789012:role/p", vpcSubnetIds: ["subnet-1"], auths: [{ iamAuth: "REQUIRED", secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:s" }] }), "HPG-TLS-01"],
        ["a snapshot copy on the AWS-managed key", resource(aws.rds.SnapshotCopy, "orders-copy", { sourceDbSnapshotIdentifier: "arn:aws:rds:us-east-1:123456789012:snapshot:s", targetDbSnapshotIdentifier: "t", kmsKeyId: "alias/aws/rds" }), "HPG-ENC-01"],
        ["an unencrypted Aurora PostgreSQL global cluster", resource(aws.rds.GlobalCluster, "orders-global", { globalClusterIdentifier: "orders-global", engine: "aurora-postgresql" }), "HPG-ENC-01"],
        ["a snapshot shared with every account", resource(aws.rds.Snapshot, "orders-snapshot", { dbInstanceIdentifier: "orders", dbSnapshotIdentifier: "s", sharedAccounts: ["all"] }), "HPG-BAK-03"],
        ["an unencrypted Aurora PostgreSQL cluster", resource(aws.rds.Cluster, "orders-cluster", { engine: "aurora-postgresql", engineVersion: "16.4", clusterIdentifier: "orders-cluster" }), "HPG-ENC-01"],
        ["a public Aurora PostgreSQL cluster instance", resource(aws.rds.ClusterInstance, "orders-cluster-1", { engine: "aurora-postgresql", clusterIdentifier: "orders-cluster", instanceClass: "db.r6g.large", publiclyAccessible: true }), "HPG-NET-01"],
        ["an Aurora cluster parameter group without rds.force_ssl", resource(aws.rds.ClusterParameterGroup, "orders-cluster-params", { family: "aurora-postgresql16", parameters: [{ name: "rds.force_ssl", value: "0" }] }), "HPG-TLS-01"],
    ])("analyze: %s", async (_case, subject, blockedBy) => {
        const local = await analyzeResource(POLICIES, subject, identity);
        // The comparison means something only if the case is judged: each defect is blocked by its control, the compliant case by none.
        const mandatory = local.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.control);
        if (blockedBy === undefined) {
            expect(mandatory).toEqual([]);
        } else {
            expect(mandatory).toContain(blockedBy);
        }
        expect(await pack().analyze(subject)).toEqual(asServed(local));
    });

    it("analyzeStack: an instance whose parameter group name is unknown during preview", async () => {
        const group = parameterGroup({ log_connections: "0" }, "postgres16", {}, UNKNOWN.string);
        const db = instance({ parameterGroupName: UNKNOWN.string }, { propertyDependencies: { parameterGroupName: [group] } });
        const local = await analyzeStack(POLICIES, [group, db], identity);
        expect(local.map((d) => d.control)).toContain("HPG-PRM-01");
        expect(await pack().analyzeStack([group, db])).toEqual(asServed(local));
    });
}
