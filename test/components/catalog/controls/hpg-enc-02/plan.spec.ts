import * as aws from "@pulumi/aws";
import { kmsKeyRotation as policy } from "../../../../../components/catalog/controls/hpg-enc-02/plan";
import { lines, resource, validateResource } from "../../../../support/policy-harness";

describe("hpg-enc-02-kms-key-rotation", () => {
    it("passes a rotating symmetric key", async () => {
        expect(await validateResource(policy, resource(aws.kms.Key, "db-key", { enableKeyRotation: true }))).toEqual([]);
    });

    it.each([
        ["rotation off", { enableKeyRotation: false }],
        ["rotation unset", { customerMasterKeySpec: "SYMMETRIC_DEFAULT" }],
    ])("blocks %s", async (_case, props) => {
        expect(lines(await validateResource(policy, resource(aws.kms.Key, "db-key", props)))).toEqual([
            "mandatory [HPG-ENC-02] KMS key 'db-key': enableKeyRotation is not true; set enableKeyRotation: true",
        ]);
    });

    it("does not judge asymmetric keys, which cannot rotate", async () => {
        expect(await validateResource(policy, resource(aws.kms.Key, "signing", { customerMasterKeySpec: "RSA_3072", keyUsage: "SIGN_VERIFY" }))).toEqual([]);
    });
});
