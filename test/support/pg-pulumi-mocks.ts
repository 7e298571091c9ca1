import * as pulumi from "@pulumi/pulumi";

/** A resource the program registered under `pulumi.runtime.setMocks`. */
export interface RegisteredResource {
    type: string;
    name: string;
    /** Inputs with secret values unwrapped. */
    inputs: Record<string, any>;
    /** The provider reference (`urn::id`) the resource was registered with. */
    provider?: string;
    /** Top-level input names whose values arrived as secrets. */
    secretInputs: string[];
}

/** The engine's marker of a secret value in mock inputs. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function unwrapSecrets(value: any): any {
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (value !== null && typeof value === "object") {
        if (SECRET_SIG in value) {
            return unwrapSecrets(value.value);
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

export const MASTER_SECRET = { username: "hpg_master", password: "master-password-from-secrets-manager" };

/**
 * Mocks the engine: records every registered resource, and answers the managed master secret lookup and the outputs
 * @pulumi/random computes. Returns the list the program fills as it runs.
 */
export function mockPulumi(): RegisteredResource[] {
    const registered: RegisteredResource[] = [];
    pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const secretInputs = Object.entries(args.inputs ?? {})
                    .filter(([, v]) => v !== null && typeof v === "object" && SECRET_SIG in (v as object))
                    .map(([k]) => k);
                registered.push({ type: args.type, name: args.name, inputs: unwrapSecrets(args.inputs), secretInputs, provider: args.provider });
                const computed: Record<string, unknown> = { arn: `arn:aws:mock:${args.name}` };
                if (args.type === "random:index/randomPassword:RandomPassword") {
                    computed.result = `pw${"x".repeat(30)}`;
                }
                if (args.type === "random:index/randomId:RandomId") {
                    computed.b64Std = Buffer.alloc(16, 7).toString("base64");
                }
                return { id: `${args.name}-id`, state: { ...args.inputs, ...computed } };
            },
            call: (args) => {
                if (args.token === "aws:secretsmanager/getSecretVersion:getSecretVersion") {
                    return { ...args.inputs, secretString: JSON.stringify(MASTER_SECRET) };
                }
                return args.inputs;
            },
        },
        "hardened-postgres",
        "test",
        false,
    );
    return registered;
}

/** The value of an output (test only). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

/** Whether an output is marked secret. */
export function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
    return (output as unknown as { isSecret: Promise<boolean> }).isSecret;
}
