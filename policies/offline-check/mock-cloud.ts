import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";

/** The account, region and partition the offline cloud pretends to be. */
export interface MockCloudContext {
    accountId: string;
    region: string;
    partition: string;
    /** Outputs of the stacks the program references (`--stack-reference-outputs`), by stack name. */
    stackReferenceOutputs?: Record<string, Record<string, unknown>>;
}

export const DEFAULT_MOCK_CLOUD: MockCloudContext = { accountId: "123456789012", region: "us-east-1", partition: "aws" };

/** A stable 7-character suffix, like the one Pulumi's auto-naming appends. */
function suffix(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 7);
}

/** Answers for the data sources programs call; anything else echoes its arguments so programs keep running. */
export function mockCall(ctx: MockCloudContext, args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const inputs = (args.inputs ?? {}) as Record<string, unknown>;
    switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { id: ctx.accountId, accountId: ctx.accountId, arn: `arn:${ctx.partition}:iam::${ctx.accountId}:user/offline-check`, userId: "AIDAOFFLINECHECK" };
        case "aws:iam/getSessionContext:getSessionContext": {
            // An assumed-role session resolves to its role; any other ARN passes through (the data source's documented behaviour).
            const arn = String(inputs.arn ?? "");
            const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
            return session
                ? { id: arn, arn, issuerArn: `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`, issuerName: session[3], sessionName: session[4], issuerId: "AROAOFFLINECHECK" }
                : { id: arn, arn, issuerArn: arn, issuerName: "", sessionName: "", issuerId: "" };
        }
        case "aws:index/getRegion:getRegion":
            // @pulumi/aws v7 returns the region in `region`; `name` is its deprecated spelling.
            return { id: ctx.region, region: ctx.region, name: ctx.region, description: ctx.region, endpoint: `ec2.${ctx.region}.amazonaws.com` };
        case "aws:index/getPartition:getPartition":
            return { id: ctx.partition, partition: ctx.partition, dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { id: ctx.region, names: ["a", "b", "c"].map((z) => `${ctx.region}${z}`), zoneIds: ["1", "2", "3"].map((z) => `use1-az${z}`) };
        case "aws:secretsmanager/getSecretVersion:getSecretVersion": {
            const secretId = String(inputs.secretId ?? "offline-secret");
            return {
                id: secretId,
                arn: secretId.startsWith("arn:") ? secretId : `arn:${ctx.partition}:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${secretId}`,
                secretId,
                secretString: JSON.stringify({ username: "offline", password: "offline-check-placeholder" }),
                versionId: "offline-version",
                versionStages: ["AWSCURRENT"],
            };
        }
        default:
            return { id: args.token, ...inputs };
    }
}

/** The name the provider would generate for a resource declared without one: `namePrefix` + suffix, or `<resource name>-<suffix>`. */
function autoName(type: string, name: string, prefix: unknown, lowerCase: boolean): string {
    const generated = typeof prefix === "string" ? `${prefix}${suffix(type, name)}` : `${name}-${suffix(type, name)}`;
    return lowerCase ? generated.toLowerCase() : generated;
}

/** Resource types whose `name` the provider generates when the program leaves it out (the ones hardened stacks declare). */
const AUTO_NAMED_TYPES = new Set([
    "aws:rds/parameterGroup:ParameterGroup",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:rds/optionGroup:OptionGroup",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:iam/role:Role",
    "aws:iam/policy:Policy",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:secretsmanager/secret:Secret",
    "postgresql:index/role:Role",
    "postgresql:index/database:Database",
    "postgresql:index/schema:Schema",
]);

/**
 * The inputs after the provider's check step: auto-named resources get their generated name, as the engine's
 * analyzer sees them. Only names are filled in; everything else is what the program declared.
 */
export function checkedInputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    if (type.startsWith("pulumi:providers:") || !/^(aws|postgresql|random):/.test(type)) {
        return inputs;
    }
    if (type === "aws:rds/instance:Instance") {
        return inputs.identifier !== undefined ? inputs : { ...inputs, identifier: autoName(type, name, inputs.identifierPrefix, true) };
    }
    if (inputs.name !== undefined || !AUTO_NAMED_TYPES.has(type)) {
        return inputs;
    }
    // RDS names are lower case; AWS lower-cases them anyway.
    return { ...inputs, name: autoName(type, name, inputs.namePrefix, type.startsWith("aws:rds/")) };
}

/** A plausible ARN for a resource: `arn:<partition>:<service>:<region>:<account>:<kind>/<name>`. */
function arnFor(ctx: MockCloudContext, type: string, name: string): string {
    const [, module = "", kind = ""] = /^aws:([^/]+)\/([^:]+):/.exec(type) ?? [];
    if (module === "iam") {
        return `arn:${ctx.partition}:iam::${ctx.accountId}:${kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}/${name}`;
    }
    return `arn:${ctx.partition}:${module}:${ctx.region}:${ctx.accountId}:${kind.toLowerCase()}/${name}`;
}

/** A resource's state: its checked inputs plus the computed outputs programs commonly read. */
export function mockResource(ctx: MockCloudContext, args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    const inputs = checkedInputs(args.type, args.name, (args.inputs ?? {}) as Record<string, unknown>);
    const physical = String(inputs.identifier ?? inputs.name ?? args.name);
    const id = `${physical}-${suffix("id", args.type, args.name)}`;
    const arn = arnFor(ctx, args.type, physical);
    switch (args.type) {
        case "aws:kms/key:Key": {
            const keyId = `0ff11e00-${suffix("key", args.name).slice(0, 4)}-4000-8000-${suffix("key-id", args.name)}00000`;
            return { id: keyId, state: { ...inputs, keyId, arn: `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:key/${keyId}` } };
        }
        case "aws:kms/alias:Alias":
            return { id: physical, state: { ...inputs, arn: `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:${physical}`, targetKeyArn: "" } };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { id: physical, state: { ...inputs, arn: `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${physical}` } };
        case "aws:rds/parameterGroup:ParameterGroup":
            return { id: physical, state: { ...inputs, arn: `arn:${ctx.partition}:rds:${ctx.region}:${ctx.accountId}:pg:${physical}` } };
        case "aws:rds/instance:Instance": {
            const address = `${physical}.offline.${ctx.region}.rds.amazonaws.com`;
            const port = (inputs.port as number | undefined) ?? 5432;
            const secrets =
                inputs.manageMasterUserPassword === true
                    ? [
                          {
                              kmsKeyId: inputs.masterUserSecretKmsKeyId ?? "",
                              secretArn: `arn:${ctx.partition}:secretsmanager:${ctx.region}:${ctx.accountId}:secret:rds!db-${suffix("secret", physical)}`,
                              secretStatus: "active",
                          },
                      ]
                    : [];
            return {
                id: physical,
                state: { ...inputs, arn: `arn:${ctx.partition}:rds:${ctx.region}:${ctx.accountId}:db:${physical}`, address, port, endpoint: `${address}:${port}`, resourceId: `db-${suffix("rid", physical).toUpperCase()}`, masterUserSecrets: secrets },
            };
        }
        case "aws:ec2/securityGroup:SecurityGroup":
            return { id: `sg-${suffix("sg", args.name)}0000000000`, state: { ...inputs, arn } };
        case "random:index/randomPassword:RandomPassword":
        case "random:index/randomString:RandomString":
            return { id: "none", state: { ...inputs, result: "offline-check-placeholder" } };
        case "random:index/randomId:RandomId": {
            // byteLength deterministic bytes in every encoding the provider returns, so code that decodes them (a SCRAM
            // salt needs 16) gets what the real provider would give it.
            const bytes = createHash("sha256").update(`rid\0${args.name}`).digest().subarray(0, Math.max(1, Math.min(32, Number(inputs.byteLength ?? 8))));
            const b64Std = bytes.toString("base64");
            const b64Url = b64Std.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
            return { id: b64Url, state: { ...inputs, hex: bytes.toString("hex"), b64Url, b64Std, dec: BigInt(`0x${bytes.toString("hex")}`).toString() } };
        }
        case "pulumi:pulumi:StackReference": {
            // A stack left out of --stack-reference-outputs gets no outputs object; reading one fails by name (stack-references.ts).
            const stack = String(inputs.name ?? args.name);
            const outputs = ctx.stackReferenceOutputs?.[stack];
            return { id: stack, state: { name: stack, ...(outputs ? { outputs, secretOutputNames: [] } : {}) } };
        }
        case "random:index/randomPet:RandomPet":
            return { id: `offline-${suffix("pet", args.name)}`, state: inputs };
        default:
            return { id: args.type.startsWith("pulumi:providers:") ? `${args.name}-provider` : id, state: args.type.startsWith("aws:") ? { ...inputs, arn } : inputs };
    }
}
