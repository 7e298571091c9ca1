import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_MOCK_CLOUD, mockCall } from "../../policies/offline-check/mock-cloud";

/** A resource as the mock runtime saw it: resolved inputs, plus the options captured by a transformation. */
export interface RecordedResource {
    type: string;
    name: string;
    inputs: Record<string, any>;
    opts?: pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions;
}

export const MOCK_ACCOUNT = DEFAULT_MOCK_CLOUD.accountId;
export const MOCK_REGION = DEFAULT_MOCK_CLOUD.region;

/**
 * Installs Pulumi's mock runtime and records every registered resource. Computed outputs get simple, predictable
 * values (ARNs, the RDS address and managed secret) that tests assert exactly; data sources answer as `check` does.
 */
export class PulumiRecorder {
    readonly resources: RecordedResource[] = [];
    private readonly optionsByName = new Map<string, pulumi.CustomResourceOptions>();

    install(stack = "test", preview = false): this {
        pulumi.runtime.setMocks(
            {
                newResource: (args: pulumi.runtime.MockResourceArgs) => {
                    this.resources.push({ type: args.type, name: args.name, inputs: args.inputs, opts: this.optionsByName.get(`${args.type}::${args.name}`) });
                    return { id: `${args.name}-id`, state: computedState(args.type, args.name, args.inputs) };
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
    return state;
}
