import * as pulumi from "@pulumi/pulumi";
import { createEncryptionKey, EncryptionKeySettings } from "../../../components/hardened-postgres/encryption-key";
import { keyPolicyDocument } from "../../../components/hardened-postgres/key-policy";
import { MOCK_ACCOUNT, MOCK_REGION, PulumiRecorder, unhandledErrorsDuring, valueOf } from "../../support/pulumi-mocks";

const recorder = new PulumiRecorder().install();

const settings = (name: string, more: Partial<EncryptionKeySettings> = {}): EncryptionKeySettings => ({
    identifier: name,
    retainOnDelete: true,
    tags: { team: "data" },
    dataClassification: "phi",
    posture: "hipaa",
    optOuts: {},
    ...more,
});
const TAGS = { team: "data", "data-classification": "phi", "compliance-posture": "hipaa", "managed-by": "hardened-postgres" };

function parentNamed(name: string): pulumi.ComponentResource {
    return new pulumi.ComponentResource("test:index:Parent", name, {}, { transformations: [recorder.captureOptions] });
}

/** How an Output settled: its value, or the error it failed with (Output hides its promise from the public API). */
async function settled<T>(output: pulumi.Output<T>): Promise<{ value?: T; error?: unknown }> {
    return (output as unknown as { promise(): Promise<T> }).promise().then(
        (value) => ({ value }),
        (error) => ({ error }),
    );
}

describe("createEncryptionKey", () => {
    it("creates a key with yearly rotation, a 30-day deletion window and the scoped policy, retained on delete, with an alias", async () => {
        const key = createEncryptionKey("orders", settings("orders-db"), parentNamed("orders"));
        expect(await valueOf(key.keyArn)).toBe(`arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT}:key/orders-key-key-id`);
        await recorder.settle();
        const recorded = recorder.one("aws:kms/key:Key", "orders-key");
        expect(recorded.inputs).toEqual({
            description: "hardened-postgres orders-db: storage, snapshots, logs, Performance Insights and master secret",
            enableKeyRotation: true,
            rotationPeriodInDays: 365,
            deletionWindowInDays: 30,
            policy: keyPolicyDocument({ accountId: MOCK_ACCOUNT, region: MOCK_REGION, partition: "aws", dnsSuffix: "amazonaws.com", identifier: "orders-db" }),
            tags: TAGS,
        });
        expect(recorded.opts?.retainOnDelete).toBe(true);
        expect(recorder.one("aws:kms/alias:Alias", "orders-key-alias").inputs).toEqual({ name: "alias/hardened-postgres/orders-db", targetKeyId: "orders-key-key-id" });
    });

    it("lets the key be deleted with the stack when retainOnDelete is false", async () => {
        createEncryptionKey("ci", settings("ci-db", { retainOnDelete: false }), parentNamed("ci"));
        await recorder.settle();
        expect(recorder.one("aws:kms/key:Key", "ci-key").opts?.retainOnDelete).toBe(false);
    });

    it("adopts an existing customer-managed key, plain or from an Output, and creates no KMS resource", async () => {
        const arn = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const plain = createEncryptionKey("byok", settings("byok-db", { kmsKeyArn: arn }), parentNamed("byok"));
        const later = createEncryptionKey("byok-later", settings("byok-later-db", { kmsKeyArn: pulumi.output(Promise.resolve(arn)) }), parentNamed("byok-later"));
        expect([await valueOf(plain.keyArn), await valueOf(later.keyArn)]).toEqual([arn, arn]);
        expect([plain.key, plain.alias, later.key, later.alias]).toEqual([undefined, undefined, undefined, undefined]);
        await recorder.settle();
        expect(recorder.resources.filter((r) => r.name.startsWith("byok") && r.type.startsWith("aws:kms/"))).toEqual([]);
    });

    it("fails the key ARN with a ResourceError when an Output resolves to an AWS-managed key (HPG-ENC-01)", async () => {
        const arn = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT}:alias/aws/rds`;
        let outcome: { value?: string; error?: unknown } = {};
        const unhandled = await unhandledErrorsDuring(async () => {
            const key = createEncryptionKey("managed", settings("managed-db", { kmsKeyArn: pulumi.output(Promise.resolve(arn)) }), parentNamed("managed"));
            outcome = await settled(key.keyArn);
        });
        expect(outcome.value).toBeUndefined();
        expect(outcome.error).toBeInstanceOf(pulumi.ResourceError);
        expect((outcome.error as pulumi.ResourceError).message).toBe(
            [
                "hardened-postgres 'managed' has invalid arguments:",
                `  [kmsKeyArn] '${arn}' is an AWS-managed key (HPG-ENC-01); allowed: a customer-managed key ARN, or omit it to create one`,
            ].join("\n"),
        );
        expect((outcome.error as pulumi.ResourceError).hideStack).toBe(true);
        // What Pulumi's own handler would report: this one error, however many promises carry it.
        expect(unhandled).toHaveLength(1);
        expect(unhandled[0]).toBe(outcome.error);
    });
});
