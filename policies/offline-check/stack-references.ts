import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";

/** `--stack-reference-outputs` content: per referenced stack (`org/project/stack`, as the program names it), its outputs. */
export type StackReferenceOutputs = Record<string, Record<string, unknown>>;

/** The resource type of `new pulumi.StackReference(...)`, which the runtime reads rather than registers. */
export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** Reads and checks a `--stack-reference-outputs` file; throws an Error whose message names the file and what is wrong. */
export function readStackReferenceOutputs(file: string): StackReferenceOutputs {
    let doc: unknown;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
    if (!isObject(doc)) {
        throw new Error(`${file}: expected an object mapping each referenced stack's name to its outputs, e.g. {"acme/network/prod": {"vpcId": "vpc-0a1b"}}`);
    }
    for (const [stack, outputs] of Object.entries(doc)) {
        if (!isObject(outputs)) {
            throw new Error(`${file}: [${stack}] must be an object of that stack's outputs`);
        }
    }
    return doc as StackReferenceOutputs;
}

/** An output of a referenced stack that this offline run was not given. */
export class UnknownStackReferenceOutputError extends Error {
    constructor(stack: string, output: string) {
        super(`stack reference '${stack}': output '${output}' is not known offline; give the stack's outputs with --stack-reference-outputs <file.json> ({"${stack}": {"${output}": …}})`);
        this.name = "UnknownStackReferenceOutputError";
    }
}

const promiseOf = <T>(output: pulumi.Output<T>): Promise<T> => (output as unknown as { promise(): Promise<T> }).promise();

/**
 * Makes every output read from `reference` fail, naming the stack and the output, when `outputs` has no entry for its
 * stack (`stackName`, as the program passed it). Without this, `getOutput` would read from an outputs object the
 * offline run doesn't have.
 */
export function failUnknownOutputs(reference: pulumi.StackReference, stackName: pulumi.Input<string>, outputs: StackReferenceOutputs): void {
    const known = (stack: string) => Object.prototype.hasOwnProperty.call(outputs, stack);
    if (typeof stackName === "string" && known(stackName)) {
        return;
    }
    // The stack's name, once known; undefined when its outputs were given after all.
    const unknownStack = async (): Promise<string | undefined> => {
        const stack = await promiseOf(pulumi.output(stackName));
        return known(stack) ? undefined : stack;
    };
    const { getOutput, requireOutput, getOutputDetails, getOutputValue, requireOutputValue } = reference;
    // An async function's rejection, not a throwing apply: an apply's Output leaves rejections nobody handles.
    const guardOutput =
        (original: (name: pulumi.Input<string>) => pulumi.Output<unknown>) =>
        (name: pulumi.Input<string>): pulumi.Output<unknown> =>
            typeof stackName === "string"
                ? pulumi.output(
                      (async () => {
                          throw new UnknownStackReferenceOutputError(stackName, await promiseOf(pulumi.output(name)));
                      })(),
                  )
                : pulumi.output(
                      (async () => {
                          const stack = await unknownStack();
                          if (stack !== undefined) {
                              throw new UnknownStackReferenceOutputError(stack, await promiseOf(pulumi.output(name)));
                          }
                          return promiseOf(original.call(reference, name));
                      })(),
                  );
    const guardValue =
        <T>(original: (name: string) => Promise<T>) =>
        async (name: string): Promise<T> => {
            const stack = await unknownStack();
            if (stack !== undefined) {
                throw new UnknownStackReferenceOutputError(stack, name);
            }
            return original.call(reference, name);
        };
    Object.assign(reference, {
        getOutput: guardOutput(getOutput),
        requireOutput: guardOutput(requireOutput),
        getOutputDetails: guardValue(getOutputDetails),
        getOutputValue: guardValue(getOutputValue),
        requireOutputValue: guardValue(requireOutputValue),
    });
}
