import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { ControlPolicy, controlMetadata, violation } from "../../kit/plan/control-policy";
import { control } from "./control";

/** Only symmetric encryption keys can rotate automatically (KMS EnableKeyRotation). */
const SYMMETRIC_KEY_SPEC = "SYMMETRIC_DEFAULT";

/** HPG-ENC-02: customer-managed symmetric keys rotate their key material automatically. */
export const kmsKeyRotation: ControlPolicy = {
    name: "hpg-enc-02-kms-key-rotation",
    judges: "`aws.kms.Key` (symmetric): `enableKeyRotation`",
    ...controlMetadata(control),
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, reportViolation) => {
        const spec = key.customerMasterKeySpec ?? SYMMETRIC_KEY_SPEC;
        if (spec !== SYMMETRIC_KEY_SPEC) {
            args.notApplicable(`key spec '${spec}' cannot rotate automatically`);
        }
        if (key.enableKeyRotation !== true) {
            reportViolation(violation(control.id, "KMS key", args.name, "enableKeyRotation is not true", "set enableKeyRotation: true"));
        }
    }),
};
