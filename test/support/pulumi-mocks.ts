import * as vm from "vm";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_MOCK_CLOUD, mockCall } from "../../policies/offline-check/mock-cloud";

/** A resource as the mock runtime saw it: resolved inputs, plus the options captured by a transformation. */
export interface RecordedResource {
    type: string;
    name: string;
    /** Inputs, with secret values unwrapped. */
    inputs: Record<string, any>;
    /** Top-level input names whose values arrived as secrets. */
    secretInputs: string[];
    /** The provider reference (`urn::id`) the resource was registered with. */
    provider?: string;
    opts?: pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions;
}

export const MOCK_ACCOUNT = DEFAULT_MOCK_CLOUD.accountId;
export const MOCK_REGION = DEFAULT_MOCK_CLOUD.region;

/** The RDS-managed master secret, as the data source answers in the offline `check` command. */
export const MASTER_SECRET: { username: string; password: string } = JSON.parse(
    String(mockCall(DEFAULT_MOCK_CLOUD, { token: "aws:secretsmanager/getSecretVersion:getSecretVersion", inputs: {} } as pulumi.runtime.MockCallArgs).secretString),
);

/** The engine's marker of a secret value in mock inputs. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

const isSecretValue = (value: unknown): boolean => value !== null && typeof value === "object" && SECRET_SIG in value;

function unwrapSecrets(value: any): any {
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (value !== null && typeof value === "object") {
        return isSecretValue(value) ? unwrapSecrets(value.value) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

/**
 * Installs Pulumi's mock runtime and records every registered resource. Computed outputs get simple, predictable
 * values (ARNs, the RDS address and managed secret, random values) that tests assert exactly; data sources answer as
 * `check` does.
 */
export class PulumiRecorder {
    readonly resources: RecordedResource[] = [];
    private readonly optionsByName = new Map<string, pulumi.CustomResourceOptions>();

    install(stack = "test", preview = false): this {
        pulumi.runtime.setMocks(
            {
                newResource: (args: pulumi.runtime.MockResourceArgs) => {
                    const inputs = args.inputs ?? {};
                    this.resources.push({
                        type: args.type,
                        name: args.name,
                        inputs: unwrapSecrets(inputs),
                        secretInputs: Object.keys(inputs).filter((k) => isSecretValue(inputs[k])),
                        provider: args.provider,
                        opts: this.optionsByName.get(`${args.type}::${args.name}`),
                    });
                    return { id: `${args.name}-id`, state: computedState(args.type, args.name, inputs) };
                },
                // Data sources answer as in the offline `check` command.
                call: (args: pulumi.runtime.MockCallArgs) => mockCall(DEFAULT_MOCK_CLOUD, args),
            },
            "hardened-postgres",
            stack,
            preview,
        );
        return this;
    }

    /** A transformation that records each resource's options; pass it in the root resource's `transformations`. */
    readonly captureOptions: pulumi.ResourceTransformation = (args) => {
        this.optionsByName.set(`${args.type}::${args.name}`, args.opts as pulumi.CustomResourceOptions);
        return undefined;
    };

    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    one(type: string, name: string): RecordedResource {
        const found = this.resources.find((r) => r.type === type && r.name === name);
        if (!found) {
            throw new Error(`no ${type} named ${name}; recorded: ${this.resources.map((r) => `${r.type}::${r.name}`).join(", ")}`);
        }
        return found;
    }

    /** Resolves once registrations have stopped arriving (the mock monitor answers asynchronously). */
    async settle(): Promise<void> {
        let last = -1;
        let stableTicks = 0;
        while (stableTicks < 5) {
            await new Promise((r) => setTimeout(r, 5));
            stableTicks = this.resources.length === last ? stableTicks + 1 : 0;
            last = this.resources.length;
        }
    }
}

/** The value of an Output, for assertions. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Whether an output is marked secret. */
export function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
    return (output as unknown as { isSecret: Promise<boolean> }).isSecret;
}

/**
 * The distinct errors a program run leaves unhandled, as `pulumi up` sees them. A resource whose input Output fails is
 * never registered; its promises reject with nobody awaiting them, and Pulumi's process-wide handler (cmd/run) reports
 * the error and fails the deployment. Jest gives each test file its own `process` copy, so the handler goes on the
 * real one, in place of jest's own (which would fail the test) while `run` lasts.
 */
export async function unhandledErrorsDuring(run: () => Promise<void>): Promise<unknown[]> {
    const realProcess = vm.runInThisContext("process") as NodeJS.Process;
    const jestHandlers = realProcess.listeners("unhandledRejection");
    const reasons = new Set<unknown>();
    const record = (reason: unknown) => void reasons.add(reason);
    realProcess.removeAllListeners("unhandledRejection");
    realProcess.on("unhandledRejection", record);
    try {
        await run();
        // Node reports a rejection as unhandled only after the microtasks that could handle it: wait until none arrive.
        let seen = -1;
        for (let quiet = 0; quiet < 5; ) {
            await new Promise((r) => setTimeout(r, 5));
            quiet = reasons.size === seen ? quiet + 1 : 0;
            seen = reasons.size;
        }
    } finally {
        realProcess.off("unhandledRejection", record);
        for (const handler of jestHandlers) {
            realProcess.on("unhandledRejection", handler as (...args: unknown[]) => void);
        }
    }
    return [...reasons];
}

function computedState(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
    const service = type.split(":")[1]?.split("/")[0] ?? "unknown";
    const state: Record<string, any> = { ...inputs, arn: `arn:aws:${service}:${MOCK_REGION}:${MOCK_ACCOUNT}:${name}` };
    if (type === "aws:kms/key:Key") {
        state.keyId = `${name}-key-id`;
        state.arn = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT}:key/${name}-key-id`;
    }
    if (type === "aws:rds/instance:Instance") {
        state.address = `${inputs.identifier}.c0ffee.${MOCK_REGION}.rds.amazonaws.com`;
        state.port = 5432;
        state.masterUserSecrets = [{ secretArn: `arn:aws:secretsmanager:${MOCK_REGION}:${MOCK_ACCOUNT}:secret:rds!db-${inputs.identifier}`, kmsKeyId: inputs.masterUserSecretKmsKeyId, secretStatus: "active" }];
    }
    if (inputs.name === undefined && inputs.namePrefix !== undefined) {
        state.name = `${inputs.namePrefix}20261122`;
    }
    if (type === "aws:iam/role:Role" && inputs.name === undefined) {
        state.name = `${name}-role`;
    }
    if (type === "random:index/randomPassword:RandomPassword") {
        state.result = `pw${"x".repeat(30)}`;
    }
    if (type === "random:index/randomId:RandomId") {
        state.b64Std = Buffer.alloc(16, 7).toString("base64");
        state.hex = Buffer.alloc(Number(inputs.byteLength ?? 16), 7).toString("hex");
    }
    return state;
}
