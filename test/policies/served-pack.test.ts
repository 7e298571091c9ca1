import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzedResource, PolicyDiagnostic, analyzeResource, analyzeStack } from "../../policies/offline-check/evaluate";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "../../policies/crossguard/pack";
import { instance, parameterGroup } from "../support/policy-fixtures";
import { UNKNOWN } from "../support/policy-harness";

/**
 * The harness and `check` evaluate policies the way @pulumi/policy's analyzer server does. This test proves it:
 * it serves policies/index.ts exactly as `pulumi preview --policy-pack policies` starts it, sends the same resources
 * over gRPC, and compares the server's diagnostics with the in-process evaluation.
 */

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as any;
const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb") as any;
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as any;
/* eslint-enable */

const POLICIES_DIR = path.resolve(__dirname, "../../policies");
const ENFORCEMENT = ["advisory", "mandatory"] as const;

let server: ChildProcess;
let client: any;

beforeAll(async () => {
    server = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "index.ts"], { cwd: POLICIES_DIR });
    const port = await new Promise<string>((resolve, reject) => {
        server.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
        server.once("exit", (code) => reject(new Error(`policy pack exited with ${code}`)));
    });
    client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 60_000);

afterAll(() => {
    client?.close();
    server?.kill();
});

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

/** The server's diagnostics as [policy, level, message]; the engine's message is the policy description, a newline, then ours. */
function served(diagnostics: any[]): [string, string, string][] {
    return diagnostics.map((d) => [d.getPolicyname(), ENFORCEMENT[d.getEnforcementlevel()], d.getMessage()]);
}

function expectedFrom(diagnostics: PolicyDiagnostic[]): [string, string, string][] {
    return diagnostics.map((d) => {
        const policy = POLICIES.find((p) => p.name === d.policy)!;
        const message = d.message.startsWith("can't run policy") ? d.message : `${policy.description}\n${d.message}`;
        return [d.policy, d.enforcementLevel, message];
    });
}

const pack = { name: PACK_NAME, version: "0.1.0", enforcementLevel: PACK_ENFORCEMENT_LEVEL };

describe("the served pack agrees with the in-process evaluation", () => {
    it.each([
        ["a weak instance during preview (kmsKeyId unknown)", instance({ kmsKeyId: UNKNOWN.string, publiclyAccessible: true, caCertIdentifier: "rds-ca-2019" }, { protect: false })],
        ["a weak parameter group", parameterGroup({ ssl_min_protocol_version: "TLSv1.1", "pgaudit.log": "ddl" })],
        ["a compliant instance", instance()],
    ])("analyze: %s", async (_case, subject) => {
        const request = analyzerResource(subject, new analyzerProto.AnalyzeRequest());
        const response = await new Promise<any>((resolve, reject) => client.analyze(request, (err: Error | null, resp: any) => (err ? reject(err) : resolve(resp))));
        const local = await analyzeResource(POLICIES, subject, { pack });
        expect(served(response.getDiagnosticsList())).toEqual(expectedFrom(local));
    });

    it("analyzeStack: an instance whose parameter group name is unknown during preview", async () => {
        const group = parameterGroup({ log_connections: "0" }, "postgres16", {}, UNKNOWN.string);
        const db = instance({ parameterGroupName: UNKNOWN.string }, { propertyDependencies: { parameterGroupName: [group] } });
        const request = new analyzerProto.AnalyzeStackRequest();
        for (const r of [group, db]) {
            const message = analyzerResource(r, new analyzerProto.AnalyzerResource());
            message.setDependenciesList(r.dependencies);
            for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                const deps = new analyzerProto.AnalyzerPropertyDependencies();
                deps.setUrnsList(urns);
                message.getPropertydependenciesMap().set(key, deps);
            }
            request.addResources(message);
        }
        const response = await new Promise<any>((resolve, reject) => client.analyzeStack(request, (err: Error | null, resp: any) => (err ? reject(err) : resolve(resp))));
        const local = await analyzeStack(POLICIES, [group, db], { pack });
        expect(local.map((d) => d.control)).toContain("HPG-PRM-01");
        expect(served(response.getDiagnosticsList())).toEqual(expectedFrom(local));
    });
});
